"""Stored articles read back as the coder's answer: a `CodedArticle` from the store alone.

What the API shows for an article (its page, its one-page report) comes from here, so it is
what was stored, never a fresh coding that a changed lexicon or model could make disagree.
"""

from __future__ import annotations

import json
from typing import Any

from ..records import Article, Capture, CodedArticle
from .columns import row_to_event


def rows(cur: Any) -> list[dict]:
    """A DuckDB result as dicts of column -> value."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def article_row(con: Any, article_id: str) -> dict | None:
    """The `articles` row of one article (with its text), or None."""
    found = rows(con.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
    return found[0] if found else None


def event_rows(con: Any, article_id: str) -> list[dict]:
    """Every stored event of one article, flagged ones included, in text order."""
    # sorted here: DuckDB's sort of the wide event rows costs ten times the query itself
    found = rows(con.execute("SELECT * FROM events WHERE article_id = ?", [article_id]))
    return sorted(found, key=lambda r: (r["trigger_start"] is None, r["trigger_start"] or 0,
                                        r["id"]))


def coded_article(row: dict, events: list[dict]) -> CodedArticle:
    """The `CodedArticle` an article row and its event rows were written from.

    Everything the writer stored comes back: the article's fields, events and flagged events
    (every field, see columns.py), the coder's warnings and the provenance. Not stored, so
    empty: `mentions` (the store keeps actor mentions only as totals, in `actors`)."""
    art = Article(text=row.get("text") or "", date=row.get("published"),
                  source=row.get("outlet"), url=row.get("url"), title=row.get("title"),
                  id=row["id"], author=row.get("author"), origin=row.get("origin"),
                  capture=_capture(row))
    result = CodedArticle(article=art, warnings=list(row.get("warnings") or []),
                          language=row.get("language"))
    if row.get("mirrored_from"):
        result.provenance = {"origin": row["mirrored_from"]}
        if row.get("trailer") is not None:
            result.provenance["trailer"] = row["trailer"]
    for r in events:
        e = row_to_event(r)
        (result.events if e.flags.is_fact() else result.flagged).append(e)
    return result


def _capture(row: dict) -> Capture | None:
    if row.get("record_offset") is None:
        return None
    headers = json.loads(row["http_headers"]) if row.get("http_headers") else []
    return Capture(archive_offset=row["record_offset"], record_id=row.get("warc_record_id"),
                   captured_at=row.get("captured_at"), http_status=row.get("http_status"),
                   http_headers=tuple((str(k), str(v)) for k, v in headers))


def load_coded_article(con: Any, article_id: str) -> CodedArticle | None:
    """The stored article `article_id` with its stored events, or None if there is none."""
    row = article_row(con, article_id)
    if row is None:
        return None
    return coded_article(row, event_rows(con, article_id))
