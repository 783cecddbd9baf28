"""`eventcoder watch`: keep a database up to date with a folder that news files arrive in."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from .cli import DbOpt, ModelOpt, _err, _options, app
from .errors import EventcoderError


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="The folder to watch (recursively).")],
    db: DbOpt = Path("events.duckdb"),
    date: Annotated[str | None, typer.Option(
        help="Publication date for inputs that carry none, YYYY-MM-DD.")] = None,
    source: Annotated[str | None, typer.Option(
        help="Outlet name for inputs that carry none.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per stored batch.")] = 16,
    files_per_group: Annotated[int, typer.Option(
        help="Files ingested before the database is closed again (so `serve` can read it).")
    ] = 16,
    settle: Annotated[float, typer.Option(
        help="Seconds a file must stay unchanged before it is read.")] = 0.5,
    poll: Annotated[float | None, typer.Option(
        help="Poll the folder every this many seconds instead of using inotify "
             "(network file systems).")] = None,
    model: ModelOpt = None,
) -> None:
    """Ingest new and changed files of FOLDER as they arrive; Ctrl-C or SIGTERM stops."""
    from .coder import parse_date
    from .ingest import IngestOptions
    from .sources.readers import ReaderOptions
    from .watch import Watcher, WatchOptions

    try:
        reader = ReaderOptions(date=parse_date(date), source=source)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    options = WatchOptions(
        ingest=IngestOptions(coder=_options(model), reader=reader, batch_size=max(1, batch_size)),
        files_per_group=max(1, files_per_group), settle_seconds=max(0.0, settle),
        poll_seconds=poll)
    stop = threading.Event()
    tty = sys.stderr.isatty()

    def show(status) -> None:
        line = f"watch: {status.line()}"
        if tty:
            sys.stderr.write("\r\x1b[K" + line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def ask_stop(signum, _frame) -> None:
        stop.set()

    old = {s: signal.signal(s, ask_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    typer.echo(f"eventcoder: watching {folder} -> {db}; Ctrl-C stops", err=True)
    try:
        status = Watcher(folder, db, options, status=show, stop=stop).run()
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
    if tty:
        sys.stderr.write("\n")
    status.note = ""
    typer.echo(f"eventcoder: watch stopped: {status.line()}", err=True)
    if status.failures:
        _err(f"{status.failures} item(s) failed: see `eventcoder stats --db {db} --failures`")
        raise typer.Exit(1)
