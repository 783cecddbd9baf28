"""`eventcoder serve`: the JSON API and the web UI over an event database (one process)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .cli import DbOpt, OutletsOpt, _err, _outlet_registry, app
from .errors import EventcoderError


@app.command()
def serve(
    db: DbOpt = Path("events.duckdb"),
    host: Annotated[str, typer.Option(
        help="Address to bind (default: this machine only). Use 0.0.0.0 to expose it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    ingest_token: Annotated[str | None, typer.Option(
        "--ingest-token", envvar="EVENTCODER_INGEST_TOKEN", show_envvar=True,
        help="Bearer token POST /api/ingest requires; without one, ingest is disabled.")
    ] = None,
    outlets: OutletsOpt = None,
) -> None:
    """Serve the JSON API (/api, /docs, /openapi.json) and the web UI (/) for a database."""
    import uvicorn

    from .api import create_app

    if not db.is_file():
        _err(f"{db}: no such database (build one with `eventcoder ingest ... --db {db}`)")
        raise typer.Exit(2)
    try:
        api = create_app(db, ingest_token=ingest_token or None,
                         outlets=_outlet_registry(outlets))
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"eventcoder: serving {db} at http://{shown}:{port}/ "
               f"(API docs at /docs; ingest {'enabled' if ingest_token else 'disabled'}); "
               "Ctrl-C stops")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"warning: listening on {host}, reachable from other machines")
    os.environ.pop("EVENTCODER_INGEST_TOKEN", None)  # not inherited by anything started later
    uvicorn.run(api, host=host, port=port, log_level="warning")
