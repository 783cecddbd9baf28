"""The knowledge files: schema, coverage, and terms of office that do not overlap wrongly."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from eventcoder.errors import DataFileError
from eventcoder.knowledge import KnowledgeBase, default_knowledge


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_knowledge()


def test_every_un_member_is_present(kb):
    states = [c for c in kb.countries.values() if c.kind == "state"]
    assert len(states) >= 193
    for code in ("USA", "GBR", "UKR", "RUS", "HUN", "SVK", "TUR", "CHN", "IND", "BRA", "ZAF"):
        assert code in kb.countries


def test_short_forms_and_demonyms(kb):
    forms = kb.surface_forms()
    for form, code in (("U.S.", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Kyiv", "UKR"),
                       ("Kremlin", "RUS"), ("Hungarian", "HUN"), ("Turkey", "TUR")):
        assert any(e.key == code for e in forms.get(form, [])), form


def test_nato_has_32_members_in_june_2025_and_fewer_before(kb):
    assert len(kb.igo_members("NATO", date(2025, 6, 25))) == 32
    assert "SWE" not in kb.igo_members("NATO", date(2023, 6, 1))
    assert "FIN" in kb.igo_members("NATO", date(2023, 6, 1))
    assert len(kb.igo_members("NATO", date(1950, 1, 1))) == 12


def test_eu_membership_is_dated(kb):
    assert "GBR" in kb.igo_members("EU", date(2019, 1, 1))
    assert "GBR" not in kb.igo_members("EU", date(2021, 1, 1))
    assert len(kb.igo_members("EU", date(2025, 6, 25))) == 27


def test_office_holders_resolve_by_date(kb):
    assert kb.person_on("Mark Rutte", date(2023, 1, 1)).code == "NLD"
    assert kb.person_on("Mark Rutte", date(2025, 6, 25)).code == "NATO"
    trump = [kb.person_on("Donald Trump", date(y, 6, 1)) for y in (2018, 2022, 2025)]
    assert [(a.code, a.sector) for a in trump] == [("USA", "GOV"), ("USA", "ELI"),
                                                   ("USA", "GOV")]
    assert kb.person_on("Zelensky", date(2025, 6, 25)).code == "UKR"


def test_terms_do_not_overlap_for_one_person_and_office(kb):
    problems = []
    for p in kb.persons.values():
        by_office = defaultdict(list)
        for t in p.terms:
            by_office[(t.code, t.role)].append(t)
        for (code, role), terms in by_office.items():
            terms.sort(key=lambda t: t.start)
            for a, b in zip(terms, terms[1:], strict=False):
                if a.end is None or a.end >= b.start:
                    problems.append(f"{p.name}: {code} {role} {a.start}..{a.end} / {b.start}")
            for t in terms:
                if t.end is not None and t.end < t.start:
                    problems.append(f"{p.name}: term ends before it starts")
    assert not problems, problems[:10]


def test_one_head_of_government_at_a_time_per_state(kb):
    """Two people may not hold the same single-holder office on the same day."""
    single = {"head of government", "head of state", "head of state and government"}
    by_office = defaultdict(list)
    for p in kb.persons.values():
        for t in p.terms:
            if t.role in single and t.code in kb.countries:
                by_office[(t.code, t.role)].append((t.start, t.end, p.name))
    clashes = []
    for key, terms in by_office.items():
        terms.sort()
        for (_, e1, n1), (s2, _, n2) in zip(terms, terms[1:], strict=False):
            # a handover day is counted in both terms by some sources
            if n1 != n2 and (e1 is None or (e1 - s2).days > 1):
                clashes.append((key, n1, n2))
    assert not clashes, clashes[:10]


def test_office_holder_coverage_2010_to_2025(kb):
    assert len(kb.persons) >= 200
    for code in ("USA", "GBR", "FRA", "DEU", "RUS", "UKR", "TUR", "CHN"):
        for year in range(2010, 2026):
            day = date(year, 7, 1)
            holders = [p for p in kb.persons.values()
                       if any(t.code == code and t.covers(day) for t in p.terms)]
            assert holders, f"no office-holder for {code} on {day}"


def test_groups_are_coded_with_country_and_sector(kb):
    by_name = {n: g for g in kb.groups.values() for n in g.names}
    assert (by_name["Hamas"].code, by_name["Hamas"].sector) == ("PSE", "REB")
    assert by_name["Hezbollah"].code == "LBN"
    assert by_name["Taliban"].code == "AFG"
    assert by_name["Islamic State"].code == "IMG"


def test_a_broken_data_file_is_reported_with_file_and_entry(tmp_path):
    (tmp_path / "groups.yaml").write_text(
        "- name: Nobody\n  names: []\n  code: xx\n  sector: REB\n")
    with pytest.raises(DataFileError) as err:
        KnowledgeBase.load(tmp_path)
    assert "groups.yaml" in str(err.value) and "Nobody" in str(err.value)


def test_yaml_syntax_errors_name_the_line(tmp_path):
    (tmp_path / "igos.yaml").write_text("- code: NATO\n  names: [NATO\n")
    with pytest.raises(DataFileError) as err:
        KnowledgeBase.load(tmp_path)
    assert "igos.yaml:" in str(err.value)


def test_person_files_in_a_folder_are_merged_and_a_second_definition_is_refused(tmp_path):
    one = ('- name: "Ana Example"\n  country: PRT\n  terms:\n'
           '    - {code: PRT, sector: GOV, role: "foreign minister", start: "2001-01-01"}\n')
    (tmp_path / "persons").mkdir()
    (tmp_path / "persons.yaml").write_text(one)
    (tmp_path / "persons" / "b.yaml").write_text(one.replace("Ana", "Rui"))
    kb = KnowledgeBase.load(tmp_path)
    assert set(kb.persons) == {"Ana Example", "Rui Example"}
    (tmp_path / "persons" / "c.yaml").write_text(one)
    with pytest.raises(DataFileError, match="already defined"):
        KnowledgeBase.load(tmp_path)
