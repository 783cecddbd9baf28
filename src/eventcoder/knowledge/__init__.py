"""The actor knowledge base: states, IGOs with memberships, office-holders with terms, groups.

All of it is data (``knowledge/data/*.yaml``, each with a JSON Schema in ``schemas/``); this
module only loads, checks and answers questions about it. Anything time-dependent is asked
with a date: who held an office, who was a member.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from .._data import load_checked, package_file, read_yaml, validate
from ..errors import DataFileError
from ..records import Actor

_PKG = "eventcoder.knowledge"


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    kind: str
    parent: str | None
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[tuple[str, str], ...] = ()

    @property
    def actor_code(self) -> str:
        """PLOVER folds dependencies into their controlling state."""
        return self.parent or self.code


@dataclass(frozen=True)
class Membership:
    code: str
    joined: date
    left: date | None = None

    def active_on(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)


@dataclass(frozen=True)
class Igo:
    code: str
    name: str
    names: tuple[str, ...]
    descriptors: tuple[str, ...]
    members: tuple[Membership, ...]

    def members_on(self, day: date) -> list[str]:
        return sorted(m.code for m in self.members if m.active_on(day))

    def is_member(self, code: str, day: date) -> bool:
        return any(m.code == code and m.active_on(day) for m in self.members)


@dataclass(frozen=True)
class Term:
    code: str
    sector: str
    role: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str
    default_sector: str | None
    terms: tuple[Term, ...]

    def offices_on(self, day: date) -> list[Term]:
        return [t for t in self.terms if t.covers(day)]

    def affiliation_on(self, day: date) -> tuple[str, str, str | None]:
        """(code, sector, role) on `day`: the office held, else ELI after office, else default."""
        offices = self.offices_on(day)
        if offices:
            t = offices[0]
            return t.code, t.sector, t.role
        if any(t.end is not None and t.end < day for t in self.terms):
            return self.country, "ELI", "former office-holder"
        return self.country, self.default_sector or "CVL", None


@dataclass(frozen=True)
class Group:
    name: str
    names: tuple[str, ...]
    code: str
    sector: str
    news_agency: bool = False


@dataclass(frozen=True)
class Roles:
    sector_of: dict[str, str]
    member_nouns: frozenset[str]
    attempt_nouns: frozenset[str]
    country_anaphors: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    sector_groups: dict[str, frozenset[str | None]] = field(default_factory=dict)
    person_nouns: frozenset[str] = frozenset()
    pronouns: dict[str, frozenset[str]] = field(default_factory=dict)
    generic_nouns: frozenset[str] = frozenset()
    foreign_modifiers: frozenset[str] = frozenset()
    generic_place_preps: tuple[str, ...] = ()
    envoy_nouns: frozenset[str] = frozenset()
    serving_nouns: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    body_anaphors: frozenset[str] = frozenset()
    adoption_verbs: frozenset[str] = frozenset()
    geographic_nouns: frozenset[str] = frozenset()
    local_modifiers: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    mission_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SurfaceEntry:
    """What one written form can stand for."""

    kind: str  # country | demonym | capital | metonym | igo | person | group
    key: str  # country/IGO code, or person/group name
    sector: str | None = None


@dataclass
class KnowledgeBase:
    countries: dict[str, Country]
    igos: dict[str, Igo]
    persons: dict[str, Person]
    groups: dict[str, Group]
    roles: Roles
    _forms: dict[str, list[SurfaceEntry]] = field(default_factory=dict, repr=False)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> KnowledgeBase:
        """Load and check the data files; `data_dir` may override any of them by file name."""
        def path_for(name: str) -> Path | None:
            if data_dir is None:
                return None
            p = Path(data_dir) / name
            return p if p.exists() else None

        countries = {
            c["code"]: Country(
                code=c["code"], name=c["name"], kind=c["kind"], parent=c.get("parent"),
                names=tuple(c["names"]), demonyms=tuple(c.get("demonyms", ())),
                capitals=tuple(c.get("capitals", ())),
                metonyms=tuple(sorted((c.get("metonyms") or {}).items())),
            )
            for c in load_checked(_PKG, "countries.yaml", "countries.schema.json",
                                  path_for("countries.yaml"))
        }
        igos = {
            g["code"]: Igo(
                code=g["code"], name=g["name"], names=tuple(g["names"]),
                descriptors=tuple(g.get("descriptors", ())),
                members=tuple(
                    Membership(m["code"], _day(m["joined"]), _day(m.get("left")))
                    for m in g.get("members", ())
                ),
            )
            for g in load_checked(_PKG, "igos.yaml", "igos.schema.json", path_for("igos.yaml"))
        }
        persons: dict[str, Person] = {}
        defined_in: dict[str, Path] = {}
        for where, entries in _person_files(data_dir):
            for p in entries:
                if p["name"] in persons:
                    raise DataFileError(f"{where}: person {p['name']!r} is already defined in "
                                        f"{defined_in[p['name']]}")
                defined_in[p["name"]] = where
                persons[p["name"]] = Person(
                    name=p["name"], aliases=tuple(p.get("aliases", ())), country=p["country"],
                    default_sector=p.get("default_sector"),
                    terms=tuple(
                        Term(t["code"], t["sector"], t["role"], _day(t["start"]),
                             _day(t.get("end")))
                        for t in p["terms"]
                    ),
                )
        groups = {
            g["name"]: Group(g["name"], tuple(g["names"]), g["code"], g["sector"],
                             g.get("news_agency", False))
            for g in load_checked(_PKG, "groups.yaml", "groups.schema.json",
                                  path_for("groups.yaml"))
        }
        roles_path = path_for("roles.yaml") or package_file(_PKG, "data", "roles.yaml")
        raw_roles = read_yaml(roles_path)
        validate(raw_roles, package_file(_PKG, "schemas", "roles.schema.json"), roles_path)
        roles = _roles(raw_roles, roles_path)
        return cls(countries, igos, persons, groups, roles)

    # ---- surface forms -------------------------------------------------------------------
    def surface_forms(self) -> dict[str, list[SurfaceEntry]]:
        """Every written form the resolver should look for, with what it can mean."""
        if self._forms:
            return self._forms
        forms: dict[str, list[SurfaceEntry]] = defaultdict(list)
        for c in self.countries.values():
            for n in c.names:
                forms[n].append(SurfaceEntry("country", c.code))
            for n in c.demonyms:
                forms[n].append(SurfaceEntry("demonym", c.code))
            for n in c.capitals:
                forms[n].append(SurfaceEntry("capital", c.code, "GOV"))
            for n, sector in c.metonyms:
                forms[n].append(SurfaceEntry("metonym", c.code, sector))
        for g in self.igos.values():
            for n in g.names:
                forms[n].append(SurfaceEntry("igo", g.code, "IGO"))
        for p in self.persons.values():
            for n in (p.name, *p.aliases):
                forms[n].append(SurfaceEntry("person", p.name))
        for g in self.groups.values():
            kind = "agency" if g.news_agency else "group"  # reports events, never acts in them
            for n in g.names:
                forms[n].append(SurfaceEntry(kind, g.name, g.sector))
        self._forms = dict(forms)
        return self._forms

    # ---- answers ---------------------------------------------------------------------------
    def actor_for(self, entry: SurfaceEntry, text: str, on: date,
                  start: int | None = None, end: int | None = None) -> Actor:
        """Turn a matched surface form into an Actor as of `on`."""
        if entry.kind == "person":
            p = self.persons[entry.key]
            code, sector, role = p.affiliation_on(on)
            return Actor(code, sector, p.name, text, role, start, end)
        if entry.kind in ("group", "agency"):
            g = self.groups[entry.key]
            return Actor(g.code, g.sector, g.name, text, None, start, end, group=g.name)
        if entry.kind == "igo":
            g = self.igos[entry.key]
            return Actor(g.code, "IGO", g.name, text, None, start, end)
        c = self.countries[entry.key]
        return Actor(c.actor_code, entry.sector, self.name_of(c.actor_code), text, None,
                     start, end)

    def name_of(self, code: str) -> str:
        if code in self.countries:
            return self.countries[code].name
        if code in self.igos:
            return self.igos[code].name
        return code

    def person_on(self, name: str, on: date) -> Actor | None:
        for entry in self.surface_forms().get(name, []):
            if entry.kind == "person":
                return self.actor_for(entry, name, on)
        return None

    def igo_members(self, code: str, on: date) -> list[str]:
        return self.igos[code].members_on(on) if code in self.igos else []

    def descriptor_igos(self) -> dict[str, list[str]]:
        """descriptor noun -> IGO codes it may refer back to ('alliance' -> NATO)."""
        out: dict[str, list[str]] = defaultdict(list)
        for g in self.igos.values():
            for d in g.descriptors:
                out[d.lower()].append(g.code)
        return dict(out)


def _roles(raw: dict, where: Path) -> Roles:
    """Role nouns with their sectors: a noun listed under two sectors is refused."""
    sector_of: dict[str, str] = {}
    for sector, nouns in raw["sectors"].items():
        for noun in nouns:
            if sector_of.get(noun, sector) != sector:
                raise DataFileError(f"{where}: {noun!r} is listed under both "
                                    f"{sector_of[noun]} and {sector}; a noun has one sector")
            sector_of[noun] = sector
    return Roles(sector_of, frozenset(raw["member_nouns"]), frozenset(raw["attempt_nouns"]),
                 frozenset(raw["country_anaphors"]), frozenset(raw.get("quantity_nouns", ())),
                 {name: frozenset(group) for name, group in raw["sector_groups"].items()},
                 frozenset(raw["person_nouns"]),
                 {kind: frozenset(words) for kind, words in raw["pronouns"].items()},
                 frozenset(raw.get("generic_nouns", ())),
                 frozenset(raw.get("foreign_modifiers", ())),
                 tuple(raw.get("generic_place_preps", ())),
                 frozenset(raw.get("envoy_nouns", ())),
                 frozenset(raw.get("serving_nouns", ())),
                 frozenset(raw.get("document_nouns", ())), frozenset(raw.get("body_anaphors", ())),
                 frozenset(raw.get("adoption_verbs", ())),
                 frozenset(raw.get("geographic_nouns", ())),
                 frozenset(raw.get("local_modifiers", ())),
                 frozenset(raw.get("place_nouns", ())),
                 frozenset(raw.get("mission_nouns", ())))


def _person_files(data_dir: Path | str | None) -> list[tuple[Path, list]]:
    """persons.yaml and every persons/*.yaml beside it (one file per region), checked.

    A `data_dir` with its own persons.yaml or persons/ folder replaces the bundled ones."""
    bundled = package_file(_PKG, "data")
    base = bundled
    if data_dir is not None and (
            (Path(data_dir) / "persons.yaml").exists() or (Path(data_dir) / "persons").is_dir()):
        base = Path(data_dir)
    paths = [base / "persons.yaml"] if (base / "persons.yaml").exists() else []
    if (base / "persons").is_dir():
        paths += sorted((base / "persons").glob("*.yaml"))
    return [(path, load_checked(_PKG, "persons.yaml", "persons.schema.json", path))
            for path in paths]


@cache
def default_knowledge() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process."""
    return KnowledgeBase.load()
