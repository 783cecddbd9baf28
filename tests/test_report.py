"""`eventcoder report`: the self-contained HTML page for one article."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eventcoder.records import Actor, Amount, Article, CodedArticle, Event, Evidence, Flags
from eventcoder.report import build_report, segments

ROOT = Path(__file__).resolve().parents[1]
ACCEPTANCE = ROOT.parent / "shared" / "acceptance"

# Our own text: an alliance summit, three member states block a partner's leader, a request
# for EUR 20 billion, a demand for 3% of GDP, one denied aid decision and a trailer line.
SUMMIT = (
    "Alliance leaders gathered in Vilnius for a two-day NATO summit. Moldova's president tried "
    "to join the closing session, but he was blocked by Hungary, Slovakia and Turkey. Moldova "
    "asked the European Union for €20 billion in reconstruction support. Mark Rutte urged "
    "member states to spend 3% of GDP on defence. Germany did not send military aid to Moldova, "
    "a spokesman said. A delegate typed <script>alert(1)</script> into the chat.\n\n"
    "Mirrored - Some Outlet\n"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Checker(HTMLParser):
    """Checks that tags nest and close; collects text, marked spans and section texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.marks: list[dict] = []  # {"classes", "ev", "text"}
        self.sections: dict[str, list[str]] = {}
        self.article: list[str] | None = None
        self.article_depth = 0
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.spans: list[bool] = []  # open <span>s: is it a mark?

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "section":
            self.sections[a.get("id", "")] = []
        if tag == "div" and a.get("class") == "article":
            self.article, self.article_depth = [], len(self.stack)
        if tag == "span":
            is_mark = "mk" in (a.get("class") or "").split()
            if is_mark and any(self.spans):
                self.errors.append("a mark inside a mark")
            self.spans.append(is_mark)
            if is_mark:
                self.marks.append({"classes": a["class"].split(),
                                   "ev": a.get("data-ev", "").split(), "text": "",
                                   **{r: a.get(f"data-{r}", "").split()
                                      for r in ("trigger", "actor", "recipient")}})

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        if tag == "div" and self.article is not None and len(self.stack) == self.article_depth:
            self.article_depth = -1
        if tag == "span":
            self.spans.pop()
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "section" in self.stack and self.sections:
            list(self.sections.values())[-1].append(data)  # sections do not nest
        if self.article is not None and self.article_depth > 0:
            self.article.append(data)
        if self.spans and self.spans[-1] and self.article_depth > 0:
            self.marks[-1]["text"] += data


def check(page: str) -> Checker:
    c = Checker()
    c.feed(page)
    c.close()
    assert not c.errors, c.errors[:5]
    assert not c.stack, f"unclosed tags: {c.stack}"
    return c


def section(c: Checker, name: str) -> str:
    return " ".join("".join(c.sections[name]).split())


@pytest.fixture(scope="session")
def report_coder():
    from eventcoder import Coder, CoderOptions

    return Coder(CoderOptions(include_flagged=True))


@pytest.fixture(scope="module")
def summit(report_coder):
    result = report_coder.code(Article(text=SUMMIT, date=date(2025, 6, 25), source="Test Wire"))
    page = build_report(result, report_coder.knowledge, settings=report_coder.options,
                        generated=datetime(2025, 7, 1, 12, 0))
    return result, page, check(page)


def test_page_is_well_formed_and_self_contained(summit):
    _, page, c = summit
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    for tag, attrs in c.tags:
        assert not (tag in ("script", "img", "iframe") and "src" in attrs), (tag, attrs)
        assert tag != "link", attrs
    assert all(h.startswith("#") for h in c.hrefs), c.hrefs
    assert "@import" not in page and "url(http" not in page


def test_article_text_is_escaped_and_unchanged(summit):
    result, page, c = summit
    assert page.count("<script") == 1  # ours; the article's is text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "".join(c.article) == result.article.text  # marking adds no and drops no text


def test_header_shows_outlet_date_and_provenance(summit):
    _, _, c = summit
    text = " ".join("".join(c.text).split())
    assert "mirrored from Some Outlet" in text
    assert "Test Wire" in text and "2025-06-25" in text


def test_a_trailer_naming_the_outlet_itself_is_not_shown_as_a_mirror(summit):
    import dataclasses

    result, _, _ = summit
    own = dataclasses.replace(result, article=dataclasses.replace(
        result.article, source="www.SomeOutlet.com"))
    text = " ".join("".join(check(build_report(own)).text).split())
    assert "mirrored from" not in text and "its closing line names this outlet" in text
    assert "www.SomeOutlet.com" in text


