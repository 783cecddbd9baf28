"""The outlet registry applied to a store: labels on article and event rows, filters by label,
and the outlets a database holds.

Nothing about outlets is stored: rows are tagged when they are read (knowledge/outlets.py), so
amending the registry relabels every database at once. An article is matched by its outlet
name, its trailer's originating outlet and its URL's host; a database has few distinct
combinations of the three, so filters look them up once and select articles by them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..knowledge.outlets import OutletRegistry, OutletTags, host_of

# the authority part of an article's URL ('user@www.example.org:443'), cut with string
# functions (a regular expression costs ten times more per row); the few distinct values are
# read as hosts in Python (knowledge.outlets.host_of), as the URL itself is when rows are shown
AUTHORITY_SQL = ("lower(CASE WHEN contains(url, '://') THEN split_part(split_part(url, '://', 2)"
                 ", '/', 1) ELSE split_part(url, '/', 1) END)")
_SEP = "\x1f"
_KEY_SQL = (f"concat_ws(chr(31), coalesce(outlet, ''), coalesce(mirrored_from, ''), "
            f"coalesce({AUTHORITY_SQL}, ''))")


def _key(outlet: str | None, mirrored_from: str | None, authority: str | None) -> str:
    return _SEP.join((outlet or "", mirrored_from or "", authority or ""))


def _combos(con: Any, registry: OutletRegistry) -> list[tuple[str, OutletTags]]:
    """(key, tags) for each distinct (outlet, trailer's outlet, URL authority) of the store."""
    found = con.execute(f"SELECT DISTINCT outlet, mirrored_from, {AUTHORITY_SQL} "
                        "FROM articles").fetchall()
    return [(_key(o, m, a), registry.tags(o, f"//{a}" if a else None, m)) for o, m, a in found]


def article_tags(con: Any, registry: OutletRegistry,
                 article_ids: Iterable[str]) -> dict[str, OutletTags]:
    """The tags of each stored article among `article_ids`."""
    ids = list(dict.fromkeys(a for a in article_ids if a))
    if not ids:
        return {}
    found = con.execute("SELECT id, outlet, url, mirrored_from FROM articles "
                        "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
    return {aid: registry.tags(outlet, url, mirrored) for aid, outlet, url, mirrored in found}


def tag_rows(con: Any, registry: OutletRegistry, rows: list[dict],
             id_key: str = "article_id") -> list[dict]:
    """Add the outlet fields (OutletTags.as_dict) to article or event rows, in place."""
    tags = article_tags(con, registry, (r.get(id_key) for r in rows))
    for r in rows:
        t = tags.get(r.get(id_key)) or registry.tags(r.get("outlet"), r.get("url"),
                                                      r.get("mirrored_from"))
        r.update(t.as_dict())
    return rows


def check_label(registry: OutletRegistry, label: str) -> str:
    """`label` lower-cased if some outlet carries it (or it is an outlet id), else a clear
    error listing the labels there are."""
    want = label.strip().lower()
    if want not in registry.labels() and want not in registry.outlets:
        raise InputError(f"unknown outlet label {label!r}; known labels: "
                         f"{', '.join(registry.labels())} (or an outlet id, see "
                         "`eventcoder outlets`)")
    return want


def labelled_articles_sql(con: Any, registry: OutletRegistry, label: str
                          ) -> tuple[str, list]:
    """('SELECT id FROM articles WHERE ...', parameters): the articles whose outlet, or whose
    originating outlet, carries `label`."""
    want = check_label(registry, label)
    keys = [key for key, tags in _combos(con, registry) if tags.has(want)]
    return (f"SELECT id FROM articles WHERE {_KEY_SQL} IN (SELECT unnest(?::VARCHAR[]))",
            [keys])


def outlet_tag_table(con: Any, registry: OutletRegistry, name: str) -> str:
    """Register the tags of every outlet combination in the store as table `name` on `con`
    (unregister it when done) and return SQL selecting (article_id, outlet_labels,
    outlet_country, origin_outlet, origin_labels) for every article, for a join."""
    import pyarrow as pa

    rows = [{"k": key, **tags.as_dict()} for key, tags in _combos(con, registry)]
    schema = pa.schema([("k", pa.string()), ("outlet_labels", pa.list_(pa.string())),
                        ("outlet_country", pa.string()), ("origin_outlet", pa.string()),
                        ("origin_labels", pa.list_(pa.string()))])
    con.register(name, pa.Table.from_pylist(rows, schema=schema))
    return (f"SELECT a.id AS article_id, t.* EXCLUDE (k) FROM "
            f"(SELECT id, {_KEY_SQL} AS k FROM articles) a JOIN {name} t ON t.k = a.k")


@dataclass(frozen=True)
class StoredOutlet:
    """An outlet a database names: as the publisher of articles, or as the originating outlet
    in mirrors' trailers; with its registry entry, if it has one."""

    name: str | None  # as stored (None: articles that name no outlet)
    host: str | None  # the commonest URL host of its articles
    articles: int  # articles it published
    mirrored: int  # articles mirrored from it (trailers naming it)
    tags: OutletTags

    @property
    def known(self) -> bool:
        return self.tags.outlet_id is not None


def stored_outlets(con: Any, registry: OutletRegistry) -> list[StoredOutlet]:
    """Every outlet a database's articles name, as publisher or as originating outlet, with
    the registry's entry for each; most articles first."""
    published = {name: (host_of(f"//{auth}") if auth else None, n)
                 for name, auth, n in con.execute(
        f"SELECT outlet, mode({AUTHORITY_SQL}), count(*) FROM articles GROUP BY outlet"
    ).fetchall()}
    mirrored = dict(con.execute(
        "SELECT mirrored_from, count(*) FROM articles WHERE mirrored_from IS NOT NULL "
        "GROUP BY 1").fetchall())
    out = []
    for name in set(published) | set(mirrored):
        host, n = published.get(name, (None, 0))
        out.append(StoredOutlet(name, host, n, mirrored.get(name, 0),
                                registry.tags(name, host)))
    return sorted(out, key=lambda o: (-(o.articles + o.mirrored), o.name or ""))
