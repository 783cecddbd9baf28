"""`eventcoder map` and `eventcoder timeline`: pictures of stored events, filtered like
`eventcoder query`, written as PNG (matplotlib) or a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli import DbOpt, _err, app
from .cli_analysis import SinceOpt, UntilOpt, _table, _with_store

ActorOpt = Annotated[str | None, typer.Option(
    help="Actor code or name: HUN, Hungary, 'the Kremlin'.")]
RoleOpt = Annotated[str, typer.Option(help="source | target | either")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type.")]
FlaggedOpt = Annotated[bool, typer.Option(
    "--include-flagged", help="Also negated and hypothetical events.")]


def _output(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".png", ".html", ".htm"):
        _err(f"{path}: the output must end in .png or .html")
        raise typer.Exit(2)
    return suffix


def _subtitle(actor: str | None, role: str, etype: str | None, since: str | None,
              until: str | None, include_flagged: bool) -> str:
    parts = [f"actor {actor} ({role})" if actor else "all actors",
             f"type {etype.upper()}" if etype else "all types",
             f"{since or 'first'} to {until or 'last'} event"]
    parts.append("flagged events included" if include_flagged else "asserted events only")
    return "; ".join(parts)


def _write(draw, path: Path) -> None:
    try:
        draw()
    except OSError as exc:
        _err(f"{path}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    typer.echo(f"-> {path}", err=True)


@app.command("map")
def map_(
    db: DbOpt = Path("events.duckdb"),
    actor: ActorOpt = None,
    role: RoleOpt = "either",
    etype: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    include_flagged: FlaggedOpt = False,
    fit: Annotated[bool, typer.Option(
        "--fit", help="Zoom to the countries and places with events.")] = False,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="map.png or map.html.")] = Path("map.png"),
) -> None:
    """Map where events happened: countries filled by event count, a dot per place."""
    from .analysis.geography import event_map
    from .analysis.query import EventQuery
    from .charts.render import map_html, map_png
    from .charts.svg import map_caption

    suffix = _output(output)
    q = EventQuery(actor=actor, role=role, type=etype, since=since, until=until,
                   include_flagged=include_flagged)
    m = _with_store(db, lambda store: event_map(store, q))
    subtitle = _subtitle(actor, role, etype, since, until, include_flagged)
    _table(f"events by country ({m.located} of {m.total} placed)", ["country", "name", "events"],
           [[c.code, c.name, c.events] for c in m.countries[:20]])
    typer.echo(map_caption(m), err=True)
    draw = map_png if suffix == ".png" else map_html
    _write(lambda: draw(m, output, subtitle, fit), output)


@app.command()
def timeline(
    db: DbOpt = Path("events.duckdb"),
    actor: ActorOpt = None,
    role: RoleOpt = "either",
    etype: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    include_flagged: FlaggedOpt = False,
    freq: Annotated[str, typer.Option(help="day | week | month | quarter | year")] = "month",
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="timeline.png or timeline.html.")] = Path("timeline.png"),
) -> None:
    """Events over time, stacked by quad class and by PLOVER type."""
    from .analysis.query import EventQuery
    from .analysis.timeline import event_timeline
    from .charts.render import timeline_html, timeline_png

    suffix = _output(output)
    q = EventQuery(actor=actor, role=role, type=etype, since=since, until=until,
                   include_flagged=include_flagged)
    t = _with_store(db, lambda store: event_timeline(store, q, freq))
    subtitle = _subtitle(actor, role, etype, since, until, include_flagged)
    quads, totals = list(t.by_quad.values()), t.totals
    busy = [i for i, n in enumerate(totals) if n]
    _table(f"events per {t.freq} ({len(t.periods) - len(busy)} empty periods not listed)",
           ["period", "verbal coop", "material coop", "verbal conflict", "material conflict",
            "events"],
           [[t.periods[i].isoformat(), *(v[i] for v in quads), totals[i]] for i in busy])
    if t.undated:
        typer.echo(f"{t.undated} undated event(s) are not on the timeline", err=True)
    draw = timeline_png if suffix == ".png" else timeline_html
    _write(lambda: draw(t, output, subtitle), output)
