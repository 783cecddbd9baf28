"""The PLOVER ontology: event types, modes, scores, contexts, sectors and the CAMEO crosswalk.

All data lives in ``ontology/data`` and is read once, on first use of :func:`load_ontology`.

``cameo_plover.csv`` is our own CAMEO -> PLOVER table. It starts from the 2021 CAMEO2PLOVER
conversion but keeps only modes and contexts that the PLOVER manual defines, and follows the
manual where the conversion contradicts it (e.g. 116 "find guilty" is SANCTION convict, 163
"impose sanctions" is SANCTION discontinue, easing curfews is CONCEDE, "humanitarian" becomes
the ``human_security`` context). CAMEO 02 "appeal" is kept as REQUEST so that REQUEST has a
natural CAMEO code; CAMEO 01 "public statement" has no PLOVER type.
``plover_cameo.csv`` picks one representative CAMEO code per type and per type+mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import DataFileError, OntologyError

__all__ = [
    "CameoEntry",
    "EventType",
    "Ontology",
    "OntologyError",
    "load_ontology",
]

_YAML = "plover.yaml"
_CAMEO_CSV = "cameo_plover.csv"
_REVERSE_CSV = "plover_cameo.csv"


@dataclass(frozen=True)
class EventType:
    """One of the 16 PLOVER event types with its modes and conflict-cooperation scores."""

    name: str
    description: str
    quad_class: int
    requires_recipient: bool
    score: float
    # dicts cannot be hashed; leave them out of __hash__ so an EventType can sit in a set
    modes: dict[str, float] = field(default_factory=dict, hash=False)
    mode_descriptions: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CameoEntry:
    """One row of the CAMEO -> PLOVER table. ``contexts`` is empty or ordered by relevance."""

    code: str
    event: str
    mode: str | None
    contexts: tuple[str, ...]
    label: str


def _norm_type(name: str) -> str:
    return name.strip().upper() if isinstance(name, str) else name


def _norm_mode(mode: str | None) -> str | None:
    """Modes are lower-case and hyphenated in PLOVER; accept 'Heavy_Weapons' style spellings."""
    if mode is None:
        return None
    out = mode.strip().lower().replace("_", "-").replace(" ", "-")
    return out or None  # an empty CSV/JSON field means "no mode"


@dataclass(frozen=True, eq=False)
class Ontology:
    """Read-only view of the PLOVER ontology. Get the shared instance from :func:`load_ontology`."""

    types: dict[str, EventType]
    contexts: dict[str, str]  # name -> description
    sectors: dict[str, str]  # 3-letter code -> description
    quad_names: dict[int, str]
    cameo: dict[str, CameoEntry] = field(repr=False)
    _reverse: dict[tuple[str, str | None], str] = field(repr=False)
    _legacy: dict[str, tuple[str, str | None]] = field(repr=False)

    # -- event types and modes ------------------------------------------------------------

    def event_type(self, name: str) -> EventType:
        """The event type called ``name`` (case-insensitive)."""
        key = _norm_type(name)
        try:
            return self.types[key]
        except (KeyError, TypeError):
            raise OntologyError(f"unknown PLOVER event type {name!r}") from None

    def is_valid_mode(self, type_name: str, mode: str | None) -> bool:
        """True if ``mode`` belongs to the type; ``None`` (no mode) is always valid.

        An unknown type still raises: that is a caller bug, not an invalid mode.
        """
        modes = self.event_type(type_name).modes
        norm = _norm_mode(mode)
        return norm is None or norm in modes

    def canonical_mode(self, type_name: str, mode: str | None) -> str | None:
        """The mode spelled as in the ontology, or ``None``; raises for a mode the type lacks."""
        etype = self.event_type(type_name)
        norm = _norm_mode(mode)
        if norm is not None and norm not in etype.modes:
            raise OntologyError(f"{etype.name} has no mode {mode!r}")
        return norm

    def score(self, type_name: str, mode: str | None = None) -> float:
        """PLOVER conflict-cooperation score of a type, or of one of its modes."""
        etype = self.event_type(type_name)
        norm = self.canonical_mode(etype.name, mode)
        return etype.score if norm is None else etype.modes[norm]

    def quad_class(self, type_name: str) -> int:
        """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
        return self.event_type(type_name).quad_class

    def is_valid_context(self, name: str) -> bool:
        """True if ``name`` is one of the general PLOVER contexts."""
        return isinstance(name, str) and name.strip().lower() in self.contexts

    def normalise_legacy(self, label: str) -> tuple[str, str | None]:
        """Map an old PLOVER label (DEMAND, DISAPPROVE, ...) to (type, mode); current ones pass."""
        key = _norm_type(label)
        if key in self.types:
            return key, None
        try:
            return self._legacy[key]
        except (KeyError, TypeError):
            raise OntologyError(f"unknown PLOVER label {label!r}") from None

    # -- CAMEO crosswalk ------------------------------------------------------------------

    def from_cameo(self, code: str) -> tuple[str, str | None, str | None]:
        """(event, mode, context) for a CAMEO code; unknown digits fall back to a known prefix.

        Only the first (most relevant) context is returned; :meth:`cameo_entry` has them all.
        """
        entry = self.cameo_entry(code)
        return entry.event, entry.mode, (entry.contexts[0] if entry.contexts else None)

    def cameo_entry(self, code: str) -> CameoEntry:
        """The table row for ``code`` or, failing that, for its longest known prefix."""
        text = code.strip() if isinstance(code, str) else ""
        if not (text.isdigit() and text.isascii() and 2 <= len(text) <= 4):
            raise OntologyError(f"not a CAMEO event code: {code!r}")
        # CAMEO is hierarchical, so an unlisted 4-digit code still belongs to its 3-/2-digit parent
        for end in range(len(text), 1, -1):
            entry = self.cameo.get(text[:end])
            if entry is not None:
                return entry
        if text.startswith("01"):
            raise OntologyError(f"CAMEO {text} (public statement) has no PLOVER equivalent")
        raise OntologyError(f"unknown CAMEO event code {code!r}")

    def to_cameo(
        self,
        type_name: str,
        mode: str | None = None,
        context: list[str] | tuple[str, ...] = (),
    ) -> str:
        """Best CAMEO code for a PLOVER event; contexts pick a more specific sub-code if one fits.

        The code always maps back to the same type (and to the same mode where CAMEO has one).
        """
        etype = self.event_type(type_name)
        norm = self.canonical_mode(etype.name, mode)
        wanted = self._check_contexts(context)
        default = self._representative(etype.name, norm)
        if not wanted:
            return default
        root = default[:2]
        best: tuple[int, int, int, str] | None = None
        for entry in self.cameo.values():
            if entry.event != etype.name or entry.mode != norm or len(entry.code) < 3:
                continue
            overlap = sum(1 for c in entry.contexts if c in wanted)
            if not overlap:
                continue
            # most shared contexts, then the representative's CAMEO family, then most general
            rank = (-overlap, int(entry.code[:2] != root), len(entry.code), entry.code)
            if best is None or rank < best:
                best = rank
        return default if best is None else best[3]

    def cameo_root(self, type_name: str, mode: str | None = None) -> str:
        """The 2-digit CAMEO cue category that best represents a PLOVER type (and mode)."""
        etype = self.event_type(type_name)
        return self._representative(etype.name, self.canonical_mode(etype.name, mode))[:2]

    def _representative(self, type_name: str, mode: str | None) -> str:
        code = self._reverse.get((type_name, mode)) or self._reverse.get((type_name, None))
        if code is None:  # guarded at load time; kept so a bad data edit fails loudly
            raise OntologyError(f"no CAMEO code recorded for {type_name}")
        return code

    def _check_contexts(self, context: Sequence[str] | str) -> set[str]:
        if isinstance(context, str):  # a bare string would otherwise be read letter by letter
            context = [context]
        wanted = {c.strip().lower() for c in context}
        unknown = sorted(c for c in wanted if c not in self.contexts)
        if unknown:
            raise OntologyError(f"unknown PLOVER context(s): {', '.join(unknown)}")
        return wanted


