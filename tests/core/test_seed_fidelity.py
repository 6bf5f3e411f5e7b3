"""The seed plan in the database says exactly what the published West Lancashire plan says.

These tests read the seed document itself (the converted PDF, fixtures/source/) and check the
loaded fixture against it, with their own reading of the document's table fragments: they do not
read the fixture or the script that wrote it. They fail if a row, an action or a paragraph is
dropped, or a figure, a name or a word changed.

The actions rule (also in the fixture's header): each paragraph of an Actions cell is one action;
a bullet list stays in the action that introduces it (ending ":" or "-", without a full stop, or
saying "the following"); otherwise each bullet is an action; a row split by a page break belongs
to the row above and its first words finish the action they continue; where the conversion lost a
cell's paragraph or bullet marks, the break is restored before the words in BREAKS_IN_RUN_ON_CELLS.
"""

import importlib
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from actions.models import Action
from cspplan.models import Officer, Organisation, OrganisationAlias
from objectives.models import Objective, Target
from tests.core.seed_reading import (
    SEED,
    SHARED_SEED,
    cell_paragraphs,
    expected_action_count,
    row_text,
    table_rows,
    words,
)


def test_the_committed_document_is_the_shared_seed_byte_for_byte():
    if not SHARED_SEED.exists():
        pytest.skip(f"No shared copy to compare with at {SHARED_SEED}")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_fixture_is_what_the_build_script_writes_today(document):
    """The YAML is generated (scripts/build_seed_fixture.py): a hand edit, or a change to the
    script's reading not written out, shows here."""
    scripts = Path(__file__).resolve().parents[2] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        build_seed_fixture = importlib.import_module("build_seed_fixture")
    finally:
        sys.path.remove(str(scripts))

    written = build_seed_fixture.OUTPUT.read_text(encoding="utf-8")

    assert build_seed_fixture.build().text() == written


# --- objectives, targets and actions ------------------------------------------------------------


def test_every_objective_title_is_the_published_heading(document, plan):
    headings = re.findall(r"(?m)^(?:<p>)?Objective (\d+): ([^\t<\n]+)", document)
    published = {int(number): title.strip() for number, title in headings}

    loaded = dict(Objective.objects.filter(plan=plan).values_list("number", "title"))

    assert len(published) == 11
    assert loaded == published


def test_each_objective_has_one_target_per_published_row(document, plan):
    rows = table_rows(document)
    loaded = {
        objective.number: objective.targets.count()
        for objective in Objective.objects.filter(plan=plan)
    }

    assert loaded == {number: len(table) for number, table in rows.items()}
    assert sum(loaded.values()) == 22


def test_each_row_has_the_actions_the_rule_derives_from_the_document(document, plan):
    rows = table_rows(document)
    expected = {
        (number, order): expected_action_count(row)
        for number, table in rows.items()
        for order, row in enumerate(table, start=1)
    }
    loaded = defaultdict(int)
    for number, order in Action.objects.for_plan(plan).values_list(
        "target__objective__number", "target__order"
    ):
        loaded[(number, order)] += 1

    assert {key: loaded.get(key, 0) for key in expected} == expected
    assert sum(expected.values()) == Action.objects.for_plan(plan).count() == 120


def test_action_texts_are_the_published_words_in_order(document, plan):
    for number, table in table_rows(document).items():
        for order, row in enumerate(table, start=1):
            target = Target.objects.get(objective__plan=plan, objective__number=number, order=order)
            loaded = " ".join(words(text) for text in target.actions.values_list("text", flat=True))
            assert loaded == row_text(row, 3), f"Objective {number}, row {order}"


def test_target_and_march_2012_cells_are_the_published_words(document, plan):
    for number, table in table_rows(document).items():
        for order, row in enumerate(table, start=1):
            target = Target.objects.get(objective__plan=plan, objective__number=number, order=order)
            assert words(target.wording) == row_text(row, 0), f"Objective {number}, row {order}"
            assert words(target.target_wording) == row_text(row, 1), f"Objective {number} {order}"


