"""How `eventcoder --help` names values: no Python types in it.

Typer labels a list-typed parameter `<list[str]>`. An argument's name already says what it
takes (`inputs...`), so its label is dropped; a repeatable option is labelled by its item
(`--type <str>`, its help says it repeats). Help text is printed as written (no Rich markup),
so `pip install 'eventcoder[dask]'` keeps its brackets.
"""

from __future__ import annotations

from typing import Any

import click
import typer
from typer.core import TyperArgument


class _NamedArgument(TyperArgument):
    """An argument shown by its name alone."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None


def tidy_help(command: click.Command) -> click.Command:
    """Relabel the list-typed parameters of `command` and of every subcommand, in place."""
    ctx = click.Context(command)
    for param in command.params:
        label = getattr(param, "display_type", None)
        shown = label(ctx) if label is not None else ""
        if not shown.startswith("<list["):
            continue
        if isinstance(param, TyperArgument):
            param.__class__ = _NamedArgument
        elif param.metavar is None:
            param.metavar = "<" + shown[len("<list["):-len("]>")] + ">"
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)
    return command


class HelpfulTyper(typer.Typer):
    """A Typer app whose command has `tidy_help` applied before it runs."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return tidy_help(typer.main.get_command(self))(*args, **kwargs)
