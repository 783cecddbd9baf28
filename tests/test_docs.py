"""The docs run: every `eventcoder ...` line in a shell block of README.md and docs/*.md is run
in a folder laid out like the one the docs assume (article.txt, news/, feed.jsonl, feed.xml,
crawl.warc.gz, events.duckdb, gold/, my-outlets.yaml), must succeed, and where the docs show
what it prints (a block of `$ command` lines, each followed by its output) must print exactly
that. Every `eventcoder NAME` the prose mentions must be a command.

Commands run in this process (the model loads once); a line that pipes into another program
runs in bash with `eventcoder` on PATH pointing at these sources. `eventcoder serve` and
`eventcoder watch` run until stopped, `--fetch` goes on the network and `"..."` stands for
text to fill in, so those lines are only parsed. Lines that read
../shared skip without it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_LANGS = {"", "bash", "sh", "shell", "console"}
NOT_RUN = {"serve", "watch"}  # they run until stopped: parsed, not run


def _parsed_only(line: str) -> bool:
    """A command that runs until stopped, fetches from the network (--fetch), or is a
    template (`--sql "..."`): parsed, not run."""
    words = _words(line)
    return words[1] in NOT_RUN or "--fetch" in words or "..." in words


@dataclass(frozen=True)
class Documented:
    where: str  # file:line
    line: str  # the command as written
    sample: str | None  # what the docs say it prints, when they show it

    def __str__(self) -> str:
        return self.where


def _shell_blocks(path: Path):
    """(first line number, lines) of each fenced shell block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start, lang, body = None, "", []
    for n, line in enumerate(lines, 1):
        if line.startswith("```"):
            if start is None:
                start, lang, body = n + 1, line[3:].strip(), []
            else:
                if lang in SHELL_LANGS:
                    yield start, body
                start = None
        elif start is not None:
            body.append(line)


def documented_commands() -> list[Documented]:
    found = []
    for path in DOC_FILES:
        for start, body in _shell_blocks(path):
            if any(line.startswith("$ ") for line in body):
                # a transcript: each `$ command` is followed by what it prints
                for i, line in enumerate(body):
                    if not line.startswith("$ eventcoder "):
                        continue
                    out = []
                    for after in body[i + 1:]:
                        if after.startswith("$ "):
                            break
                        out.append(after)
                    found.append(Documented(f"{path.name}:{start + i}", line[2:],
                                            "\n".join(out).rstrip("\n")))
            else:
                found += [Documented(f"{path.name}:{start + i}", line, None)
                          for i, line in enumerate(body) if line.startswith("eventcoder ")]
    return found


DOCUMENTED = documented_commands()


def _words(line: str) -> list[str]:
    """The line as the shell splits it, without its comment; `$(...)` stands for a value."""
    line = re.sub(r"\$\([^)]*\)", "VALUE", line)
    lex = shlex.shlex(line, posix=True, punctuation_chars="<>|")
    lex.whitespace_split, lex.commenters = True, "#"
    return list(lex)


def _command():
    import typer

    from eventcoder.cli import app
    from eventcoder.cli_help import tidy_help

    return tidy_help(typer.main.get_command(app))


def test_the_docs_show_commands_and_samples():
    assert len(DOCUMENTED) >= 30
    assert any(d.sample for d in DOCUMENTED if d.line.startswith("eventcoder code "))


def test_every_command_the_prose_names_exists():
    commands = set(_command().commands)
    for path in DOC_FILES:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"`eventcoder ([a-z][a-z-]*)", text):
            line = text[:m.start()].count("\n") + 1
            assert m.group(1) in commands, f"{path.name}:{line}: no command {m.group(1)!r}"


# ---- the folder the docs assume ------------------------------------------------------------
def _feed_line(text: str, day: str, source: str, title: str) -> str:
    return json.dumps({"text": text, "date": day, "source": source, "title": title})