def test_trigger_marks_match_the_offsets(summit):
    result, _, c = summit
    events = result.events + result.flagged
    assert events
    for ev in events:
        a, b = ev.evidence.trigger
        got = "".join(m["text"] for m in c.marks if ev.id in m["trigger"])
        assert got == result.article.text[a:b] == ev.evidence.trigger_text
        assert f"ev-{ev.id}" in c.ids  # the anchor the table links to
        assert f"#ev-{ev.id}" in c.hrefs


def test_denied_statement_is_marked_and_listed(summit):
    result, _, c = summit
    denied = [e for e in result.flagged if e.flags.negated]
    assert denied and {e.type for e in denied} == {"AID"}
    ids = {e.id for e in denied}
    assert any("denied" in m["classes"] and ids & set(m["ev"]) for m in c.marks)
    listed = section(c, "flagged")
    assert "Germany did not send military aid to Moldova" in listed
    assert "DEU → MDA" in listed and "denied" in listed
    assert "Germany did not send" not in section(c, "commitments")


def test_blockers_are_listed(summit):
    _, _, c = summit
    text = section(c, "blocking")
    for code in ("HUN", "SVK", "TUR"):
        assert f"{code} → MDA (REJECT" in text


def test_amounts_are_grouped(summit):
    _, page, c = summit
    text = section(c, "commitments")
    assert "€20 billion" in text and "3% of GDP" in text
    requested = text.split("Requested", 1)[1].split("Demanded", 1)
    assert "€20 billion" in requested[0] and "3% of GDP" in requested[1]
    assert "MDA → EU" in text


def test_graph_and_alliance_members(summit):
    _, page, c = summit
    assert "<svg" in page and "</svg>" in page and "marker-end" in page
    graph = section(c, "graph")
    assert "NATO members: DEU, HUN, SVK, TUR" in graph


def test_footer(summit):
    _, _, c = summit
    text = " ".join("".join(c.text).split())
    assert "eventcoder 0." in text and "include_flagged=True" in text
    assert "2025-07-01 12:00:00" in text


# ---- built by hand: overlapping spans, date-aware membership --------------------------------

def _event(eid: str, src: tuple[str, int, int], tgt: tuple[str, int, int] | None,
           trig: tuple[int, int], text: str, day: date, type_: str = "REJECT",
           flags: Flags | None = None, amounts: tuple[Amount, ...] = ()) -> Event:
    source = Actor(src[0], None, src[0], text[src[1]:src[2]], None, src[1], src[2])
    target = Actor(tgt[0], None, tgt[0], text[tgt[1]:tgt[2]], None, tgt[1], tgt[2]) if tgt else None
    return Event(
        id=eid, date=day, type=type_, mode=None, contexts=(), quad_class=3, score=-4.0,
        source=source, target=target, amounts=amounts, location=None, flags=flags or Flags(),
        confidence=0.9, evidence=Evidence(text, 0, trig, src[1:], tgt[1:] if tgt else None,
                                          "test.rule", text[trig[0]:trig[1]]))


def test_overlapping_spans_split_cleanly():
    text = "Hungary and Slovakia blocked <b>Poland</b> & Ukraine."
    day = date(2000, 1, 1)
    hun = text.index("Hungary")
    svk = text.index("Slovakia")
    blk = text.index("blocked")
    pol = text.index("Poland")
    ukr = text.index("Ukraine")
    events = [
        # an actor span that runs over the trigger, and a trigger inside a recipient span
        _event("e1", ("HUN", hun, svk + 8), ("POL", pol, pol + 6), (blk, blk + 7), text, day),
        _event("e2", ("SVK", svk, svk + 8), ("UKR", blk + 3, ukr + 7), (blk, blk + 7), text, day,
               flags=Flags(negated=True, cue="not")),
        _event("e3", ("POL", pol, pol + 6), ("HUN", hun, hun + 7), (pol + 2, pol + 4), text, day,
               type_="AID", amounts=(Amount(5e6, "currency", "EUR", "€5 million"),)),
        _event("e4", ("SVK", svk, svk + 8), None, (len(text) + 5, len(text) + 9), text, day),
    ]
    result = CodedArticle(Article(text=text, date=day), events=events[:1] + events[2:],
                          flagged=events[1:2])
    page = build_report(result)
    c = check(page)
    assert "".join(c.article) == text
    assert "&lt;b&gt;Poland&lt;/b&gt;" in page
    assert segments(text, []) == [(0, len(text), [])]
    # every span comes out whole, in order, split into flat pieces where others overlap it
    for ev in events[:3]:
        for role, span in (("trigger", ev.evidence.trigger), ("actor", ev.evidence.source),
                           ("recipient", ev.evidence.target)):
            got = "".join(m["text"] for m in c.marks if ev.id in m[role])
            assert got == text[span[0]:span[1]], (ev.id, role)
    assert any("denied" in m["classes"] and "e2" in m["ev"] for m in c.marks)
    assert "ev-e4" in c.ids  # an event with bad offsets keeps its anchor, gets no mark
    # NATO on 1 January 2000: Hungary and Poland were members, Slovakia not yet (2004)
    graph = section(c, "graph")
    assert "NATO members: HUN, POL" in graph
    assert "SVK" not in graph.split("NATO members:", 1)[1].split("(", 1)[0]
    assert "€5 million" in section(c, "commitments")