# -- loading --------------------------------------------------------------------------------


def _read_text(name: str) -> str:
    ref = resources.files(__name__) / "data" / name
    try:
        return ref.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"ontology data file missing: {name}") from exc


def _split(value: str | None, sep: str = ";") -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(sep) if p.strip())


def _parse_yaml(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{_YAML}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or "types" not in data:
        raise DataFileError(f"{_YAML}: expected a mapping with a 'types' section")
    return data


def _build_types(raw: dict[str, Any]) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    for name, spec in raw.items():
        modes = spec.get("modes") or {}
        types[name] = EventType(
            name=name,
            description=str(spec["description"]),
            quad_class=int(spec["quad_class"]),
            requires_recipient=bool(spec["requires_recipient"]),
            score=float(spec["score"]),
            # a mode with no score of its own inherits the type's base score
            modes={m: float(v.get("score", spec["score"])) for m, v in modes.items()},
            mode_descriptions={m: str(v.get("description", "")) for m, v in modes.items()},
        )
    return types


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(_read_text(name)))
    return [(reader.line_num, row) for row in reader]


def _check_row(
    where: str, event: str, mode: str | None, contexts: tuple[str, ...], data: dict[str, Any]
) -> None:
    types, contexts_known = data["types"], data["contexts"]
    if event not in types:
        raise DataFileError(f"{where}: unknown PLOVER event {event!r}")
    if mode is not None and mode not in (types[event].get("modes") or {}):
        raise DataFileError(f"{where}: {event} has no mode {mode!r}")
    for ctx in contexts:
        if ctx not in contexts_known:
            raise DataFileError(f"{where}: unknown context {ctx!r}")


