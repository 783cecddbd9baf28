"""Score the coder on whole articles with required / optional / forbidden gold events.

The format is the founding article's (../shared/acceptance/*.expected.json): for each article a
`NAME.expected.json` beside `NAME.txt`, with the article's date and outlet and lists of items
{"type": [...], "source": [...], "target": [... null allowed], "symmetric": bool}. Every fact
event gives one dyad per (actor, recipient) pair; a dyad matches an item when its type, source
and target are in the item's lists (a symmetric item also matches it reversed; "@NATO-MEMBERS"
is any NATO member on the article's date; an actor's dyad with itself matches only an item
whose sources name that actor alone, a domestic event). Then:

- recall: required items matched, each by at most one dyad, in file order (greedy);
- precision: emitted dyads that match a required or optional item;
- forbidden: emitted dyads that match a forbidden item and no required or optional one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .coder import Coder, parse_date
from .errors import InputError
from .records import Article

Dyad = tuple[str, str | None, str | None]
NATO_TOKEN = "@NATO-MEMBERS"


@dataclass
class ArticleGold:
    name: str
    text: str
    date: str | None
    outlet: str | None
    required: list[dict]
    optional: list[dict]
    forbidden: list[dict]


@dataclass
class ArticleScore:
    name: str
    required: int = 0
    found: int = 0
    emitted: int = 0
    correct: int = 0
    forbidden: int = 0
    missed: list[dict] = field(default_factory=list)
    extra: list[tuple[Dyad, str]] = field(default_factory=list)
    forbidden_hits: list[tuple[Dyad, str]] = field(default_factory=list)


@dataclass
class ArticleReport:
    articles: list[ArticleScore] = field(default_factory=list)

    def total(self) -> ArticleScore:
        t = ArticleScore("total")
        for a in self.articles:
            t.required += a.required
            t.found += a.found
            t.emitted += a.emitted
            t.correct += a.correct
            t.forbidden += a.forbidden
        return t

    def to_dict(self) -> dict:
        def row(a: ArticleScore) -> dict:
            return {"name": a.name, "recall": round(_ratio(a.found, a.required), 3),
                    "precision": round(_ratio(a.correct, a.emitted), 3),
                    "found": a.found, "required": a.required, "correct": a.correct,
                    "emitted": a.emitted, "forbidden": a.forbidden}
        return {"articles": [row(a) for a in self.articles], "total": row(self.total())}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def is_article_gold(path: Path) -> bool:
    return path.is_dir() or path.name.endswith(".expected.json")


def read_article_gold(path: Path) -> list[ArticleGold]:
    """A folder of NAME.expected.json files (each beside its NAME.txt), or one such file."""
    files = sorted(path.glob("*.expected.json")) if path.is_dir() else [path]
    if not files:
        raise InputError("no *.expected.json files in this folder", path=str(path))
    out = []
    for f in files:
        try:
            gold = json.loads(f.read_text(encoding="utf-8"))
            art = gold.get("article", {})
            name = art.get("file") or f.name.replace(".expected.json", ".txt")
            text = (f.parent / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the article or its gold: {exc}", path=str(f)) from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=str(f), line=exc.lineno) from exc
        out.append(ArticleGold(name, text, art.get("date"), art.get("source"),
                               list(gold.get("required", [])), list(gold.get("optional", [])),
                               list(gold.get("forbidden", []))))
    return out


def evaluate_articles(golds: list[ArticleGold], coder: Coder) -> ArticleReport:
    report = ArticleReport()
    arts = [Article(text=g.text, date=parse_date(g.date) if g.date else None, source=g.outlet,
                    id=g.name) for g in golds]
    for gold, result in zip(golds, coder.code_many(arts), strict=True):
        day = parse_date(gold.date) if gold.date else None
        nato = set(coder.knowledge.igo_members("NATO", day)) if day else set()
        dyads = [((e.type, e.source.code, e.target.code if e.target else None),
                  e.evidence.sentence) for e in result.events]
        report.articles.append(_score(gold, dyads, nato))
    return report


def _score(gold: ArticleGold, dyads: list[tuple[Dyad, str]], nato: set[str]) -> ArticleScore:
    score = ArticleScore(gold.name, required=len(gold.required), emitted=len(dyads))
    used: set[int] = set()
    for item in gold.required:
        hit = next((i for i, (d, _) in enumerate(dyads) if i not in used
                    and _matches(d, item, nato)), None)
        if hit is None:
            score.missed.append(item)
        else:
            used.add(hit)
            score.found += 1
    for d, sentence in dyads:
        if any(_matches(d, it, nato) for it in gold.required + gold.optional):
            score.correct += 1
        elif any(_matches(d, it, nato) for it in gold.forbidden):
            score.forbidden += 1
            score.forbidden_hits.append((d, sentence))
        else:
            score.extra.append((d, sentence))
    return score


def _codes(values: list, nato: set[str]) -> set[str | None]:
    out: set[str | None] = set()
    for v in values or [None]:
        if v == NATO_TOKEN:
            out |= nato
        else:
            out.add(v.rsplit(".", 1)[-1] if isinstance(v, str) else v)
    return out


def _matches(d: Dyad, item: dict, nato: set[str]) -> bool:
    etype, src, tgt = d
    if etype not in item.get("type", []):
        return False
    sources, targets = _codes(item.get("source"), nato), _codes(item.get("target"), nato)
    if src is not None and src == tgt:  # a domestic event: the item names this actor alone
        return sources == {src} and (tgt in targets)
    if src in sources and tgt in targets:
        return True
    return bool(item.get("symmetric")) and tgt in sources and src in targets
