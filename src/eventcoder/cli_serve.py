"""`eventcoder serve`: the JSON API and the web UI over an event database."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Annotated

import typer

from .cli import DbOpt, OutletsOpt, _err, _outlet_registry, app
from .errors import EventcoderError

TOKEN_ENV = "EVENTCODER_INGEST_TOKEN"
HOSTS_ENV = "EVENTCODER_ALLOWED_HOSTS"
WORKER_CONFIG_ENV = "EVENTCODER_SERVE_CONFIG"  # how `--workers` hands the settings to each
WORKER_PING_SECONDS = 120  # a worker that answers no health check for this long is restarted


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOpt = Path("events.duckdb"),
    host: Annotated[str, typer.Option(
        help="Address to bind (default: this machine only). Use 0.0.0.0 to expose it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    ingest_token: Annotated[str | None, typer.Option(
        "--ingest-token", envvar=TOKEN_ENV, show_envvar=True,
        help="Bearer token POST /api/ingest requires; without one, ingest is disabled. "
             "Prefer the environment variable or --ingest-token-file: a value given here "
             "is visible to every user in the process list.")
    ] = None,
    ingest_token_file: Annotated[Path | None, typer.Option(
        "--ingest-token-file", dir_okay=False,
        help="Read the ingest token from this file (its first line).")
    ] = None,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", envvar=HOSTS_ENV, show_envvar=True,
        help="A Host name clients may use besides localhost, 127.0.0.1, ::1 and --host "
             "(repeatable; '*.example.org' for a domain, '*' for any). Requests naming "
             "another host get 400.")
    ] = None,
    workers: Annotated[int, typer.Option(
        help="Server processes sharing the port (reads only: ingest needs 1).", min=1, max=64)
    ] = 1,
    cache_mb: Annotated[int, typer.Option(
        help="Memory per process for answers kept until the database changes (0: none).",
        min=0, max=65536)] = 64,
    outlets: OutletsOpt = None,
) -> None:
    """Serve the JSON API (/api, /docs, /openapi.json) and the web UI (/) for a database."""
    import uvicorn

    from .api import create_app
    from .api.middleware import allowed_hosts_for

    if not db.is_file():
        _err(f"{db}: no such database (build one with `eventcoder ingest ... --db {db}`)")
        raise typer.Exit(2)
    token = _ingest_token(ctx, ingest_token, ingest_token_file)
    if token and workers > 1:
        _err("ingest needs a single server process: drop --workers or the ingest token "
             "(`eventcoder ingest` can write while the server is idle)")
        raise typer.Exit(2)
    hosts = allowed_hosts_for(host, allowed_host or ())
    settings = {"db": str(db), "allowed_hosts": hosts, "cache_bytes": cache_mb * 1024 * 1024,
                "outlets": [str(f) for f in outlets or ()]}
    try:
        api = create_app(db, ingest_token=token, outlets=_outlet_registry(outlets),
                         allowed_hosts=hosts, cache_bytes=settings["cache_bytes"])
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"eventcoder: serving {db} at http://{shown}:{port}/ "
               f"(API docs at /docs; ingest {'enabled' if token else 'disabled'}; "
               f"{workers} process{'es' if workers > 1 else ''}; Host names: "
               f"{', '.join(hosts)}); Ctrl-C stops")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"warning: listening on {host}, reachable from other machines")
        if "*" not in hosts and host.strip("[]") in ("0.0.0.0", "::", ""):
            _err("warning: only the Host names above are answered; add the names clients "
                 "use with --allowed-host")
    os.environ.pop(TOKEN_ENV, None)  # not inherited by anything started later
    if workers == 1:
        uvicorn.run(api, host=host, port=port, log_level="warning")
        return
    os.environ[WORKER_CONFIG_ENV] = json.dumps(settings)
    # a worker busy with the others on few cores may take seconds to answer uvicorn's ping;
    # the default 5 s killed and restarted loaded workers, dropping their connections
    uvicorn.run("eventcoder.cli_serve:worker_app", factory=True, workers=workers, host=host,
                port=port, log_level="warning", timeout_worker_healthcheck=WORKER_PING_SECONDS)


def worker_app():  # noqa: ANN201 - uvicorn's factory; the FastAPI import stays lazy
    """The app of one `serve --workers` process, from the settings the parent left."""
    from .api import create_app
    from .knowledge.outlets import OutletRegistry

    settings = json.loads(os.environ[WORKER_CONFIG_ENV])
    return create_app(settings["db"],
                      outlets=OutletRegistry.load([Path(f) for f in settings["outlets"]]),
                      allowed_hosts=settings["allowed_hosts"],
                      cache_bytes=settings["cache_bytes"])


def _ingest_token(ctx: typer.Context, given: str | None, path: Path | None) -> str | None:
    """The token from --ingest-token-file, the environment or --ingest-token (with a
    warning: a command line is readable by every user, in /proc/PID/cmdline and `ps`)."""
    source = ctx.get_parameter_source("ingest_token")
    from_flag = getattr(source, "name", None) == "COMMANDLINE"
    if path is not None:
        if given:
            _err(f"give the ingest token once: --ingest-token-file or "
                 f"{'--ingest-token' if from_flag else TOKEN_ENV}, not both")
            raise typer.Exit(2)
        try:
            mode = path.stat().st_mode
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            _err(f"{path}: cannot read the ingest token: {exc}")
            raise typer.Exit(2) from exc
        token = lines[0].strip() if lines else ""
        if not token:
            _err(f"{path}: the ingest token file is empty")
            raise typer.Exit(2)
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            _err(f"warning: {path} is readable by other users (chmod 600 {path})")
        return token
    if given and from_flag:
        _err(f"warning: --ingest-token puts the token on the command line, where every user "
             f"of this machine can read it; set {TOKEN_ENV} or use --ingest-token-file")
    return given or None
