"""`eventcoder outlets`: the outlet registry, and the outlets of a database it has no entry
for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli import OutletsOpt, _err, _outlet_registry, app
from .errors import EventcoderError


def _join(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(items) or "-"


@app.command()
def outlets(
    db: Annotated[Path | None, typer.Option(
        "--db", help="Also list the outlets this database's articles name, and which of them "
                     "the registry has no entry for.")] = None,
    extra: OutletsOpt = None,
) -> None:
    """List the outlet registry (ownership, country, labels, mirrors) and, with --db, the
    outlets of a database with their labels, flagging those without an entry."""
    from .store import EventStore
    from .store.outlet_tags import stored_outlets

    registry = _outlet_registry(extra)
    if db is None:
        typer.echo(f"{len(registry)} outlets in the registry (id, name, country, ownership, "
                   "labels, relations):")
        for o in sorted(registry.outlets.values(), key=lambda o: o.id):
            relations = []
            if o.mirror_of:
                relations.append(f"mirror of {o.mirror_of}")
            if o.syndicates:
                relations.append(f"carries {', '.join(o.syndicates)}")
            typer.echo(f"{o.id:18} {o.name:32} {o.country or '-':4} {o.ownership or '-':19} "
                       f"{_join(o.labels):28} {'; '.join(relations)}".rstrip())
        typer.echo(f"labels: {_join(registry.labels())}")
        return
    if not db.is_file():
        _err(f"{db}: no such database")
        raise typer.Exit(2)
    try:
        with EventStore(db, read_only=True) as store:
            found = stored_outlets(store.con, registry)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    typer.echo(f"{len(found)} outlets in {db} (name, articles, mirrored from it, entry, labels):")
    for o in found:
        t = o.tags
        origin = f" (mirror of {t.origin_outlet})" if t.origin_outlet else ""
        typer.echo(f"{o.name or '(no outlet)':32} {o.articles:6} {o.mirrored:6}  "
                   f"{t.outlet_id or 'NO ENTRY':18} {_join(t.outlet_labels)}{origin}")
    unknown = [o.name for o in found if o.name and not o.known]
    unnamed = sum(o.articles for o in found if o.name is None and not o.known)
    if unnamed:
        typer.echo(f"{unnamed} article(s) name no outlet and have no URL of a known domain")
    if unknown:
        typer.echo(f"{len(unknown)} without an entry: {', '.join(unknown)} "
                   "(add them to a file of your own: --outlets FILE or $EVENTCODER_OUTLETS)")
    else:
        typer.echo("every outlet has an entry")
