"""Analysis commands: query, network, dyad, alliance, commitments (thin shells over
`eventcoder.analysis`)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .analysis.sql_limits import SQL_MEMORY_LIMIT, SQL_TIMEOUT_SECONDS
from .cli import DbOpt, _err, app
from .errors import EventcoderError

T = TypeVar("T")

SinceOpt = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")]


# the command-line spelling of a parameter an error is about (analysis messages name none)
_ARGUMENTS = {"a": "A", "b": "B", "alliance": "NAME"}


def _cli_message(exc: EventcoderError) -> str:
    field = getattr(exc, "field", None)
    if not field:
        return str(exc)
    return f"{_ARGUMENTS.get(field) or '--' + field.replace('_', '-')}: {exc}"


def _with_store(db: Path, fn: Callable[[Any], T]) -> T:
    """Open `db` read-only and run `fn(store)`; every expected error becomes exit 2."""
    from .store import EventStore

    if not db.is_file():
        _err(f"{db}: no such database")
        raise typer.Exit(2)
    try:
        with EventStore(db, read_only=True) as store:
            return fn(store)
    except EventcoderError as exc:
        _err(_cli_message(exc))
        raise typer.Exit(2) from exc


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(v, list | dict):
        return json.dumps(v, default=str)
    return " ".join(str(v).split())  # sentences keep their line breaks; a table should not


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped: do not squeeze the table into 80 columns
        console = Console(width=200)
    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(v) for v in r))
    console.print(table)


def _flags(e: dict) -> str:
    names = ("negated", "hypothetical", "future", "reported")
    return ",".join(n for n in names if e.get(n))


@app.command()
def query(
    db: DbOpt = Path("events.duckdb"),
    actor: Annotated[str | None, typer.Option(
        help="Actor code or name: HUN, Hungary, 'the Kremlin'.")] = None,
    role: Annotated[str, typer.Option(help="source | target | either")] = "either",
    etype: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode of the type.")] = None,
    context: Annotated[str | None, typer.Option(help="PLOVER context.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    outlet_label: Annotated[str | None, typer.Option(
        help="Ownership or label of the outlet or a mirror's origin: state, wire, ... "
             "(see `eventcoder outlets`).")] = None,
    include_flagged: Annotated[bool, typer.Option(
        "--include-flagged", help="Also negated and hypothetical events.")] = False,
    dedup: Annotated[bool, typer.Option(
        "--dedup", help="Once per story cluster (events_dedup).")] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows (cap 10,000).")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many rows.")] = 0,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv")] = "table",
    sql: Annotated[str | None, typer.Option(
        help="Run one read-only SELECT instead (no files, no writes).")] = None,
    sql_timeout: Annotated[float, typer.Option(
        help="Stop --sql after this many seconds (0: no limit).", min=0)] = SQL_TIMEOUT_SECONDS,
    sql_memory: Annotated[str, typer.Option(
        help="Stop --sql when it needs more memory than this (512MB, 4GB).")
    ] = SQL_MEMORY_LIMIT,
) -> None:
    """Find stored events by actor, role, type, mode, context, dates, outlet; or run SQL."""
    from .analysis.query import EventQuery, query_events, run_readonly_sql

    if fmt not in ("table", "json", "csv"):
        _err(f"unknown format {fmt!r}; choose table, json or csv")
        raise typer.Exit(2)
    if sql is not None:
        if not db.is_file():
            _err(f"{db}: no such database")
            raise typer.Exit(2)
        try:
            res = run_readonly_sql(db, sql, limit=min(max(limit, 1), 10_000),
                                   timeout=sql_timeout or None, memory_limit=sql_memory)
        except EventcoderError as exc:
            _err(str(exc))
            raise typer.Exit(2) from exc
        _emit(fmt, res.columns, [list(r) for r in res.rows], title=None)
        if res.truncated:
            _err(f"only the first {len(res.rows)} rows are shown (--limit)")
        return
    q = EventQuery(actor=actor, role=role, type=etype, mode=mode, context=context, since=since,
                   until=until, outlet=outlet, outlet_label=outlet_label,
                   include_flagged=include_flagged, dedup=dedup,
                   limit=limit, offset=offset)
    events = _with_store(db, lambda store: query_events(store, q))
    if fmt == "table":
        _table(f"{len(events)} events",
               ["date", "type", "mode", "source", "target", "amounts", "flags", "outlet",
                "sentence"],
               [[e["date"], e["type"], e["mode"], e["source_code"], e["target_code"],
                 "; ".join(a.get("text", "") for a in e["amounts"]), _flags(e), e["outlet"],
                 (e["sentence"] or "")[:160]] for e in events])
        return
    cols = list(events[0]) if events else []
    _emit(fmt, cols, [[e[c] for c in cols] for e in events], title=None)


def _emit(fmt: str, columns: list[str], rows: list[list[Any]], title: str | None) -> None:
    if fmt == "json":
        typer.echo(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str,
                              indent=1, ensure_ascii=False))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in rows:
            w.writerow([json.dumps(v, default=str) if isinstance(v, list | dict) else
                        ("" if v is None else v) for v in r])
    else:
        _table(title, columns, rows)


@app.command()
def network(
    db: DbOpt = Path("events.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    types: Annotated[list[str] | None, typer.Option(
        "--type", help="Only these PLOVER types (repeatable).")] = None,
    min_events: Annotated[int, typer.Option(help="Drop links with fewer events.")] = 1,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="network.png or network.html.")] = Path("network.png"),
) -> None:
    """Draw the actor network (PNG via matplotlib, or a self-contained HTML page)."""
    from .analysis.network import actor_network, draw_network_png, network_html

    suffix = output.suffix.lower()
    if suffix not in (".png", ".html", ".htm"):
        _err(f"{output}: the output must end in .png or .html")
        raise typer.Exit(2)
    graph = _with_store(db, lambda s: actor_network(s, since, until, types, min_events))
    try:
        (draw_network_png if suffix == ".png" else network_html)(graph, output)
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    edges = sorted(graph.edges(data=True), key=lambda e: -e[2]["weight"])
    _table(f"{len(graph)} actors, {len(edges)} links (top 20)",
           ["source", "target", "events", "cooperative", "conflictual", "mean score"],
           [[u, v, d["weight"], d["cooperation"], d["conflict"], d["mean_score"]]
            for u, v, d in edges[:20]])
    typer.echo(f"-> {output}", err=True)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First actor (code or name).")],
    b: Annotated[str, typer.Argument(help="Second actor (code or name).")],
    db: DbOpt = Path("events.duckdb"),
    freq: Annotated[str, typer.Option(help="day | week | month | quarter | year")] = "week",
    one_way: Annotated[bool, typer.Option(
        "--one-way", help="Only A→B, not both directions.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="A PNG plot.")] = None,
) -> None:
    """Events between two actors over time, by quad class, with the PLOVER score."""
    from .analysis.dyads import dyad_series, plot_dyad

    if output is not None and output.suffix.lower() != ".png":
        _err(f"{output}: the plot must be a .png file")
        raise typer.Exit(2)
    series = _with_store(db, lambda s: dyad_series(s, a, b, freq, not one_way, since, until))
    rows = [r.to_dict() for r in series]
    cols = ["period", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
            "events", "score_sum", "score_mean"]
    _table(f"{a} {'→' if one_way else '↔'} {b} per {freq}", cols,
           [[r[c] for c in cols] for r in rows])
    if output is not None:
        try:
            plot_dyad(series, output, title=f"{a} {'→' if one_way else '↔'} {b}")
        except OSError as exc:
            _err(f"{output}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(1) from exc
        typer.echo(f"-> {output}", err=True)


@app.command()
def alliance(
    name: Annotated[str, typer.Argument(help="IGO code: NATO, EU, ...")] = "NATO",
    db: DbOpt = Path("events.duckdb"),
    since: SinceOpt = None,
    until: UntilOpt = None,
    freq: Annotated[str, typer.Option(help="day | week | month | quarter | year")] = "month",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Alliance cohesion: members, intra-alliance events, blockers, cohesion per period."""
    from .analysis.cohesion import alliance_cohesion

    rep = _with_store(db, lambda s: alliance_cohesion(s, name, since, until, freq))
    periods = [[p.period, p.members, p.intra_events, p.cooperative, p.conflictual,
                None if p.index is None else round(p.index, 3), round(p.dissent_share, 3),
                ", ".join(p.dissenters)] for p in rep.periods]
    if as_json:
        typer.echo(json.dumps({
            "alliance": rep.alliance, "as_of": str(rep.as_of),
            "members": [m.code for m in rep.members], "intra_events": rep.intra_events,
            "intra_cooperative": rep.intra_cooperative,
            "intra_conflictual": rep.intra_conflictual, "outward_events": rep.outward_events,
            "index": rep.index, "blockers": [b.to_dict() for b in rep.blockers],
            "intra_conflicts": [b.to_dict() for b in rep.intra_conflicts],
            "periods": [dict(zip(["period", "members", "intra_events", "cooperative",
                                  "conflictual", "index", "dissent_share", "dissenters"], p,
                                 strict=True)) for p in periods],
        }, default=str, indent=1))
        return
    typer.echo(f"{rep.alliance} ({rep.name}): {len(rep.members)} members on {rep.as_of}")
    index = "n/a (no intra-alliance events)" if rep.index is None else f"{rep.index:.2f}"
    typer.echo(f"intra-alliance events: {rep.intra_events} ({rep.intra_cooperative} "
               f"cooperative, {rep.intra_conflictual} conflictual); outward events: "
               f"{rep.outward_events}; cohesion index: {index}")
    cols = ["date", "source", "target", "type", "mode", "relation", "sentence", "article"]
    if rep.blockers:
        _table("blockers: members rejecting or quarrelling with members or the alliance", cols,
               [[b.date, b.source, b.target, b.type, b.mode, b.relation,
                 b.sentence[:140], b.article_id[:12]] for b in rep.blockers])
    else:
        typer.echo("blockers: none (no member rejected or quarrelled with a member or the "
                   "alliance)")
    _table(f"cohesion per {freq}", ["period", "members", "intra events", "cooperative",
                                    "conflictual", "index", "dissent share", "dissenters"],
           periods)


