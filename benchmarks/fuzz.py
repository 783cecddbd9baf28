"""Fuzz eventcoder: throw thousands of hostile inputs at ingestion and at the coder.

    python benchmarks/fuzz.py --examples 5000 --seconds 600 --seed 1

Two targets, fed by plain `random` (no hypothesis: this has to be fast):

* ingest: temp files (random bytes, invalid UTF-8, over-long lines, deeply nested or broken
  HTML, JSON that is not an object, control/RTL/zero-width characters, NUL bytes, mixed
  encodings, gzip garbage, empty files, odd paths, stdin) go through `read_inputs` + `ingest`
  into a temporary DuckDB, many inputs per `ingest` call so the model loads once. An item
  recorded in the failures table is the expected outcome for bad input, not a crash.
* coder: `Coder.code` on random text and on news-like sentences mutated by byte flips,
  control/RTL/zero-width insertions, truncation and repetition (up to 1 MB).

A crash is any exception escaping `ingest` or `Coder.code`. For the coder, results are also
checked (lists returned, evidence offsets inside the text, text[trigger] == trigger_text,
finite non-negative amounts); a failed check is an invariant violation. The run prints a
summary and exits 1 on any crash or violation, showing the first one (input repr, truncated,
and its traceback). The same --seed gives the same inputs.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import os
import random
import re
import sys
import tempfile
import time
import traceback
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TODAY = date(2025, 11, 20)
PUBLISHED = date(2025, 11, 17)
MAX_TEXT_BYTES = 1_000_000  # reader limit in this run: over-long lines stay cheap to make
BIG = 1_000_000  # size of the "repeat to 1 MB" coder inputs

SEEDS = [
    "Poland accused Belarus on Monday of pushing migrants across the shared border.",
    "Warsaw said it would send two thousand more soldiers to the frontier.",
    "The European Union pledged 500 million euros to help Ukraine rebuild its power grid.",
    "Russian drones struck Kyiv overnight, killing three civilians, officials said.",
    "Hungary vetoed the EU's €50 billion aid package for Ukraine on Tuesday.",
    "The United States urged Israel to allow more aid into Gaza, the State Department said.",
    "China and Russia held talks in Beijing last week on energy cooperation.",
    "NATO's secretary general asked members to spend 3.5% of GDP on defence.",
    "Ukraine's foreign minister asked the EU for €20 billion in air-defence support.",
    "Moscow did not attack any NATO territory, the Kremlin said.",
    "Iran threatened to close the Strait of Hormuz if sanctions were tightened.",
    "Protesters gathered outside parliament in Tbilisi on 12 June to denounce the law.",
    "Turkey and Greece agreed to resume talks on maritime borders in March.",
    "Japan and Vietnam signed an agreement on coastguard training in Hanoi on Friday.",
    "The UN Security Council condemned the attack and demanded a ceasefire.",
    "Germany will deliver four Patriot systems to Ukraine, Berlin announced.",
    "Serbian police arrested 40 protesters in Belgrade after clashes on Saturday.",
    "Mirrored - Baltic Ledger",
]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufffe"]
RTL = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
       "\u2067", "\u2068", "\u2069", "\u061c", "وزير الخارجية", "ירושלים", "کابل", "ܐܬܘܪ"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u034f", "\u0301",
              "\u0489", "\u20dd"]
ODD = ["\ufffd", "\U0001f4a5", "\U000e0041", "𝟗𝟗𝟗", "٣٠٠", "Ⅻ", "ﬁ", "ǅ", "İ", "ß", "ﷺ",
       "\u00a0", "\u2011", "\u3000", "、", "。", "…", "“", "”", "«", "»", "\\", '"', "'",
       "$" + "9" * 400 + " billion", "€1,000,000,000,000,000,000 trillion", "1e999 %",
       "on 31 February 99999", "in March 0", "last week of week", "on Tuesday " * 20,
       "&#0;", "&#x110000;", "<script>", "]]>", "{", "}", "[", "]", "\\u0000", "%s%n"]
WORDS = ("the of and to in said minister government troops aid talks Kyiv Moscow EU NATO "
         "sanctions attack pledged accused urged rejected met border police protesters "
         "ceasefire million billion euros dollars percent on Monday last week").split()


# --- generic random helpers -----------------------------------------------------------------


def rand_unicode(rng: random.Random, n: int) -> str:
    """n random code points drawn from a mix of planes (no lone surrogates)."""
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            cp = rng.randrange(0x20, 0x7F)
        elif r < 0.7:
            cp = rng.randrange(0x80, 0x3000)
        elif r < 0.9:
            cp = rng.randrange(0x3000, 0xD800)
        else:
            cp = rng.choice([rng.randrange(0xE000, 0x10000), rng.randrange(0x10000, 0x110000)])
        out.append(chr(cp))
    return "".join(out)


def news(rng: random.Random, k: int | None = None) -> str:
    k = k or rng.randint(1, 6)
    return " ".join(rng.choice(SEEDS) for _ in range(k))


def sprinkle(rng: random.Random, text: str, pool: list[str], n: int) -> str:
    chars = list(text)
    for _ in range(n):
        chars.insert(rng.randint(0, len(chars)), rng.choice(pool))
    return "".join(chars)


def flip_bytes(rng: random.Random, data: bytes, n: int) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(buf))
        buf[i] = rng.randrange(256) if rng.random() < 0.5 else buf[i] ^ (1 << rng.randrange(8))
    return bytes(buf)


# --- coder inputs ---------------------------------------------------------------------------


@dataclass
class Budget:
    big_left: int  # how many 1 MB inputs may still be made (each costs ~40 s to parse)


def mutate(rng: random.Random, text: str, budget: Budget) -> str:
    op = rng.randrange(12)
    if op == 0:  # byte flips, decoded three ways (the last keeps lone surrogates)
        data = flip_bytes(rng, text.encode("utf-8", "surrogatepass"), rng.randint(1, 20))
        how = rng.choice(["replace", "ignore", "surrogateescape"])
        return data.decode("utf-8", how)
    if op == 1:
        return sprinkle(rng, text, CONTROL, rng.randint(1, 30))
    if op == 2:
        return sprinkle(rng, text, RTL, rng.randint(1, 30))
    if op == 3:
        return sprinkle(rng, text, ZERO_WIDTH, rng.randint(1, 60))
    if op == 4:
        return text[:rng.randint(0, len(text))]
    if op == 5:
        return text[rng.randint(0, len(text)):]
    if op == 6:  # repetition: usually a few kB, rarely all the way to 1 MB
        if budget.big_left > 0 and rng.random() < 0.01:
            budget.big_left -= 1
            target = BIG
        else:
            target = rng.choice([500, 2_000, 2_000, 10_000, 10_000, 30_000])
        if not text:
            text = "x"
        return (text * (target // len(text) + 1))[:target]
    if op == 7:  # spaces removed: very long words
        return text.replace(" ", "")
    if op == 8:
        return sprinkle(rng, text, ODD, rng.randint(1, 8))
    if op == 9:  # every character doubled with a combining mark or newline
        sep = rng.choice(["\u0301", "\n", "\r", "\u200b", " "])
        return sep.join(text)
    if op == 10:
        return text.upper() if rng.random() < 0.5 else text.swapcase()
    return text + "\n\n" + rng.choice(["Mirrored - ", "Source: ", "Originally published by ",
                                       "via "]) + rand_unicode(rng, rng.randint(0, 90))


def coder_input(rng: random.Random, budget: Budget) -> str:
    r = rng.random()
    if r < 0.15:
        return rand_unicode(rng, rng.randint(0, 3000))
    if r < 0.25:
        return " ".join(rng.choice(WORDS + ODD + RTL) for _ in range(rng.randint(1, 300)))
    text = news(rng)
    for _ in range(rng.randint(1, 4)):
        text = mutate(rng, text, budget)
        if len(text) > 50_000 and len(text) != BIG:  # keep stacked repetitions affordable
            text = text[:50_000]
    return text


# --- ingest inputs --------------------------------------------------------------------------


@dataclass
class Input:
    """One input of an ingest call: a file to write, or a path/stdin special."""

    name: str  # file name (or "-" for stdin, or a special path kind)
    data: bytes = b""
    kind: str = "file"  # file | stdin | missing | emptydir | dir | badlink

    def describe(self) -> str:
        return f"{self.kind} {self.name!r} ({len(self.data)} bytes): {self.data[:300]!r}"


def jline(obj: object, ascii_only: bool = False) -> bytes:
    return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def hostile_text(rng: random.Random) -> str:
    text = news(rng)
    pool = rng.choice([CONTROL, RTL, ZERO_WIDTH, ODD, CONTROL + RTL + ZERO_WIDTH])
    return sprinkle(rng, text, pool, rng.randint(0, 20))


def bad_html(rng: random.Random) -> bytes:
    body = hostile_text(rng)
    r = rng.randrange(9)
    if r == 0:
        depth = rng.choice([100, 5_000, 50_000])
        html = "<html><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * (
            depth if rng.random() < 0.5 else 0)
    elif r == 1:  # tag soup
        tags = ["<p>", "</p>", "<div", ">", "<", "</", "<!--", "-->", "<![CDATA[", "]]>",
                "<script>", "</script>", "<style>", "&amp", "&#0;", "&#x110000;", "<br/>",
                "<table><tr><td>", "<article>", "</article>", '"', "'", "=", " "]
        html = "".join(rng.choice(tags) if rng.random() < 0.5 else rng.choice(WORDS) + " "
                       for _ in range(rng.randint(1, 400)))
    elif r == 2:
        cs = rng.choice(["utf-16", "utf-7", "bogus", "latin-1", "shift_jis", "utf-32", "",
                         "x" * 300, "utf-8"])
        html = f'<html><head><meta charset="{cs}"></head><body><article><p>{body}</p>'
        enc = rng.choice(["latin-1", "cp1252", "utf-16", "shift_jis", "utf-8"])
        return html.encode(enc, "replace") + bytes([rng.randrange(128, 256)])
    elif r == 3:
        html = f"<html><head><title>{body}</title></head><body></body></html>"
    elif r == 4:
        html = f"<article><h1>{body[:40]}</h1><p>{body}</p></article>"
    elif r == 5:
        html = "<" + rand_unicode(rng, rng.randint(0, 2000))
    elif r == 6:
        html = f"<html><body><script>{body}" + "<" * rng.randint(1, 5000)
    elif r == 7:
        html = (f"<html><head><meta property='og:site_name' content='{rand_unicode(rng, 50)}'>"
                f"<meta name='date' content='{rng.choice(['9999-99-99', '', 'x' * 500])}'>"
                f"</head><body><article><p>{body}</p><p>{body}</p></article></body></html>")
    else:
        html = "<html>" + "<p>" + body + "</p>" * rng.randint(0, 3)
    data = html.encode("utf-8", "surrogatepass")
    return flip_bytes(rng, data, rng.randint(0, 3))


def jsonl_line(rng: random.Random) -> bytes:
    r = rng.randrange(16)
    if r == 0:
        return b"[" * rng.choice([100, 10_000, 100_000]) + b"]" * rng.choice([0, 100, 10_000])
    if r == 1:
        return jline(rng.choice([[1, 2], "text", None, 42, True, 1.5, [], ""]))
    if r == 2:
        return rng.choice([b"1" * 5000, b'{"text": 1e999999}', b'{"text": -1e400}',
                           b'{"text": "x", "id": ' + b"9" * 5000 + b"}", b"NaN", b"-Infinity",
                           b'{"text": "a", "date": 1e400}'])
    if r == 3:
        return flip_bytes(rng, jline({"text": news(rng)}), rng.randint(1, 10))
    if r == 4:
        return jline({"text": news(rng)})[:-rng.randint(1, 20)]  # truncated
    if r == 5:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))).replace(b"\n", b"")
    if r == 6:  # over-long line
        return jline({"text": "A" * (MAX_TEXT_BYTES + rng.randint(1, 100))})
    if r == 7:
        return jline({"html": bad_html(rng).decode("utf-8", "replace"),
                      "url": rng.choice([None, 5, "javascript:alert(1)", "x" * 3000])})
    if r == 8:
        key = rng.choice(["text", "html", "date", "source", "title", "author", "id", "url"])
        value = rng.choice([None, 0, -1, 2**70, 1.5, True, [], {}, [1], {"a": 1}, "", " ",
                            "\x00", "9999-12-31", "0000-00-00", "2024-02-30", "+002024-01-01",
                            "2024-01-01T25:00", "\u202e2024-01-01"])
        obj = {"text": news(rng), key: value} if key != "text" else {key: value}
        return jline(obj)
    if r == 9:
        return jline({"text": hostile_text(rng), "date": "2025-11-01", "source": hostile_text(rng),
                      "title": hostile_text(rng), "author": rand_unicode(rng, 40),
                      "id": rng.choice([None, rng.randrange(-2**63, 2**63), hostile_text(rng)])})
    if r == 10:
        escapes = [b"\\u0000", b"\\ud800\\udfff", b"\\u202e", b"\\ufeff", b"\\u0085",
                   b"\\ud800", b"\\udc80"]  # the last two: lone surrogates
        return b'{"text": "' + hostile_text(rng).encode("utf-8") + b"".join(
            rng.choice(escapes) for _ in range(rng.randint(1, 4))) + b'"}'
    if r == 11:
        return b'{"text": "' + news(rng).encode("latin-1", "replace") + b'\xe9\xff"}'
    if r == 12:
        return b'{"a":' * 5_000 + b"1" + b"}" * 5_000
    if r == 13:
        return jline({"text": rng.choice(["", "   ", "\u200b", "\t\r", "\x00"])})
    if r == 14:
        return rng.choice([b"", b" ", b"\r", b"\xef\xbb\xbf", b"\x0c", b"\x00"])
    return jline({"text": news(rng, rng.randint(1, 12)), "date": "2025-11-0" + str(rng.randint(1,
                                                                                   9))})


def jsonl_file(rng: random.Random) -> bytes:
    lines = [jsonl_line(rng) for _ in range(rng.randint(1, 12))]
    sep = rng.choice([b"\n", b"\r\n", b"\n\n", b"\r"])
    data = sep.join(lines) + (sep if rng.random() < 0.7 else b"")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    return data


def gzip_bytes(rng: random.Random) -> bytes:
    r = rng.randrange(7)
    good = gzip.compress(jsonl_file(rng))
    if r == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    if r == 1:
        return good[:rng.randint(0, len(good))]  # truncated
    if r == 2:
        return flip_bytes(rng, good, rng.randint(1, 10))
    if r == 3:
        return good + bytes(rng.randrange(256) for _ in range(rng.randint(1, 100)))
    if r == 4:  # a bomb: 30 MB of one over-long line
        return gzip.compress(b"{" + b"a" * 30_000_000, compresslevel=1)
    if r == 5:
        return good + gzip.compress(jsonl_file(rng))  # two members
    return zlib.compress(jsonl_file(rng))  # zlib, not gzip


def mixed_encoding(rng: random.Random) -> bytes:
    parts = []
    for _ in range(rng.randint(2, 6)):
        s = rng.choice(SEEDS) + " “quoted” – café – Zürich – Kraków "
        enc = rng.choice(["utf-8", "latin-1", "cp1252", "utf-16", "utf-16-le", "shift_jis",
                          "koi8-r", "utf-8-sig"])
        parts.append(s.encode(enc, "replace"))
    return b" ".join(parts)


def text_bytes(rng: random.Random) -> bytes:
    r = rng.randrange(11)
    if r == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
    if r == 1:  # invalid UTF-8 in otherwise good text
        bad = rng.choice([b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                          b"\xe2\x82", b"\x80"])
        data = news(rng).encode()
        i = rng.randint(0, len(data))
        return data[:i] + bad + data[i:]
    if r == 2:
        return hostile_text(rng).encode("utf-8")
    if r == 3:  # NUL bytes, early (binary) or after the sniffed head
        head = news(rng).encode()
        return head + b"\x00" * rng.randint(1, 10) if rng.random() < 0.5 else (
            (news(rng, 3) + " ") * 60).encode()[:9000] + b"\x00" + head
    if r == 4:
        return mixed_encoding(rng)
    if r == 5:
        return rng.choice([b"", b" ", b"\n\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\t" * 99,
                           "\u200b\u3000".encode()])
    if r == 6:  # one huge line just over the limit
        return b"x" * (MAX_TEXT_BYTES + 1)
    if r == 7:
        return sprinkle(rng, news(rng), CONTROL + RTL + ZERO_WIDTH, 50).encode("utf-8")
    if r == 8:
        return coder_input(rng, Budget(0)).encode("utf-8", "surrogatepass")
    if r == 9:
        return rand_unicode(rng, rng.randint(1, 3000)).encode("utf-8")
    return news(rng).encode("utf-16")  # BOM + NULs


def ingest_input(rng: random.Random) -> Input:
    r = rng.random()
    if r < 0.30:
        ext = rng.choice([".jsonl", ".ndjson", "", ".txt"]) if rng.random() < 0.2 else ".jsonl"
        return Input(f"feed{ext}", jsonl_file(rng))
    if r < 0.40:
        return Input(rng.choice(["f.jsonl.gz", "f.json.gz", "f.ndjson.gz"]), gzip_bytes(rng))
    if r < 0.58:
        return Input(rng.choice(["p.html", "p.htm", "p.xhtml", "page"]), bad_html(rng))
    if r < 0.90:
        return Input(rng.choice(["a.txt", "a.md", "a.text", "blob", "a.TXT"]), text_bytes(rng))
    if r < 0.93:
        return Input("-", rng.choice([text_bytes, jsonl_file, bad_html])(rng), kind="stdin")
    kind = rng.choice(["missing", "emptydir", "dir", "badlink", "oddname"])
    if kind == "oddname":
        name = rng.choice(["new\nline.txt", "\u202eevil.txt", "a" * 250 + ".txt", "-x.txt",
                           "sp ace.jsonl", "ü\u200b.html", "q'uote\".txt"])
        return Input(name, text_bytes(rng))
    return Input("x", jsonl_file(rng) if kind == "dir" else b"", kind=kind)


# --- running --------------------------------------------------------------------------------


@dataclass
class Crash:
    target: str
    input: str
    trace: str


@dataclass
class Tally:
    inputs: int = 0
    ingest_inputs: int = 0
    ingest_calls: int = 0
    coder_inputs: int = 0
    failures: int = 0  # errors recorded in the failures table
    warnings: int = 0
    articles: int = 0
    events: int = 0
    coder_events: int = 0
    crashes: list[Crash] = field(default_factory=list)
    violations: list[Crash] = field(default_factory=list)


def materialise(inputs: list[Input], folder: Path) -> tuple[list[str], bytes | None]:
    """Write the inputs under `folder`; returns the paths to ingest and stdin bytes."""
    paths: list[str] = []
    stdin: bytes | None = None
    for n, inp in enumerate(inputs):
        sub = folder / f"{n:05d}"
        sub.mkdir()
        path = sub / inp.name
        if inp.kind == "stdin":
            if stdin is None:  # one stdin per call; later ones become files
                stdin = inp.data
                paths.append("-")
                continue
            path = sub / "stdin.txt"
        if inp.kind == "missing":
            paths.append(str(sub / "does-not-exist.txt"))
            continue
        if inp.kind == "emptydir":
            paths.append(str(sub))
            continue
        if inp.kind == "badlink":
            os.symlink(sub / "nowhere", sub / "link.txt")
            paths.append(str(sub / "link.txt"))
            continue
        if inp.kind == "dir":
            (sub / "d" / "e").mkdir(parents=True)
            (sub / "d" / "e" / "feed.jsonl").write_bytes(inp.data)
            (sub / "d" / ".hidden.txt").write_bytes(b"hidden")
            (sub / "d" / "skip.png").write_bytes(b"\x89PNG")
            paths.append(str(sub / "d"))
            continue
        path.write_bytes(inp.data)
        paths.append(str(path))
    return paths, stdin


def run_ingest(inputs: list[Input], db: Path, tally: Tally | None) -> None:
    """One ingest call over `inputs`; raises whatever ingest raises."""
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.sources.readers import ReaderOptions

    with tempfile.TemporaryDirectory(prefix="fuzz-in-") as tmp:
        paths, stdin = materialise(inputs, Path(tmp))
        opts = IngestOptions(reader=ReaderOptions(date=PUBLISHED, source="Fuzz Wire",
                                                  max_text_bytes=MAX_TEXT_BYTES, today=TODAY),
                             batch_size=32)
        summary = ingest(paths, db, opts, stdin=io.BytesIO(stdin or b""))
    if tally is not None:
        tally.failures += summary.failures
        tally.warnings += summary.warnings
        tally.articles += summary.added
        tally.events += summary.events


def ingest_batch(inputs: list[Input], db: Path, tally: Tally) -> None:
    """Ingest `inputs` in one call; if it crashes, bisect (each half into a fresh database)
    down to the single inputs that crash, counting what the others recorded."""
    tally.ingest_calls += 1
    try:
        run_ingest(inputs, db, tally)
        return
    except Exception:
        trace = traceback.format_exc()
    if len(inputs) == 1:
        tally.crashes.append(Crash("ingest", inputs[0].describe(), trace))
        return
    before = len(tally.crashes)
    mid = len(inputs) // 2
    for half in (inputs[:mid], inputs[mid:]):
        with tempfile.TemporaryDirectory(prefix="fuzz-db-") as tmp:
            ingest_batch(half, Path(tmp) / "half.duckdb", tally)
    if len(tally.crashes) == before:  # only the combination crashes
        listing = "; ".join(i.describe()[:120] for i in inputs)
        tally.crashes.append(Crash("ingest", f"(only the whole batch crashes) {listing}", trace))


def check_result(text: str, result: object) -> str | None:
    """Why a coder result breaks an invariant, or None."""
    from eventcoder.ontology import load_ontology

    types = load_ontology().types
    for name in ("events", "flagged", "mentions", "warnings"):
        if not isinstance(getattr(result, name), list):
            return f"result.{name} is not a list"
    n = len(text)
    for e in result.events + result.flagged:  # type: ignore[attr-defined]
        ev = e.evidence
        lo, hi = ev.trigger
        if not 0 <= lo < hi <= n:
            return f"trigger span {ev.trigger} outside the text (length {n})"
        if text[lo:hi] != ev.trigger_text:
            return f"text[trigger] {text[lo:hi]!r} != trigger_text {ev.trigger_text!r}"
        if not 0 <= ev.sentence_start <= lo or ev.sentence_start + len(ev.sentence) > n:
            return f"sentence span ({ev.sentence_start}, +{len(ev.sentence)}) outside the text"
        for span in (ev.source, ev.target):
            if span is not None and not 0 <= span[0] <= span[1] <= n:
                return f"actor span {span} outside the text (length {n})"
        for a in e.amounts:
            if not (isinstance(a.value, int | float) and math.isfinite(a.value) and a.value >= 0):
                return f"amount value {a.value!r} is not finite and non-negative ({a.text[:60]!r})"
        if e.type not in types:
            return f"unknown event type {e.type!r}"
    return None


def run_coder(coder: object, text: str, day: date | None, tally: Tally) -> None:
    from eventcoder.records import Article

    tally.coder_inputs += 1
    try:
        result = coder.code(Article(text=text, date=day, source="Fuzz Wire"))  # type: ignore
    except Exception:
        tally.crashes.append(Crash("coder", repr(text[:500]), traceback.format_exc()))
        return
    why = check_result(text, result)
    if why:
        tally.violations.append(Crash("coder", repr(text[:500]), why))
    tally.coder_events += len(result.events) + len(result.flagged)


def _kind(trace: str) -> str:
    """A crash's kind: exception type and innermost frame (invariant failures: the reason)."""
    lines = trace.strip().splitlines()
    frames = [ln.strip() for ln in lines if ln.strip().startswith("File ")]
    if not frames:
        return re.sub(r"'.*?'|\(.*?\)|\d+", "…", lines[-1])[:150]
    where = re.sub(r"^File \"(?:.*/site-packages/|.*/src/)?", "", frames[-1])
    return f"{lines[-1].split(':')[0]} at {where[:120]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=2000, help="inputs to try (default 2000)")
    ap.add_argument("--seconds", type=float, default=600, help="stop after this long")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=100, help="inputs per ingest call")
    ap.add_argument("--coder-share", type=float, default=0.5,
                    help="share of inputs sent to the coder (the rest go to ingest)")
    ap.add_argument("--big", type=int, default=2,
                    help="at most this many 1 MB coder inputs (~40 s each)")
    args = ap.parse_args(argv)

    from eventcoder import Coder

    rng = random.Random(args.seed)
    tally = Tally()
    started = time.perf_counter()
    coder = Coder()
    budget = Budget(args.big)
    n_coder = round(args.examples * args.coder_share)
    n_ingest = args.examples - n_coder
    print(f"fuzz: seed {args.seed}, {n_ingest} ingest inputs, {n_coder} coder inputs "
          f"(model loaded in {time.perf_counter() - started:.1f} s)", flush=True)

    def out_of_time() -> bool:
        return time.perf_counter() - started > args.seconds

    # interleave the two targets so a short --seconds still exercises both
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        db = Path(tmp) / "fuzz.duckdb"
        done_ingest = done_coder = 0
        while (done_ingest < n_ingest or done_coder < n_coder) and not out_of_time():
            if done_ingest < n_ingest:
                k = min(args.batch, n_ingest - done_ingest)
                batch = [ingest_input(rng) for _ in range(k)]
                ingest_batch(batch, db, tally)
                tally.ingest_inputs += k
                tally.inputs += k
                done_ingest += k
            k = min(args.batch, n_coder - done_coder)
            for _ in range(k):
                if out_of_time():
                    break
                day = rng.choice([None, PUBLISHED, date(1, 1, 1), date(9999, 12, 31)])
                run_coder(coder, coder_input(rng, budget), day, tally)
                tally.inputs += 1
                done_coder += 1
            print(f"  {tally.inputs} inputs, {len(tally.crashes)} crashes, "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started

    print(f"inputs tried:        {tally.inputs} ({tally.ingest_inputs} to ingest in "
          f"{tally.ingest_calls} calls, {tally.coder_inputs} to the coder)")
    print(f"crashes:             {len(tally.crashes)}")
    print(f"invariant failures:  {len(tally.violations)}")
    print(f"failures recorded:   {tally.failures} (+ {tally.warnings} warnings)")
    print(f"articles stored:     {tally.articles} with {tally.events} events; coder alone "
          f"found {tally.coder_events} events")
    print(f"time:                {seconds:.1f} s")
    for label, items in (("crash", tally.crashes), ("invariant failure", tally.violations)):
        kinds: dict[str, int] = {}
        for c in items:
            key = f"{c.target}: {_kind(c.trace)}"
            kinds[key] = kinds.get(key, 0) + 1
        for key, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print(f"  {count:5d} x {label} {key}")
    for label, items in (("crash", tally.crashes), ("invariant failure", tally.violations)):
        if items:
            first = items[0]
            print(f"\nfirst {label} ({first.target}), input: {first.input[:1000]}")
            print(first.trace)
    return 1 if tally.crashes or tally.violations else 0


if __name__ == "__main__":
    sys.exit(main())
