"""An event as the extractor builds it: found by a trigger rule, then shaped by conventions."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..records import Actor, Amount, Flags
from .lexicon import TriggerRule
from .syntax import child, is_passive


@dataclass
class Candidate:
    """One event in one sentence, before ids and article offsets are attached.

    `conventions` lists, in order, the ids of the conventions (conventions.yaml) that changed
    it; with `rule.id` in front that is the event's rule chain. `anchor` is the verb a noun
    trigger hangs on ("launched strikes"), `anchor_is_light` whether that verb only carries the
    noun, and `anchor_codes_the_act` whether it is itself a trigger of its own event.
    """

    rule: TriggerRule
    trigger: Token
    type: str
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    source_tok: Token | None = None
    target_tok: Token | None = None
    # the phrase that undergoes the act ("shot down a bomber"): not where its means are read
    patient_tok: Token | None = None
    anchor: Token | None = None
    anchor_is_light: bool = False
    anchor_codes_the_act: bool = False
    mode: str | None = None
    mode_fixed: bool = False  # set by a convention: cue words do not refine it
    contexts: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    location: str | None = None
    confidence: float = 0.9
    conventions: list[str] = field(default_factory=list)
    dropped_by: str | None = None
    _flags: tuple[str, Flags] | None = None

    @property
    def rule_chain(self) -> tuple[str, ...]:
        return (self.rule.id, *self.conventions)

    @property
    def other_targets(self) -> list[Actor]:
        """Recipients that are not an actor of the event itself (those are dropped later)."""
        own = {(a.code, a.sector) for a in self.sources}
        return [t for t in self.targets if (t.code, t.sector) not in own]

    def retype(self, new_type: str) -> None:
        if new_type != self.type:
            self.type = new_type
            self._flags = None  # a type's own words (a threat's "threaten") do not flag it
            if not self.mode_fixed:
                self.mode = None

    def material(self) -> list[Token]:
        """The trigger's clause without its actor: where mode, context and amounts are read."""
        tok, source_tok = self.trigger, self.source_tok
        skip = {t.i for t in source_tok.subtree} if source_tok is not None else set()
        root = tok
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            root = tok.head
        words = [t for t in root.subtree if t.i not in skip]
        if is_passive(tok):
            subj = child(tok, "nsubjpass")
            if subj is not None:
                words.extend(t for t in subj.subtree if t.i not in skip)
        return words
