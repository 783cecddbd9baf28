"""`eventcoder report`: one article as a self-contained HTML page (see report.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli import ModelOpt, _err, _options, _read_input, app
from .errors import EventcoderError


@app.command()
def report(
    input_path: Annotated[str, typer.Argument(
        metavar="INPUT", help="The article: a text file, or - for stdin.")],
    date: Annotated[str | None, typer.Option(
        help="Publication date, YYYY-MM-DD (default: today). Office-holders and alliance "
        "memberships are resolved on it.")] = None,
    source: Annotated[str | None, typer.Option(help="The outlet that published the text.")
                      ] = None,
    title: Annotated[str | None, typer.Option(
        help="Title for the page (default: the first words of the text).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")
                      ] = Path("report.html"),
    model: ModelOpt = None,
) -> None:
    """Code one article and write an HTML page: marked text, events, actor graph, map, alliances,
    blocks, commitments and denied statements. The page works offline."""
    from .coder import Coder, parse_date
    from .records import Article
    from .report import build_report

    try:
        day = parse_date(date)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    try:
        text = _read_input(input_path)
    except OSError as exc:
        _err(f"{input_path}: cannot read: {exc.strerror or exc}")
        raise typer.Exit(2) from exc
    try:
        options = _options(model, include_flagged=True)
        coder = Coder(options)
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    origin = None if input_path == "-" else input_path
    result = coder.code(Article(text=text, date=day, source=source, title=title, origin=origin))
    for w in result.warnings:
        _err(f"{input_path}: {w}")
    page = build_report(result, coder.knowledge, settings=options)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    typer.echo(f"{output}: {len(result.events)} events, {len(result.flagged)} denied or "
               f"hypothetical", err=True)