# --- owners, lead officers, funding -------------------------------------------------------------


def _tile_with_aliases(text, aliases):
    """The aliases that, side by side, spell ``text`` exactly (e.g. "CSP Trading Standards")."""
    if not text:
        return []
    for alias in sorted(aliases, key=len, reverse=True):
        if text == alias or text.startswith(alias + " "):
            rest = _tile_with_aliases(text[len(alias) :].strip(), aliases)
            if rest is not None:
                return [alias, *rest]
    return None


def _organisations_named_by(wording, aliases):
    names = []
    for part in wording.split(" / "):
        tiled = _tile_with_aliases(part.strip(), aliases)
        assert tiled is not None, f"{part!r} is not a known spelling of an organisation"
        names += tiled
    return {Organisation.objects.matching(name).get() for name in names}


def test_every_owner_spelling_is_an_alias_of_one_organisation(document, plan):
    aliases = set(OrganisationAlias.objects.values_list("name", flat=True))
    for number, table in table_rows(document).items():
        wordings = set(
            Action.objects.filter(target__objective__number=number).values_list(
                "owner_wording", flat=True
            )
        ) | set(
            Target.objects.filter(objective__number=number).values_list("owner_wording", flat=True)
        )
        for row in table:
            for cells in row:
                for spelling in cell_paragraphs(cells[2]):
                    assert any(spelling in wording for wording in wordings), (number, spelling)
                    assert _organisations_named_by(spelling, aliases)


def test_owner_relations_match_the_published_owner_words(plan):
    aliases = set(OrganisationAlias.objects.values_list("name", flat=True))
    for item in [*Action.objects.for_plan(plan), *Target.objects.filter(objective__plan=plan)]:
        expected = (
            _organisations_named_by(item.owner_wording, aliases) if item.owner_wording else set()
        )
        assert set(item.owners.all()) == expected, item


def _officer_names_in(text):
    return {
        officer
        for officer in Officer.objects.all()
        if re.search(rf"\b{re.escape(str(officer))}\b", text)
    }


def test_every_named_lead_officer_leads_the_rows_that_name_them(document, plan):
    named_anywhere = set()
    for number, table in table_rows(document).items():
        for order, row in enumerate(table, start=1):
            lead_text = " ".join(words(cells[4]) for cells in row)
            named = _officer_names_in(lead_text)
            named_anywhere |= named
            target = Target.objects.get(objective__plan=plan, objective__number=number, order=order)
            linked = set(target.lead_officers.all())
            for action in target.actions.all():
                linked |= set(action.lead_officers.all())
            assert linked == named, f"Objective {number}, row {order}"
            # Nothing but officers' names (and "GMW", Janet Tyrer's agency) in the cell.
            leftover = lead_text
            for officer in named:
                leftover = leftover.replace(str(officer), "")
            assert set(re.findall(r"\w+", leftover)) <= {"GMW"}, (number, order, leftover)

    assert named_anywhere == set(Officer.objects.all())
    assert len(named_anywhere) == 15


def test_officers_have_organisations_only_where_the_plan_makes_them_clear(plan):
    organisations = dict(Officer.objects.values_list("slug", "organisation__slug"))

    assert organisations["janet-tyrer"] == "greater-manchester-west"
    assert organisations["john-buck"] == "lancashire-fire-and-rescue-service"
    assert organisations["anthony-bushell"] == "lancashire-constabulary"
    assert Officer.objects.get(slug="anthony-bushell").title == "Sgt"
    assert organisations["andrew-hill"] is None and organisations["geoff-hurst"] is None
    assert not Officer.objects.exclude(email="").exists()


def test_funding_cells_are_kept_as_published(document, plan):
    for number, table in table_rows(document).items():
        wordings = set(
            Action.objects.filter(target__objective__number=number).values_list(
                "funding_wording", flat=True
            )
        ) | set(
            Target.objects.filter(objective__number=number).values_list(
                "funding_wording", flat=True
            )
        )
        for row in table:
            for cells in row:
                for funding in cell_paragraphs(cells[5]):
                    assert funding in wordings, (number, funding)