@pytest.fixture(scope="module")
def docs_folder(tmp_path_factory) -> Path:
    from datetime import date

    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.sources.readers import ReaderOptions

    top = tmp_path_factory.mktemp("docs")
    work = top / "work"
    (work / "news").mkdir(parents=True)
    brief = (ROOT / "examples" / "baltic-brief.txt").read_text(encoding="utf-8")
    mixed = (ROOT / "tests" / "golden" / "golden-mixed.txt").read_text(encoding="utf-8")
    for name, text in (("article.txt", brief), ("a.txt", brief), ("b.txt", mixed),
                       ("news/brief.txt", brief), ("news/mixed.txt", mixed)):
        (work / name).write_text(text, encoding="utf-8")
    (work / "feed.jsonl").write_text(
        _feed_line(brief, "2025-06-10", "Example Wire", "Baltic brief") + "\n"
        + _feed_line(mixed, "2025-06-20", "Valley Post", "Mixed news") + "\n", encoding="utf-8")
    for name in ("gold", "examples"):
        (work / name).symlink_to(ROOT / name)
    import warc_files

    brief_html = warc_files.page("Baltic brief", *brief.split("\n\n"))
    warc_files.write(work / "crawl.warc.gz",
                     warc_files.response("https://example.org/brief", brief_html))
    (work / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        "<item><title>Baltic brief</title><link>https://example.org/b</link>"
        "<pubDate>Tue, 17 Jun 2025 08:00:00 GMT</pubDate><description>"
        + brief.replace("&", "&amp;").replace("<", "&lt;")
        + "</description></item></channel></rss>\n", encoding="utf-8")
    # "your own registry": a copy of the bundled one
    shutil.copy(ROOT / "src" / "eventcoder" / "knowledge" / "data" / "outlets.yaml",
                work / "my-outlets.yaml")
    if SHARED.is_dir():
        (top / "shared").symlink_to(SHARED)
    ingest([work / "news", work / "feed.jsonl"], work / "events.duckdb",
           IngestOptions(reader=ReaderOptions(date=date(2025, 6, 24))))
    return work


def _run_in_process(words: list[str], folder: Path) -> tuple[int, str]:
    """Run `eventcoder ...` with `<`, `<<<` and `>` done as the shell would."""
    from click.testing import CliRunner

    args, stdin, out_file = [], None, None
    it = iter(words[1:])
    for w in it:
        if w == "<":
            stdin = (folder / next(it)).read_text(encoding="utf-8")
        elif w == "<<<":
            stdin = next(it) + "\n"
        elif w == ">":
            out_file = folder / next(it)
        else:
            args.append(w)
    result = CliRunner().invoke(_command(), args, input=stdin, catch_exceptions=False)
    if out_file is not None:
        out_file.write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.stdout


def _run_in_bash(line: str, folder: Path, tmp_path: Path) -> tuple[int, str]:
    shim = tmp_path / "bin" / "eventcoder"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m eventcoder "$@"\n')
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(["bash", "-c", line], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)
    return proc.returncode, proc.stdout


@pytest.mark.parametrize("doc", DOCUMENTED, ids=str)
def test_documented_command(doc: Documented, docs_folder: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch):
    words = _words(doc.line)
    if _parsed_only(doc.line):
        args = [w for w in words[1:] if w not in "<>|"]
        _command().make_context("eventcoder", args)  # raises on an unknown command or option
        return
    if "../shared" in doc.line and not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    monkeypatch.chdir(docs_folder)
    if "|" in words:  # into another program: the shell runs it
        program = words[words.index("|") + 1]
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not installed")
        code, out = _run_in_bash(doc.line, docs_folder, tmp_path)
    else:
        code, out = _run_in_process(words, docs_folder)
    assert code == 0, f"{doc.where}: `{doc.line}` exited with {code}:\n{out[-2000:]}"
    if doc.sample is not None:
        got = "\n".join(line.rstrip() for line in out.rstrip("\n").splitlines())
        want = "\n".join(line.rstrip() for line in doc.sample.splitlines())
        assert got == want, f"{doc.where}: `{doc.line}` prints something else"