@app.command()
def commitments(
    db: DbOpt = Path("events.duckdb"),
    actor: Annotated[str | None, typer.Option(help="Actor code or name (either side).")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Money and GDP shares requested, demanded, pledged, delivered and blocked."""
    from .analysis.commitments import commitments as run

    rep = _with_store(db, lambda s: run(s, actor, since, until))
    if as_json:
        typer.echo(json.dumps({
            "rows": [c.to_dict() for c in rep.rows],
            "money": [{"kind": k, "currency": c, "total": v} for (k, c), v in rep.money.items()],
            "gdp_shares": [c.to_dict() for c in rep.gdp_shares],
        }, default=str, indent=1))
        return
    _table(f"{len(rep.rows)} amounts",
           ["date", "kind", "source", "target", "amount", "value", "unit", "type", "sentence"],
           [[c.date, c.kind, c.source, c.target, c.text, c.value,
             c.currency or c.unit, c.type, c.sentence[:120]] for c in rep.rows])
    if rep.money:
        _table("money by kind and currency (never summed across currencies)",
               ["kind", "currency", "total"],
               [[k, cur, f"{v:,.0f}"] for (k, cur), v in sorted(rep.money.items())])
    if rep.gdp_shares:
        _table("shares of GDP (targets, not added up)", ["date", "kind", "source", "share"],
               [[c.date, c.kind, c.source, f"{c.value:g}%"] for c in rep.gdp_shares])
