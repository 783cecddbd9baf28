"""Score the coder against gold dyads: precision, recall and F1 per type and for full dyads.

Gold formats: eventcoder's own JSONL (docs/gold-format.md) and the PLOVER project's
PLOVER_GSR_CAMEO.json (older labels mapped: DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE,
FIGHT→ASSAULT; IGOs there are all coded 'IGO', so ours are mapped to 'IGO' for that set).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .coder import Coder, parse_date
from .errors import InputError
from .ontology import load_ontology
from .records import Article

Dyad = tuple[str, str | None, str | None]
# CAMEO-era country codes found in the GSR file, and their ISO equivalents
_GSR_CODES = {"JAP": "JPN", "ITL": "ITA"}


@dataclass
class GoldItem:
    id: str
    text: str
    date: str | None
    dyads: list[Dyad]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    items: int = 0
    by_type: dict[str, Score] = field(default_factory=dict)  # type-only matching
    by_type_dyad: dict[str, Score] = field(default_factory=dict)  # full dyad matching
    type_total: Score = field(default_factory=Score)
    dyad_total: Score = field(default_factory=Score)
    misses: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        def s(x: Score) -> dict:
            return {"tp": x.tp, "fp": x.fp, "fn": x.fn, "precision": round(x.precision, 3),
                    "recall": round(x.recall, 3), "f1": round(x.f1, 3)}
        return {"items": self.items, "type": s(self.type_total), "dyad": s(self.dyad_total),
                "by_type": {t: {"type": s(self.by_type[t]),
                                "dyad": s(self.by_type_dyad.get(t, Score()))}
                            for t in sorted(self.by_type)},
                "misses": self.misses}


def read_gold(path: Path) -> list[GoldItem]:
    """Read a gold file; the format is recognised from its content."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file: {exc}", path=str(path)) from exc
    if text.lstrip().startswith("["):
        return _read_gsr(path, text)
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            dyads = [(e["type"], e["source"], e.get("target")) for e in obj.get("events", [])]
            items.append(GoldItem(str(obj["id"]), obj["text"], obj.get("date"), dyads))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"bad gold item: {exc}", path=str(path), line=n) from exc
    return items


def _read_gsr(path: Path, text: str) -> list[GoldItem]:
    onto = load_ontology()
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=str(path), line=exc.lineno) from exc
    items = []
    for r in records:
        if not isinstance(r, dict) or "text" not in r or not r.get("event"):
            continue  # the file's documentation record
        if r["event"] == "DOCUMENT":
            continue
        etype, _ = onto.normalise_legacy(r["event"])

        def codes(key: str, r: dict = r) -> list[str | None]:
            val = r.get(key)
            if not isinstance(val, list) or not val:
                return [None]
            return [_GSR_CODES.get(a.get("code"), a.get("code")) for a in val
                    if isinstance(a, dict)] or [None]

        dyads = sorted({(etype, s, t) for s in codes("source") for t in codes("target")
                        if s is not None}, key=str)
        items.append(GoldItem(r["id"], r["text"], r.get("date"), dyads))
    return items


def evaluate(items: Iterable[GoldItem], coder: Coder,
             code_map: Callable[[str | None], str | None] | None = None,
             progress: Callable[[int], None] | None = None) -> Report:
    """Code every item and compare with its gold dyads (multisets, per item)."""
    report = Report()
    items = list(items)
    arts = [Article(text=i.text, date=parse_date(i.date) if i.date else None, id=i.id)
            for i in items]
    cmap = code_map or (lambda c: c)
    for n, (item, result) in enumerate(zip(items, coder.code_many(arts), strict=True), 1):
        report.items += 1
        pred: list[Dyad] = sorted({(e.type, cmap(e.source.code),
                                    cmap(e.target.code) if e.target else None)
                                   for e in result.events}, key=str)
        gold = list(item.dyads)
        _count(Counter(d[0] for d in pred), Counter(d[0] for d in gold),
               report.by_type, report.type_total)
        matched_pred, matched_gold = _match_dyads(pred, gold)
        for t in {d[0] for d in pred} | {d[0] for d in gold}:
            sc = report.by_type_dyad.setdefault(t, Score())
            tp = sum(1 for d in matched_gold if d[0] == t)
            sc.tp += tp
            sc.fp += sum(1 for d in pred if d[0] == t) - tp
            sc.fn += sum(1 for d in gold if d[0] == t) - tp
        report.dyad_total.tp += len(matched_gold)
        report.dyad_total.fp += len(pred) - len(matched_pred)
        report.dyad_total.fn += len(gold) - len(matched_gold)
        missed = [d for d in gold if d not in matched_gold]
        extra = [d for d in pred if d not in matched_pred]
        if missed or extra:
            report.misses.append({"id": item.id, "text": item.text,
                                  "missed": [list(d) for d in missed],
                                  "unexpected": [list(d) for d in extra]})
        if progress:
            progress(n)
    return report


def _match_dyads(pred: list[Dyad], gold: list[Dyad]) -> tuple[list[Dyad], list[Dyad]]:
    """Exact dyad matches; a gold dyad with no recipient also matches a prediction that has one
    (a recipient the gold coder did not record is not an error of the actor or the type)."""
    used: set[int] = set()
    mp, mg = [], []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            if p == g or (g[2] is None and p[:2] == g[:2]):
                used.add(i)
                mp.append(p)
                mg.append(g)
                break
    return mp, mg


def _count(pred: Counter, gold: Counter, per: dict[str, Score], total: Score) -> None:
    for t in set(pred) | set(gold):
        tp = min(pred[t], gold[t])
        sc = per.setdefault(t, Score())
        sc.tp += tp
        sc.fp += pred[t] - tp
        sc.fn += gold[t] - tp
        total.tp += tp
        total.fp += pred[t] - tp
        total.fn += gold[t] - tp


def gsr_code_map(coder: Coder) -> Callable[[str | None], str | None]:
    """The GSR file codes every IGO as 'IGO': map ours (NATO, EU, UN...) to it."""
    igos = set(coder.knowledge.igos)
    return lambda c: "IGO" if c in igos else c
