"""Options read the environment when they are built, not when eventcoder is imported."""

from __future__ import annotations

import pytest

from eventcoder.ingest import IngestOptions
from eventcoder.settings import DEFAULT_MODEL, CoderOptions


def test_the_model_variable_set_after_import_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTCODER_MODEL", raising=False)
    assert CoderOptions().model == DEFAULT_MODEL
    monkeypatch.setenv("EVENTCODER_MODEL", "xx_custom_pipeline")
    assert CoderOptions().model == "xx_custom_pipeline"
    assert IngestOptions().coder.model == "xx_custom_pipeline"
    # an explicit model still wins, and a blank variable means the default
    assert CoderOptions(model="en_other").model == "en_other"
    monkeypatch.setenv("EVENTCODER_MODEL", "  ")
    assert CoderOptions().model == DEFAULT_MODEL


def test_options_stay_hashable_for_the_per_process_coder_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTCODER_MODEL", "xx_custom_pipeline")
    assert hash(CoderOptions()) == hash(CoderOptions(model="xx_custom_pipeline"))
