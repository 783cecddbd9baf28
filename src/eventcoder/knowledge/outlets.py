"""The outlet registry: what kind of outlet published an article, and where a mirror's text
came from.

The data is ``knowledge/data/outlets.yaml`` (schema ``schemas/outlets.schema.json``), extended
by the user's own files (`--outlets FILE`, or $EVENTCODER_OUTLETS: paths separated by the
system's path separator). Outlets are looked up when they are shown, not when articles are
stored, so a label added to the registry applies to every article already in a database.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from .._data import load_checked
from ..errors import DataFileError

OUTLETS_ENV = "EVENTCODER_OUTLETS"
_PKG = "eventcoder.knowledge"
_FOLD = re.compile(r"[\W_]+", re.UNICODE)


def name_key(name: str) -> str:
    """A name as matched: case, spacing, punctuation and a leading 'the' ignored
    ('The South-Front' and 'SouthFront' are one name)."""
    folded = name.strip().lower()
    folded = folded[4:] if folded.startswith("the ") else folded
    return _FOLD.sub("", folded)


def host_of(url: str | None) -> str | None:
    """The host of a URL, lower-cased and without 'www.' (None when there is none)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    names: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str | None = None
    ownership: str | None = None
    owner: str | None = None
    labels: tuple[str, ...] = ()
    mirror_of: str | None = None
    syndicates: tuple[str, ...] = ()
    note: str | None = None

    @property
    def tags(self) -> list[str]:
        """What users filter on: the ownership first, then the free labels."""
        return list(dict.fromkeys([*([self.ownership] if self.ownership else []),
                                   *self.labels]))


@dataclass(frozen=True)
class OutletTags:
    """What every article and event shows about its outlet and, for a mirror, its origin."""

    outlet_id: str | None = None
    outlet_labels: list[str] = field(default_factory=list)
    outlet_country: str | None = None
    origin_outlet: str | None = None  # the originating outlet of a mirror (as named)
    origin_id: str | None = None
    origin_labels: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"outlet_labels": self.outlet_labels, "outlet_country": self.outlet_country,
                "origin_outlet": self.origin_outlet, "origin_labels": self.origin_labels}

    def has(self, label: str) -> bool:
        """Whether the outlet or its origin carries `label` (or is the outlet with that id)."""
        want = label.strip().lower()
        return (want in self.outlet_labels or want in self.origin_labels
                or want in (self.outlet_id, self.origin_id))


class OutletRegistry:
    """Outlets by id, found by name or by the domain of an article's URL."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets: dict[str, Outlet] = {o.id: o for o in outlets}
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for o in self.outlets.values():
            for n in (o.name, *o.names):
                self._by_name.setdefault(name_key(n), o)
            for d in o.domains:
                self._by_domain.setdefault(d.lower(), o)

    @classmethod
    def load(cls, extra: Sequence[Path | str] = (), use_env: bool = True) -> OutletRegistry:
        """The bundled registry, amended by each file of `extra` and of $EVENTCODER_OUTLETS in
        turn: a new id adds an outlet; a known id replaces the fields the file gives, and its
        lists (names, domains, labels, syndicates) are added to the bundled ones."""
        files = [Path(p) for p in extra]
        if use_env and os.environ.get(OUTLETS_ENV):
            files += [Path(p) for p in os.environ[OUTLETS_ENV].split(os.pathsep) if p]
        merged: dict[str, dict] = {}
        for data_path in [None, *files]:
            for raw in load_checked(_PKG, "outlets.yaml", "outlets.schema.json", data_path):
                base = merged.get(raw["id"], {})
                entry = {**base, **raw}
                for key in ("names", "domains", "labels", "syndicates"):
                    entry[key] = list(dict.fromkeys([*base.get(key, []), *raw.get(key, [])]))
                merged[raw["id"]] = entry
        outlets = [Outlet(**{k: tuple(v) if isinstance(v, list) else v for k, v in e.items()})
                   for e in merged.values()]
        registry = cls(outlets)
        registry._check_references(files)
        return registry

    def _check_references(self, files: Sequence[Path]) -> None:
        where = ", ".join(str(f) for f in files) or "outlets.yaml"
        for o in self.outlets.values():
            for ref in ([o.mirror_of] if o.mirror_of else []) + list(o.syndicates):
                if ref not in self.outlets:
                    raise DataFileError(f"{where}: outlet {o.id!r} refers to {ref!r}, which is "
                                        "not an outlet of the registry")

    def __len__(self) -> int:
        return len(self.outlets)

    def find(self, name: str | None = None, url: str | None = None) -> Outlet | None:
        """The outlet a name (or a bare domain given as the name) or a URL's domain is."""
        if name:
            hit = self._by_name.get(name_key(name))
            if hit:
                return hit
            if "." in name and " " not in name.strip():
                hit = self._domain(host_of(name))
                if hit:
                    return hit
        return self._domain(host_of(url))

    def _domain(self, host: str | None) -> Outlet | None:
        while host and "." in host:
            hit = self._by_domain.get(host)
            if hit:
                return hit
            host = host.split(".", 1)[1]  # a subdomain belongs to its domain's outlet
        return None

    def tags(self, outlet: str | None, url: str | None = None,
             mirrored_from: str | None = None) -> OutletTags:
        """What to show for an article of `outlet` at `url`, whose trailer (if any) names the
        outlet it was mirrored from; without a trailer, a registered mirror's origin is the
        outlet it mirrors."""
        entry = self.find(outlet, url)
        origin_name, origin = mirrored_from, self.find(mirrored_from) if mirrored_from else None
        if not mirrored_from and entry is not None and entry.mirror_of:
            origin = self.outlets[entry.mirror_of]
            origin_name = origin.name
        return OutletTags(
            outlet_id=entry.id if entry else None,
            outlet_labels=entry.tags if entry else [],
            outlet_country=entry.country if entry else None,
            origin_outlet=origin_name,  # as the trailer wrote it, or the mirrored entry's
            origin_id=origin.id if origin else None,
            origin_labels=origin.tags if origin else [])

    def labels(self) -> list[str]:
        """Every ownership value and label some outlet carries, sorted."""
        return sorted({t for o in self.outlets.values() for t in o.tags})


def default_registry() -> OutletRegistry:
    """The registry as configured now: bundled, plus $EVENTCODER_OUTLETS (cached per value)."""
    return _registry_for(os.environ.get(OUTLETS_ENV, ""))


@cache
def _registry_for(env_value: str) -> OutletRegistry:
    return OutletRegistry.load()

