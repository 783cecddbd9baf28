"""Trigger lexicon and cue words: data files checked against their schemas and the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .._data import load_checked, package_file, read_yaml, validate
from ..errors import DataFileError
from ..ontology import load_ontology

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

    @property
    def specificity(self) -> int:
        """More constrained rules win over plain ones for the same word."""
        return (2 if self.objects else 0) + (1 if self.particle else 0) + (
            1 if self.requires_prep else 0
        )


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
    return TriggerRule(
        id=rid, type=entry["type"], lemma=entry["lemma"], pos=entry["pos"],
        mode=entry.get("mode"), particle=entry.get("particle"),
        objects=frozenset(entry.get("objects", ())),
        requires_prep=entry.get("requires_prep"),
        source=entry.get("source", "subject"),
        target=tuple(entry.get("target") or DEFAULT_TARGETS[entry["pos"]]),
        context=tuple(entry.get("context", ())),
        example=entry.get("example"), expect=entry.get("expect"),
    )


@dataclass(frozen=True)
class Cues:
    light_verbs: frozenset[str]
    experiencer_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    future_markers: frozenset[str]
    intent_verbs: frozenset[str]
    mode_cues: dict[str, list[tuple[str, frozenset[str]]]]
    context_cues: dict[str, frozenset[str]]
    vetoes: dict[str, frozenset[str]]
    impact_verbs: frozenset[str]
    response_verbs: frozenset[str]
    threat_complements: frozenset[str]
    joint_markers: frozenset[str]
    foreign_target_verbs: frozenset[str]
    retype: dict[str, dict[str, frozenset[str]]]
    demand_modals: frozenset[str]
    interception_objects: frozenset[str]
    ambiguous_request_verbs: frozenset[str]
    demand_speech_verbs: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> Cues:
        where = path or package_file(_PKG, "data", "cues.yaml")
        raw = read_yaml(where)
        validate(raw, package_file(_PKG, "schemas", "cues.schema.json"), where)
        onto = load_ontology()
        for type_name, modes in raw["mode_cues"].items():
            for mode in modes:
                if not onto.is_valid_mode(type_name, mode):
                    raise DataFileError(
                        f"{where}: mode_cues: {mode!r} is not a mode of {type_name}")
        for ctx in raw["context_cues"]:
            if ctx not in onto.contexts:
                raise DataFileError(f"{where}: context_cues: unknown PLOVER context {ctx!r}")
        sets = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
        return cls(
            **sets,
            mode_cues={t: [(m, frozenset(w)) for m, w in modes.items()]
                       for t, modes in raw["mode_cues"].items()},
            context_cues={c: frozenset(w) for c, w in raw["context_cues"].items()},
            vetoes={t: frozenset(w) for t, w in (raw.get("vetoes") or {}).items()},
            retype={t: {n: frozenset(w) for n, w in m.items()}
                    for t, m in (raw.get("retype") or {}).items()},
        )


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.load()


@cache
def default_cues() -> Cues:
    return Cues.load()
