"""End-to-end: run the `eventcoder` command as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "baltic-brief.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], input=stdin,
                          capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def example_jsonl():
    proc = run("code", str(EXAMPLE), "--date", "2025-11-17", "--source", "Example Wire",
               "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_code_example_as_jsonl(example_jsonl):
    assert example_jsonl, "the bundled example must give events"
    for rec in example_jsonl:
        assert rec["source_name"] == "Example Wire"
        # the publication date, or the date its own clause gives ("this month")
        assert rec["date"] == "2025-11-17" or rec["date_resolution"] in ("month", "week", "day")
        assert rec["evidence"]["rule"]
    dy = {(r["type"], r["source"]["code"], (r["target"] or {}).get("code"))
          for r in example_jsonl}
    assert ("REJECT", "HUN", None) in dy or any(t == "REJECT" and s == "HUN" for t, s, _ in dy)
    assert ("ACCUSE", "RUS", "EU") in dy or ("ACCUSE", "RUS", "BEL") in dy


def test_code_from_stdin_in_plover_format():
    proc = run("code", "-", "--date", "2024-02-01", "--format", "plover",
               stdin=b"Finland condemned Russia over the border closures.")
    assert proc.returncode == 0, proc.stderr.decode()
    [rec] = json.loads(proc.stdout)
    assert rec["event"] == ["ACCUSE"] and rec["actor"][0]["code"] == "FIN"
    assert rec["recipient"][0]["code"] == "RUS"
    assert rec["quad_code"] == 3 and rec["cameo"].startswith("11")


def test_cameo_tsv_and_table_formats():
    proc = run("code", "-", "--format", "cameo-tsv", stdin=b"Chad expelled the French ambassador.")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("id\tdate\tsource")
    proc = run("code", "-", "--format", "table", stdin=b"Chad expelled the French ambassador.")
    assert proc.returncode == 0 and b"type" in proc.stdout


def test_include_flagged_shows_denied_events():
    text = b"Chile did not condemn Peru."
    plain = run("code", "-", "--format", "jsonl", stdin=text)
    flagged = run("code", "-", "--format", "jsonl", "--include-flagged", stdin=text)
    assert plain.stdout.strip() == b""
    [rec] = [json.loads(x) for x in flagged.stdout.decode().splitlines()]
    assert rec["flags"]["negated"] is True


def test_empty_and_junk_input_exit_zero_with_a_message():
    proc = run("code", "-", stdin=b"")
    assert proc.returncode == 0 and b"empty" in proc.stderr
    proc = run("code", "-", stdin=bytes(range(256)) * 10)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr


def test_missing_file_is_a_real_error_but_other_files_still_code(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Finland condemned Russia.")
    proc = run("code", str(tmp_path / "missing.txt"), str(good), "--format", "jsonl")
    assert proc.returncode == 1
    assert b"missing.txt" in proc.stderr and b"Traceback" not in proc.stderr
    assert b"ACCUSE" in proc.stdout


def test_bad_date_and_bad_format_are_usage_errors():
    assert run("code", "-", "--date", "25/06/2025", stdin=b"x").returncode == 2
    assert run("code", "-", "--format", "xml", stdin=b"x").returncode == 2


def test_resolve_is_date_aware():
    early = run("resolve", "Mark Rutte", "--date", "2023-01-01").stdout.decode()
    late = run("resolve", "Mark Rutte", "--date", "2025-01-01").stdout.decode()
    assert "\tNLD\tGOV" in early and "\tNATO\tIGO" in late


def test_check_data_validates_the_bundled_files():
    proc = run("check-data")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"trigger rules" in proc.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    from eventcoder.cli import app

    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        assert f"eventcoder {name}" in readme, name


# ---- stats: totals that add up, and a word when nothing failed -------------------------------
LONG_PLEDGE = ("Germany pledged 500 million euros for the reconstruction of hospitals, schools, "
               "bridges and power stations in the eastern provinces over the coming decade.")

@pytest.fixture(scope="module")
def flagged_store(tmp_path_factory):
    from eventcoder.ingest import ingest

    root = tmp_path_factory.mktemp("stats")
    (root / "a.txt").write_text("Poland accused Belarus of pushing migrants across the border. "
                                "Russia did not attack Estonia. " + LONG_PLEDGE + "\n",
                                encoding="utf-8")
    db = root / "s.duckdb"
    summary = ingest([root / "a.txt"], db, _dated_options())
    assert summary.failures == 0 and summary.warnings == 0
    return db


def _dated_options():
    from datetime import date

    from eventcoder.ingest import IngestOptions
    from eventcoder.sources.readers import ReaderOptions

    return IngestOptions(reader=ReaderOptions(date=date(2025, 6, 1)))


def test_stats_says_which_events_its_type_counts_leave_out(flagged_store):
    out = run("stats", "--db", str(flagged_store)).stdout.decode()
    assert "events     3 (2 asserted, 1 negated or hypothetical)" in out
    assert "events by type (asserted only; negated and hypothetical left out): " in out


def test_stats_failures_says_so_when_there_are_none(flagged_store):
    proc = run("stats", "--db", str(flagged_store), "--failures")
    assert proc.returncode == 0
    assert "failures   0\nwarnings   0\n" in proc.stdout.decode()
    assert proc.stdout.decode().rstrip().endswith("no failures or warnings recorded")


# ---- help: as written, no Python types ---------------------------------------------------------
def _help_of_every_command() -> dict[str, str]:
    import typer
    from click.testing import CliRunner

    from eventcoder.cli import app
    from eventcoder.cli_help import tidy_help

    command = tidy_help(typer.main.get_command(app))
    runner = CliRunner()
    out = {"": runner.invoke(command, ["--help"], terminal_width=100).output}
    for name in command.commands:
        out[name] = runner.invoke(command, [name, "--help"], terminal_width=100).output
    return out


def test_help_keeps_brackets_and_shows_no_python_types():
    helps = _help_of_every_command()
    assert len(helps) >= 14 and all("Usage:" in h for h in helps.values())
    assert "'eventcoder[dask]'" in " ".join(helps["ingest"].split())
    for name, text in helps.items():
        assert "list[" not in text and "<bool>" not in text, name
    assert "inputs...  " in helps["code"] and "--type <str>" in helps["network"]


def test_the_installed_command_prints_the_same_help():
    out = run("ingest", "--help").stdout.decode()
    assert "'eventcoder[dask]'" in " ".join(out.split()) and "list[" not in out


def test_long_commitment_sentences_end_on_a_word_with_an_ellipsis(flagged_store):
    out = run("commitments", "--db", str(flagged_store)).stdout.decode()
    flat = " ".join(out.replace("│", " ").split())
    assert "500 million euros" in flat and "…" in flat
    assert "coming decade" not in flat  # past the cut


def test_clip_cuts_between_words():
    from eventcoder.cli_analysis import clip

    assert clip(LONG_PLEDGE, 40) == "Germany pledged 500 million euros for…"
    cut = clip(LONG_PLEDGE, 120)
    assert len(cut) <= 120 and cut.endswith("stations in the…")
    assert clip("Short  and\nsweet.", 40) == "Short and sweet."  # nothing cut, no ellipsis
    assert clip("Supercalifragilistic", 8) == "Superca…"  # one long word: cut inside it
