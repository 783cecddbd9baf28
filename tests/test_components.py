"""eventcoder's spaCy components in a pipeline of the user's own, as the README shows."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from conftest import ROOT


def _readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_pipeline_example_runs_and_prints_what_it_says():
    code = _readme_block("### In your own spaCy pipeline")
    promised = re.findall(r"^# (.+)$", code, re.M)[-1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == promised


def test_components_declare_what_they_assign_and_require():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("eventcoder_actors")
    nlp.add_pipe("eventcoder_events")
    analysis = nlp.analyze_pipes()["summary"]
    assert "doc._.actor_mentions" in analysis["eventcoder_actors"]["assigns"]
    assert "doc._.actor_mentions" in analysis["eventcoder_events"]["requires"]
    assert "doc._.events" in analysis["eventcoder_events"]["assigns"]


def test_events_without_actors_first_is_a_clear_error(coder):
    nlp = coder.nlp
    with nlp.select_pipes(disable=["eventcoder_actors"]):
        with pytest.raises(ValueError, match="eventcoder_actors"):
            nlp("Finland condemned Russia.")


def test_undated_docs_give_undated_events_but_resolve_people(coder):
    doc = coder.nlp("Finland condemned Russia.")
    [event] = doc._.events
    assert event.date is None and event.date_resolution == "undated"
    assert (event.source.code, event.target.code) == ("FIN", "RUS")


def test_the_coder_warns_when_an_article_has_no_date(coder):
    from eventcoder.records import Article

    result = coder.code(Article(text="Finland condemned Russia."))
    assert [e.date for e in result.events] == [None]
    assert any("no date" in w for w in result.warnings)
    dated = coder.code(Article(text="Finland condemned Russia.", date=_day()))
    assert dated.events[0].date == _day() and not dated.warnings


def _day():
    import datetime

    return datetime.date(2024, 2, 1)
