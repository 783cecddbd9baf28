"""The trigger lexicon: data/triggers/*.yaml, checked against its schema and the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .._data import load_checked, package_file
from ..errors import DataFileError
from ..ontology import load_ontology
from .slots import check_slot_name

_PKG = "eventcoder.extract"

DEFAULT_TARGETS = {
    "VERB": ("object",),
    "NOUN": ("prep:against", "prep:on", "prep:to", "prep:with", "prep:toward", "prep:for"),
}


@dataclass(frozen=True)
class TriggerRule:
    """One lexicon entry: a head word that signals an event, and where its arguments are."""

    id: str
    type: str
    lemma: str
    pos: str
    mode: str | None = None
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    requires_prep: str | None = None
    source: str = "subject"
    target: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    example: str | None = None
    expect: dict | None = None
    # constructions: the complement clause must carry one of these auxiliaries ("must")
    complement_aux: frozenset[str] = frozenset()
    needs_target: bool = False  # no event unless a recipient is found in the rule's slots
    # fire only when the head calls its object something ('called the vote a sham')
    requires_predicative: bool = False
    no_object: bool = False  # fire only without a direct object ('demonstrated', not '... it')
    requires_source: bool = False  # fire only when the source slot finds a token
    dep_in: frozenset[str] = frozenset()  # fire only when the head has one of these deps
    requires_infinitive: bool = False  # fire only with a 'to' clause of its own ('calls to act')
    confidence: float | None = None

    @property
    def specificity(self) -> int:
        """More constrained rules win over plain ones for the same word."""
        return (2 if self.objects else 0) + (1 if self.particle else 0) + (
            1 if self.requires_prep else 0) + (2 if self.complement_aux else 0) + (
            2 if self.requires_predicative else 0) + (2 if self.requires_source else 0) + (
            1 if self.requires_infinitive else 0)


class Lexicon:
    """Trigger rules indexed by (lemma, POS)."""

    def __init__(self, rules: list[TriggerRule]) -> None:
        self.rules = rules
        self._index: dict[tuple[str, str], list[TriggerRule]] = {}
        for r in rules:
            self._index.setdefault((r.lemma, r.pos), []).append(r)
        for bucket in self._index.values():
            bucket.sort(key=lambda r: -r.specificity)

    def lookup(self, lemma: str, pos: str) -> list[TriggerRule]:
        return self._index.get((lemma, pos), [])

    def __len__(self) -> int:
        return len(self.rules)

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """The bundled lexicon (one file per PLOVER type in data/triggers/), or `path`: a
        YAML file or a folder of them."""
        onto = load_ontology()
        seen: dict[str, Path] = {}
        rules = []
        for where in trigger_files(path):
            for entry in load_checked(_PKG, "triggers", "triggers.schema.json", where):
                rules.append(_rule(entry, where, onto, seen))
        return cls(rules)


def trigger_files(path: Path | None = None) -> list[Path]:
    """The YAML files a lexicon is read from: `path` itself, or every *.yaml in a folder."""
    path = Path(path) if path is not None else package_file(_PKG, "data", "triggers")
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise DataFileError(f"{path}: no trigger files (*.yaml) in this folder")
        return files
    return [path]


def _rule(entry: dict, where: Path, onto, seen: dict[str, Path]) -> TriggerRule:
    rid = entry["id"]
    if rid in seen:
        raise DataFileError(f"{where}: duplicate trigger id {rid!r} (also in {seen[rid]})")
    seen[rid] = where
    if not onto.is_valid_mode(entry["type"], entry.get("mode")):
        raise DataFileError(
            f"{where}: {rid}: mode {entry.get('mode')!r} is not a mode of {entry['type']}"
        )
    for ctx in entry.get("context", ()):
        if ctx not in onto.contexts:
            raise DataFileError(f"{where}: {rid}: unknown PLOVER context {ctx!r}")
    for name in [entry.get("source", "subject"), *entry.get("target", ())]:
        check_slot_name(name, f"{where}: {rid}")
    return TriggerRule(
        id=rid, type=entry["type"], lemma=entry["lemma"], pos=entry["pos"],
        mode=entry.get("mode"), particle=entry.get("particle"),
        objects=frozenset(entry.get("objects", ())),
        requires_prep=entry.get("requires_prep"),
        source=entry.get("source", "subject"),
        target=tuple(entry.get("target") or DEFAULT_TARGETS[entry["pos"]]),
        context=tuple(entry.get("context", ())),
        example=entry.get("example"), expect=entry.get("expect"),
        complement_aux=frozenset(entry.get("complement_aux", ())),
        needs_target=entry.get("needs_target", False), confidence=entry.get("confidence"),
        requires_predicative=entry.get("requires_predicative", False),
        no_object=entry.get("no_object", False),
        requires_source=entry.get("requires_source", False),
        dep_in=frozenset(entry.get("dep_in", ())),
        requires_infinitive=entry.get("requires_infinitive", False),
    )


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.load()