def test_empty_result_renders():
    page = build_report(CodedArticle(Article(text="")))
    c = check(page)
    assert "No events were coded" in " ".join(c.text)


# ---- the command ---------------------------------------------------------------------------

def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", "report", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_the_page(tmp_path):
    article = tmp_path / "summit.txt"
    article.write_text(SUMMIT, encoding="utf-8")
    out = tmp_path / "summit.html"
    proc = _run(str(article), "--date", "2025-06-25", "--source", "Test Wire", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stderr and re.search(r"\d+ events", proc.stderr)
    page = out.read_text(encoding="utf-8")
    check(page)
    assert "mirrored from <b>Some Outlet</b>" in page


def test_cli_reads_stdin(tmp_path):
    out = tmp_path / "stdin.html"
    proc = _run("-", "--date", "2025-06-25", "-o", str(out), stdin=SUMMIT)
    assert proc.returncode == 0, proc.stderr
    assert "€20 billion" in out.read_text(encoding="utf-8")


def test_cli_bad_date_and_missing_file(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SUMMIT, encoding="utf-8")
    proc = _run(str(article), "--date", "2025-02-30", "-o", str(tmp_path / "x.html"))
    assert proc.returncode == 2
    assert "not a date" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.html").exists()
    proc = _run(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "y.html"))
    assert proc.returncode == 2
    assert "cannot read" in proc.stderr and "Traceback" not in proc.stderr


# ---- the shared acceptance article ---------------------------------------------------------

def test_acceptance_article(report_coder):
    path = ACCEPTANCE / "hague-summit-2025.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    result = report_coder.code(Article(text=path.read_text(encoding="utf-8"),
                                       date=date(2025, 6, 25), source="South Front"))
    page = build_report(result, report_coder.knowledge, settings=report_coder.options)
    c = check(page)
    assert "http://" not in page and "https://" not in page
    blocking = section(c, "blocking")
    for code in ("HUN", "SVK", "USA", "TUR"):
        assert f"{code} → UKR (REJECT, meet)" in blocking
    commitments = section(c, "commitments")
    assert "€150 billion" in commitments and "5% of GDP" in commitments
    assert "GBR → UKR" in commitments
    # its trailer ("Mirrored - South Front") names the outlet it is coded for: no mirror
    flat = " ".join("".join(c.text).split())
    assert "outlet: South Front" in flat and "mirrored from" not in flat
    assert "NATO members: GBR, HUN, SVK, TUR, USA" in section(c, "graph")
    denied = "".join(c.sections["flagged"]).split("Denied (negated)", 1)[1].split("Hypothetical")[0]
    assert result.flagged and "The text denies nothing" not in denied
    assert any(e.evidence.sentence.strip() in " ".join(denied.split())
               for e in result.flagged if e.flags.negated)


def test_an_undated_article_and_its_rule_chains_render():
    import dataclasses

    from test_record_schema import full_event

    e = dataclasses.replace(full_event(), date=None)
    fact = dataclasses.replace(e, id="f1", flags=dataclasses.replace(
        e.flags, negated=False, hypothetical=False))
    page = build_report(CodedArticle(Article(text="Some words here.", id="x"), events=[fact],
                                     flagged=[e], warnings=["the article has no date"]))
    assert "undated" in page and "date: <b>not given</b>" in page
    assert "the article has no date" in page
    assert " → ".join(e.evidence.rule_chain).replace("<", "&lt;").replace(">", "&gt;") in page
    assert e.source.group.replace("<", "&lt;").replace(">", "&gt;") in page
