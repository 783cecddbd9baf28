from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder():
    from eventcoder import Coder

    return Coder()


@pytest.fixture(scope="session")
def coder_flagged():
    from eventcoder import Coder, CoderOptions

    return Coder(CoderOptions(include_flagged=True))


def write_feed(path: Path, n: int, seed: int, prefix: str, day: str = "2024-03-01",
               outlets: int = 7) -> None:
    """A JSON lines corpus of `n` generated short articles (benchmarks/corpus.py)."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import articles

    with path.open("w") as fh:
        for i, text in enumerate(articles(n, seed=seed, paragraphs=(1, 2))):
            fh.write(json.dumps({"id": f"{prefix}{i:05d}", "text": text, "date": day,
                                 "source": f"Outlet {i % outlets}"}) + "\n")


def dyads(events) -> set[tuple]:
    return {(e.type, e.source.code, e.target.code if e.target else None) for e in events}


def coded_dyads(coder, text: str, day: str = "2024-05-01") -> set[tuple]:
    """The (type, source, target) of every event `coder` gives for `text`, dated `day`."""
    return dyads(coder.code_text(text, date=day))


def candidates_with(coder, text: str, date: str = "2025-06-01", cues=None, conventions=None):
    """The extractor's candidates for `text` (before they become records), coded with other
    cue words or conventions than the bundled ones."""
    import datetime

    from eventcoder.extract.conventions import default_conventions
    from eventcoder.extract.cues import default_cues
    from eventcoder.extract.extractor import EventExtractor
    from eventcoder.extract.lexicon import default_lexicon

    day = datetime.date.fromisoformat(date)
    nlp = coder.nlp
    doc = nlp.make_doc(text)
    doc._.article_date = day
    with nlp.select_pipes(disable=["eventcoder_events"]):
        doc = nlp(doc)
    extractor = EventExtractor(default_lexicon(), cues or default_cues(),
                               conventions or default_conventions(), coder.knowledge)
    return extractor.extract(doc, doc._.actor_mentions)


def code_with(coder, text: str, date: str = "2025-06-01", cues=None, conventions=None):
    """Events (facts and flagged) of `text`, coded with other cue words or conventions than
    the bundled ones: the coder's parse and actors, an extractor built from the given data."""
    import datetime

    from eventcoder.dedupe import dedupe
    from eventcoder.event_records import EventBuilder

    builder = EventBuilder(coder.knowledge)
    day = datetime.date.fromisoformat(date)
    return dedupe([e for c in candidates_with(coder, text, date, cues, conventions)
                   for e in builder.events(c, "test", day, None)])


def candidate_matches(cand, want: dict) -> bool:
    """A candidate of the wanted type whose actors and recipients include the wanted codes
    (a candidate without actors matches a `want` that names none)."""
    if cand.type != want["type"]:
        return False
    if "source" in want and want["source"] not in {a.code for a in cand.sources}:
        return False
    if want.get("target") and want["target"] not in {a.code for a in cand.targets}:
        return False
    return True


def matches(event, want: dict) -> bool:
    """An event has every field `want` names (type, source, target, mode, rule, flags)."""
    flags = {n for n in ("negated", "hypothetical", "future", "reported")
             if getattr(event.flags, n)}
    got = {"type": event.type, "source": event.source.code,
           "target": event.target.code if event.target else None, "mode": event.mode,
           "rule": event.evidence.rule}
    for key, value in want.items():
        if key == "flags":
            if set(value) - flags:
                return False
            if not {"negated", "hypothetical"} & set(value) and not event.flags.is_fact():
                return False
        elif got[key] != value:
            return False
    if "flags" not in want and not event.flags.is_fact():
        return False
    return True