@cache
def load_ontology() -> Ontology:
    """The PLOVER ontology bundled with eventcoder, loaded and cross-checked on first call."""
    data = _parse_yaml(_read_text(_YAML))
    types = _build_types(data["types"])

    cameo: dict[str, CameoEntry] = {}
    for line, row in _rows(_CAMEO_CSV):
        code = row["cameo"].strip()
        entry = CameoEntry(
            code=code,
            event=row["event"].strip(),
            mode=_norm_mode(row["mode"]),
            contexts=_split(row["context"]),
            label=row["cameo_label"].strip(),
        )
        where = f"{_CAMEO_CSV}:{line}"
        if code in cameo:
            raise DataFileError(f"{where}: CAMEO code {code} listed twice")
        _check_row(where, entry.event, entry.mode, entry.contexts, data)
        cameo[code] = entry

    reverse: dict[tuple[str, str | None], str] = {}
    for line, row in _rows(_REVERSE_CSV):
        event, mode, code = row["event"].strip(), _norm_mode(row["mode"]), row["cameo"].strip()
        where = f"{_REVERSE_CSV}:{line}"
        _check_row(where, event, mode, (), data)
        if code not in cameo or cameo[code].event != event:
            # to_cameo must round-trip, so the code has to map back to the same type
            raise DataFileError(f"{where}: CAMEO {code} does not map back to {event}")
        reverse[(event, mode)] = code
    missing = sorted(t for t in types if (t, None) not in reverse)
    if missing:
        raise DataFileError(f"{_REVERSE_CSV}: no representative code for {', '.join(missing)}")

    legacy = {
        str(label).upper(): (str(spec["event"]), _norm_mode(spec.get("mode")))
        for label, spec in (data.get("legacy") or {}).items()
    }
    return Ontology(
        types=types,
        contexts={str(k): str(v) for k, v in data["contexts"].items()},
        sectors={str(k): str(v) for k, v in data["sectors"].items()},
        quad_names={int(k): str(v) for k, v in (data.get("quad_classes") or {}).items()},
        cameo=cameo,
        _reverse=reverse,
        _legacy=legacy,
    )
