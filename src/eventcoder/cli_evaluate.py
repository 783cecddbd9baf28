"""`eventcoder evaluate`: scores on gold sentences (JSONL, GSR) or gold articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .cli import ModelOpt, _err, _options, app
from .errors import EventcoderError


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (docs/gold-format.md), the PLOVER "
                                         "GSR JSON file, or articles: a folder of NAME.txt "
                                         "with NAME.expected.json, or one such file.")],
    misses: Annotated[int, typer.Option(help="How many items with misses to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    model: ModelOpt = None,
) -> None:
    """Precision, recall and F1 per event type, for the type alone and the full dyad; for
    articles, recall of required events, precision and forbidden hits per article."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from .coder import Coder
    from .evaluate import evaluate as run_eval
    from .evaluate import gsr_code_map, read_gold
    from .evaluate_articles import is_article_gold

    if is_article_gold(gold):
        _evaluate_articles(gold, misses, as_json, model)
        return
    try:
        items = read_gold(gold)
        coder = Coder(_options(model))
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    is_gsr = gold.read_text(encoding="utf-8", errors="replace").lstrip().startswith("[")
    console = Console(stderr=True)
    with Progress(console=console, disable=not console.is_terminal, transient=True) as prog:
        task = prog.add_task("coding gold items", total=len(items))
        report = run_eval(items, coder, gsr_code_map(coder) if is_gsr else None,
                          progress=lambda n: prog.update(task, completed=n))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
        return
    out = Console()
    table = Table(title=f"{gold.name}: {report.items} items")
    for col in ("type", "gold", "P type", "R type", "F1 type", "P dyad", "R dyad", "F1 dyad"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for t in sorted(report.by_type):
        ts, ds = report.by_type[t], report.by_type_dyad.get(t)
        table.add_row(t, str(ts.tp + ts.fn), f"{ts.precision:.2f}", f"{ts.recall:.2f}",
                      f"{ts.f1:.2f}", f"{ds.precision:.2f}" if ds else "",
                      f"{ds.recall:.2f}" if ds else "", f"{ds.f1:.2f}" if ds else "")
    tt, dt = report.type_total, report.dyad_total
    table.add_row("ALL", str(tt.tp + tt.fn), f"{tt.precision:.2f}", f"{tt.recall:.2f}",
                  f"{tt.f1:.2f}", f"{dt.precision:.2f}", f"{dt.recall:.2f}", f"{dt.f1:.2f}",
                  style="bold")
    out.print(table)
    out.print(f"type  P={tt.precision:.3f} R={tt.recall:.3f} F1={tt.f1:.3f}")
    out.print(f"dyad  P={dt.precision:.3f} R={dt.recall:.3f} F1={dt.f1:.3f}")
    if misses and report.misses:
        out.print(f"\nitems with misses: {len(report.misses)} (first {misses})")
        for m in report.misses[:misses]:
            out.print(f"[bold]{m['id']}[/bold] {m['text'][:160]}", highlight=False)
            if m["missed"]:
                out.print(f"   missed:     {m['missed']}", highlight=False)
            if m["unexpected"]:
                out.print(f"   unexpected: {m['unexpected']}", highlight=False)


def _evaluate_articles(path: Path, misses: int, as_json: bool, model: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from .coder import Coder
    from .evaluate_articles import evaluate_articles, read_article_gold

    try:
        golds = read_article_gold(path)
        coder = Coder(_options(model))
    except EventcoderError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    report = evaluate_articles(golds, coder)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1))
        return
    out = Console()
    table = Table(title=f"{path.name}: {len(golds)} article(s)")
    for col in ("article", "recall", "found", "precision", "correct", "forbidden"):
        table.add_column(col, justify="left" if col == "article" else "right")
    for a in report.articles + [report.total()]:
        table.add_row(a.name, f"{a.found / a.required if a.required else 0:.2f}",
                      f"{a.found}/{a.required}",
                      f"{a.correct / a.emitted if a.emitted else 0:.2f}",
                      f"{a.correct}/{a.emitted}", str(a.forbidden),
                      style="bold" if a.name == "total" else None)
    out.print(table)
    t = report.total()
    out.print(f"recall {t.found / t.required if t.required else 0:.3f}  "
              f"precision {t.correct / t.emitted if t.emitted else 0:.3f}  "
              f"forbidden {t.forbidden}")
    shown = 0
    for a in report.articles:
        if shown >= misses:
            break
        if not (a.missed or a.extra or a.forbidden_hits):
            continue
        shown += 1
        out.print(f"\n[bold]{a.name}[/bold]", highlight=False)
        for item in a.missed:
            out.print(f"   missed     {item['type']} {item['source']} -> {item['target']}  "
                      f"({item.get('why', '')[:90]})", highlight=False)
        for d, sentence in a.forbidden_hits:
            out.print(f"   FORBIDDEN  {d}  | {sentence.strip()[:110]}", highlight=False)
        for d, sentence in a.extra:
            out.print(f"   extra      {d}  | {sentence.strip()[:110]}", highlight=False)
