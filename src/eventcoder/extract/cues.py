"""Cue words: the named word lists the extractor and the conventions read (data/cues.yaml).

Each list has a name, what it is for, its words and an example sentence whose coding depends
on the list (tests/test_cues.py codes it with and without the list's key word). Lists are read
as attributes (`cues.light_verbs`) or by name (`cues.words("light_verbs")`), so conventions can
name the list they use and a wrong name is refused when the data loads. Mode and context cues
carry an example sentence that gets the mode or context from their words (`emptied` takes all
of one entry's words out, to show it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .._data import package_file, read_yaml, validate
from ..errors import DataFileError
from ..ontology import load_ontology

_PKG = "eventcoder.extract"


@dataclass(frozen=True)
class CueList:
    name: str
    about: str
    words: frozenset[str]
    example: dict | None = None
    order: tuple[str, ...] = ()  # the words as the file lists them, where order matters


@dataclass(frozen=True)
class ModeCue:
    type: str
    mode: str
    words: frozenset[str]
    example: str | None = None


@dataclass(frozen=True)
class Cues:
    lists: dict[str, CueList]
    mode_cues: dict[str, list[ModeCue]]  # type -> its modes' cues, first match wins
    context_cues: dict[str, CueList]

    def words(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name].words
        except KeyError:
            raise DataFileError(f"cues.yaml has no word list {name!r}") from None

    def ordered(self, name: str) -> tuple[str, ...]:
        self.words(name)
        return self.lists[name].order

    def __getattr__(self, name: str) -> frozenset[str]:
        # only called for names that are not fields: the word lists
        if name.startswith("_"):
            raise AttributeError(name)
        lists = self.__dict__.get("lists", {})
        if name in lists:
            return lists[name].words
        raise AttributeError(f"no cue list {name!r}")

    def without(self, name: str, word: str) -> Cues:
        """A copy with one word taken out of one list (to show what the list does)."""
        if name in self.lists:
            old = self.lists[name]
            lists = dict(self.lists)
            lists[name] = CueList(old.name, old.about, old.words - {word}, old.example,
                                  tuple(w for w in old.order if w != word))
            return Cues(lists, self.mode_cues, self.context_cues)
        if name in self.context_cues:
            ctx = dict(self.context_cues)
            old = ctx[name]
            ctx[name] = CueList(old.name, old.about, old.words - {word}, old.example)
            return Cues(self.lists, self.mode_cues, ctx)
        type_name, _, mode = name.partition(".")
        modes = [ModeCue(m.type, m.mode, m.words - {word} if m.mode == mode else m.words,
                         m.example) for m in self.mode_cues.get(type_name, [])]
        return Cues(self.lists, {**self.mode_cues, type_name: modes}, self.context_cues)

    def emptied(self, name: str) -> Cues:
        """A copy with every word of one context ('military') or mode ('ASSAULT.drone') gone."""
        if name in self.context_cues:
            ctx = dict(self.context_cues)
            old = ctx[name]
            ctx[name] = CueList(old.name, old.about, frozenset(), old.example)
            return Cues(self.lists, self.mode_cues, ctx)
        type_name, _, mode = name.partition(".")
        if not any(m.mode == mode for m in self.mode_cues.get(type_name, [])):
            raise DataFileError(f"cues.yaml has no mode or context cue {name!r}")
        modes = [ModeCue(m.type, m.mode, frozenset() if m.mode == mode else m.words, m.example)
                 for m in self.mode_cues[type_name]]
        return Cues(self.lists, {**self.mode_cues, type_name: modes}, self.context_cues)

    @classmethod
    def load(cls, path: Path | None = None) -> Cues:
        where = path or package_file(_PKG, "data", "cues.yaml")
        raw: dict[str, Any] = read_yaml(where)
        validate(raw, package_file(_PKG, "schemas", "cues.schema.json"), where)
        onto = load_ontology()
        lists = {name: CueList(name, entry["about"], frozenset(entry["words"]),
                               entry.get("example"), tuple(entry["words"]))
                 for name, entry in raw["lists"].items()}
        modes: dict[str, list[ModeCue]] = {}
        for type_name, by_mode in raw["mode_cues"].items():
            for mode, entry in by_mode.items():
                if not onto.is_valid_mode(type_name, mode):
                    raise DataFileError(
                        f"{where}: mode_cues: {mode!r} is not a mode of {type_name}")
                modes.setdefault(type_name, []).append(
                    ModeCue(type_name, mode, frozenset(entry["words"]), entry.get("example")))
        contexts = {}
        for ctx, entry in raw["context_cues"].items():
            if ctx not in onto.contexts:
                raise DataFileError(f"{where}: context_cues: unknown PLOVER context {ctx!r}")
            contexts[ctx] = CueList(ctx, "", frozenset(entry["words"]), entry.get("example"))
        return cls(lists, modes, contexts)


@cache
def default_cues() -> Cues:
    return Cues.load()
