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
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from actions.models import Action
from consultation.models import EngagementEvent, SurveyResult
from cspplan.models import Officer, Organisation, OrganisationAlias, Plan, PlanSection
from objectives.models import Measure, Objective, Target
from priorities.models import Priority

# The published document, as converted from the PDF, kept in the repository so that these tests
# need nothing outside it; SHARED_SEED is where the project's shared copy lives, when present.
SEED = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "source"
    / "west-lancashire-csp-plan-2011-12.txt"
)
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_1f04b2afec8cf1aa.txt"
PLAN_SLUG = "west-lancashire-2011-12"

# Where the PDF conversion ran paragraphs (or bullets) of a cell together, a new action starts
# before these words. Read from the document: each starts a new instruction mid-line.
BREAKS_IN_RUN_ON_CELLS = (
    "Provide targeted youth support",
    "Complete the South Lancashire Reducing",
    "Implement integrated offender management",
    "Provide management information on the nature",
    "Raise awareness of the Young People's Service",
    "Through the Multi-Agency Licensing and Tasking",
    "Development of an updated Age Check",
    "Promotion and awareness of Help Direct",
    "Work with residents and communities",
    "To encourage the acceptance by partners",
    "Deliver child fire safety education",
    "To actively engage with all partners",
    "LFRS Fire Safety Enforcement Department",
    "Promote the safe storage and responsible",
    "CSP Plan and updates, events publicity",
    "CSP Plan to be featured at CVS events",
)


def _read_seed():
    return SEED.read_text(encoding="utf-8")


def test_the_committed_document_is_the_shared_seed_byte_for_byte():
    if not SHARED_SEED.exists():
        pytest.skip(f"No shared copy to compare with at {SHARED_SEED}")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


@pytest.fixture(scope="module")
def document():
    return _read_seed()


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker):
    """Load the seed once for the module, inside a transaction rolled back at its end: these
    tests only read, and loading 300 records per test would make the module slow."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def plan(seeded_database, db):
    return Plan.objects.get(slug=PLAN_SLUG)


def test_the_fixture_is_what_the_build_script_writes_today(document):
    """The YAML is generated (scripts/build_seed_fixture.py): a hand edit, or a change to the
    script's reading not written out, shows here."""
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        build_seed_fixture = importlib.import_module("build_seed_fixture")
    finally:
        sys.path.remove(str(scripts))

    written = build_seed_fixture.OUTPUT.read_text(encoding="utf-8")

    assert build_seed_fixture.build().text() == written


# --- the test's own reading of the document -----------------------------------------------------


def words(text):
    """Text as a sequence of words, without markup, bullet marks or line layout."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text).replace("**", "")
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"(?m)^\s*(?:-|\d+\.)\s+", " ", text)
    text = re.sub(r"[•○]", " ", text)
    return " ".join(text.split())


def cell_paragraphs(cell):
    found = [words(p) for p in re.findall(r"<p>(.*?)</p>", cell)]
    return [p for p in found if p] or ([words(cell)] if words(cell) else [])


def table_rows(document):
    """{objective number: [[line cells, ...] per row]} from the delivery-plan tables."""
    tables = {}
    number = None
    for line in document.split("\n")[document.split("\n").index("WLCSP Framework for Delivery") :]:
        cells = line.split("\t")
        heading = re.match(r"(?:<p>)?Objective (\d+): ", cells[0])
        if heading:
            number = int(heading.group(1))
            tables[number] = []
            continue
        if number is None or len(cells) < 5 or cells[0] == "Target & Base Line":
            continue
        if set(line) <= {"-", "\t"}:
            continue
        if len(cells) == 5:  # the conversion dropped one empty Owner cell
            cells.insert(2, "")
        target, actions = words(cells[0]), words(cells[3])
        continues = not target or target[0].islower() or (actions and actions[0].islower())
        if continues and tables[number]:
            tables[number][-1].append(cells)
        else:
            tables[number].append([cells])
    return tables


def _pieces(text):
    """Split run-together text before each restored break."""
    pattern = "|".join(re.escape(" " + b) for b in BREAKS_IN_RUN_ON_CELLS)
    return [p.strip() for p in re.split(f"(?=(?:{pattern}))", text) if p.strip()]


def expected_action_count(row):
    """How many actions the rule gives a table row (its lines across page breaks)."""
    count = 0
    last = None  # ("p" | "li" | "intro", ends with) of the current action
    for index, cells in enumerate(row):
        cell = cells[3]
        blocks = []
        for match in re.finditer(r"<p>(.*?)</p>|<ul[^>]*>(.*?)(?=<p>|$)|([^<]+)", cell):
            if match.group(1) is not None:
                blocks += [("p", t) for t in _pieces(words(match.group(1)))]
            elif match.group(2) is not None:
                for item in re.split(r"[•○]", match.group(2)):
                    blocks += [("li", t) for t in _pieces(words(item))]
            else:
                blocks += [("p", t) for t in _pieces(words(match.group(3)))]
        own_owner = index > 0 and bool(words(cells[2]))
        if index > 0 and blocks and last is not None:
            kind, text = blocks[0]
            if text[0].islower() or (
                not own_owner and kind == "p" and not last[1].endswith((".", ":"))
            ):
                last = (last[0], text)
                blocks = blocks[1:]
        if own_owner:
            last = None
        for kind, text in blocks:
            introduces = last is not None and (
                last[0] == "intro"
                or last[1].endswith((":", "-"))
                or (last[0] == "p" and (not last[1].endswith(".") or "following" in last[1]))
            )
            if kind == "li" and introduces:
                last = ("intro", text)
            else:
                count += 1
                last = (kind, text)
    return count


def row_text(row, column):
    return words(" ".join(cells[column] for cells in row))


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


# --- figures and measures -----------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)")


def test_every_figure_in_a_table_is_in_that_objectives_rows(document, plan):
    for number, table in table_rows(document).items():
        published = set()
        for row in table:
            published |= {n for cells in row for cell in cells for n in NUMBER.findall(words(cell))}
        objective = Objective.objects.get(plan=plan, number=number)
        loaded_text = " ".join(
            [words(t.wording + " " + t.target_wording) for t in objective.targets.all()]
            + [words(a.text) for a in Action.objects.filter(target__objective=objective)]
        )
        loaded = set(NUMBER.findall(loaded_text))
        assert published == loaded, f"Objective {number}"


def test_every_measure_value_is_a_figure_its_own_objective_publishes(document, plan):
    tables = table_rows(document)
    for measure in Measure.objects.for_plan(plan).select_related("target__objective"):
        number = measure.target.objective.number
        row = tables[number][measure.target.order - 1]
        published = {
            Decimal(n) for cells in row for col in (0, 1) for n in NUMBER.findall(words(cells[col]))
        }
        for value in (measure.baseline_value, measure.target_value):
            assert value is None or value in published, (measure, value)
        assert measure.baseline_wording in words(row_text(row, 0) + " " + row_text(row, 1))
        assert measure.target_wording in row_text(row, 0) + " " + row_text(row, 1)


PUBLISHED_FIGURES = {
    # objective: {measure name: (baseline value, target value)}
    6: {
        "Accidental dwelling fires": (None, 68),
        "Accidental building fires": (None, 30),
        "Deliberate primary fires": (None, 66),
        "Deliberate secondary fires": (None, 363),
        "Casualties from accidental dwelling fires": (10, None),
        "Detection rate of arson related incidents": (None, 20),
    },
    7: {
        "Children: all (KSI and Slight) casualties per year": (63, 53),
        "Children: killed and seriously injured (KSI) per year": (11, 9),
        "Aged 16-25: all (KSI and Slight) casualties per year": (180, 144),
        "Aged 16-25: killed and seriously injured (KSI) per year": (33, 26),
    },
    11: {
        "People who agree West Lancashire is a safe and secure place to live": (75, 75),
        "People who agree investing in community safety contributes to the residents' "
        "quality of life": (66, 66),
        "VCFS engagement in the CSP Plan": (None, None),
    },
}


@pytest.mark.parametrize("number", sorted(PUBLISHED_FIGURES))
def test_measures_hold_the_published_baselines_and_targets(plan, number):
    loaded = {
        m.name: (m.baseline_value, m.target_value)
        for m in Measure.objects.filter(
            target__objective__plan=plan, target__objective__number=number
        )
    }

    assert loaded == {
        name: tuple(None if v is None else Decimal(v) for v in values)
        for name, values in PUBLISHED_FIGURES[number].items()
    }


def test_these_are_all_the_figures_the_plans_measures_hold(plan):
    def figure(value):
        return None if value is None else int(value)

    loaded = {
        (m.target.objective.number, figure(m.baseline_value), figure(m.target_value))
        for m in Measure.objects.for_plan(plan).select_related("target__objective")
        if m.baseline_value is not None or m.target_value is not None
    }

    assert loaded == {
        (2, None, 60),  # planned discharges 60%
        (2, None, 100),  # 100% retest pass rate (the 92% compliance is baseline wording)
        (4, None, 70),  # DV detection rate, baseline TBC
        *{(6, None, t) for t in (68, 30, 66, 363, 20)},
        (6, 10, None),  # casualties: a reduction on the 2010/11 figure of 10
        *{(7, 63, 53), (7, 11, 9), (7, 180, 144), (7, 33, 26)},
        (8, None, 100),  # 100 quality assured RJ's per month for Southern Division
        *{(11, 75, 75), (11, 66, 66)},
    }


def test_tbc_and_to_be_agreed_are_states_never_numbers(plan):
    measures = Measure.objects.for_plan(plan)

    for measure in measures.exclude(baseline_state="known"):
        assert measure.baseline_value is None, measure
    assert (
        measures.get(name="Detection rate for domestic violence offences").baseline_state == "tbc"
    )
    assert measures.get(name="Rate of proven re-offending by young offenders").target_state == (
        "to_be_agreed"
    )
    assert measures.get(name="Police recorded ASB").baseline_state == "to_be_established"
    assert set(measures.filter(direction="downward_trend").values_list("name", flat=True)) == {
        "Violent crime",
        "Serious acquisitive crime",
        "Police recorded ASB",
        "Police recorded criminal damage",
    }
    seven = measures.filter(target__objective__number=7)
    assert set(seven.values_list("baseline_period", flat=True)) == {"2004-2008 average"}


def test_due_dates_come_from_the_words_of_the_action(plan):
    dated = {
        a.due_wording: (a.due_date.isoformat(), a.due_wording in a.text)
        for a in Action.objects.for_plan(plan).exclude(due_date=None)
    }

    assert dated == {
        "by July 2011": ("2011-07-31", True),
        "by August 2011": ("2011-08-31", True),
        "(20.6.11)": ("2011-06-20", True),
        "by December 2011": ("2011-12-31", True),
        "by December 2012": ("2012-12-31", True),
        "by March 2012": ("2012-03-31", True),
    }
    assert set(Action.objects.for_plan(plan).values_list("status", flat=True)) == {"not_reported"}


# --- narrative sections and the strategic assessment --------------------------------------------

SECTION_SPANS = (
    # slug, first line of its text in the document, the line that ends it
    ("foreword", "FOREWORD", "A handwritten signature"),
    ("vision", "Vision", "HALLMARKS"),
    ("hallmarks", "HALLMARKS", "Background"),
    ("background", "Background", "A NEW APPROACH TO FIGHTING CRIME"),
    ("new-approach", "A NEW APPROACH TO FIGHTING CRIME", "Introduction"),
    ("introduction", "Introduction", "The role of the Voluntary"),
    ("vcfs", "The role of the Voluntary, Community and Faith Sector (VCFS)", "REDUCING"),
    ("reducing-reoffending", "REDUCING REOFFENDING", "BREAKING THE CYCLE"),
    ("breaking-the-cycle", "BREAKING THE CYCLE", "COMMUNITY SAFETY & LOCAL"),
    ("local-accountability", "COMMUNITY SAFETY & LOCAL ACCOUNTABILITY", "ANTI-SOCIAL"),
    ("anti-social-behaviour", "ANTI-SOCIAL BEHAVIOUR", "ANTI-SOCIAL BEHAVIOUR CONSULTATION"),
    ("asb-consultation", "ANTI-SOCIAL BEHAVIOUR CONSULTATION", "SAFER LANCASHIRE BOARD"),
    ("safer-lancashire-board", "SAFER LANCASHIRE BOARD PRIORITIES AND PRINCIPLES", "Community"),
    ("community-safety-priorities", "Community Safety Priorities", "PRIORITY"),
    ("alternative-formats", "Community Safety Delivery Plan 17", "Vision"),
)


def _span(document, first, end):
    lines = document.split("\n")
    start = lines.index(first)
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(end))
    return words("\n".join(lines[start + 1 : stop]))


def test_every_section_is_the_published_text_word_for_word(document, plan):
    sections = {s.slug: s for s in PlanSection.objects.filter(plan=plan)}

    assert list(sections) == [slug for slug, _, _ in SECTION_SPANS]
    for slug, first, end in SECTION_SPANS:
        assert words(sections[slug].body) == _span(document, first, end), slug
    assert words(sections["alternative-formats"].body) == (
        "We can provide this information on request on audiotape, in large print, in Braille "
        "and in other languages. Contact the PR Unit on 01695 585011."
    )
    foreword = sections["foreword"]
    assert (foreword.signatory_name, foreword.signatory_role) == (
        "David Tilleray",
        "Chairman, West Lancashire Community Safety Partnership",
    )


def test_section_bodies_keep_bullets_and_numbered_points_as_lines(plan):
    new_approach = PlanSection.objects.get(plan=plan, slug="new-approach").body.splitlines()

    assert "1. The police now have only one objective: to cut crime." in " ".join(new_approach)
    assert sum(line.startswith(("1. ", "2. ", "3. ", "4. ")) for line in new_approach) == 4
    assert not any("**" in line or "](#)" in line for line in new_approach)


def test_every_priority_is_published_under_its_theme_word_for_word(document, plan):
    lines = document.split("\n")
    table = lines[
        lines.index("PRIORITY\tDESCRIPTION") + 1 : lines.index("WLCSP Framework for Delivery")
    ]
    published, theme = {}, None
    for line in filter(str.strip, table):
        name, _, description = line.partition("\t")
        name = words(name)
        if name and not words(description):
            theme = name.title()
        elif name:
            published[name] = [theme, words(description)]
        else:
            published[list(published)[-1]][1] += " " + words(description)

    loaded = {
        p.name: [p.theme.name, words(p.description)] for p in Priority.objects.filter(plan=plan)
    }

    assert len(published) == 12
    assert loaded == published


def test_priority_paragraphs_are_not_broken_where_a_page_break_cut_a_sentence(plan):
    alcohol = Priority.objects.get(plan=plan, slug="alcohol-misuse").description.splitlines()
    abuse = Priority.objects.get(plan=plan, slug="domestic-abuse").description.splitlines()

    assert "feelings of safety - analysis of a recent Lancashire Loop survey" in alcohol[-1]
    assert abuse[-1].endswith("has increased during 2009/10.")
    assert "The percentage of referrals to the IDVA service that are" in abuse[-1]


def test_every_priority_says_which_objectives_address_it_or_none(plan):
    links = {
        p.slug: sorted(p.objectives.values_list("number", flat=True))
        for p in Priority.objects.filter(plan=plan)
    }

    assert links["road-safety-casualty-reduction"] == [7]
    assert links["domestic-abuse"] == [4]
    assert links["reoffending"] == [1]
    assert links["illegal-money-lending"] == [3, 5]
    assert links["metal-theft"] == [] and links["child-sexual-exploitation"] == []


# --- organisations and consultation -------------------------------------------------------------


def test_the_six_responsible_authorities_of_the_background_are_flagged(document, plan):
    background = PlanSection.objects.get(plan=plan, slug="background").body
    bullets = [
        line[2:]
        for line in background.splitlines()
        if line.startswith("- ")
        and line[2:].startswith(("West Lancashire Borough", "Lancashire", "NHS"))
    ]
    named = {name for bullet in bullets for name in bullet.split(" / ")}

    assert len(bullets) == 6
    assert (
        set(
            Organisation.objects.filter(is_responsible_authority=True).values_list(
                "name", flat=True
            )
        )
        == named
    )


def test_every_alias_is_a_spelling_the_plan_uses(document, plan):
    text = words(document)

    for alias in OrganisationAlias.objects.values_list("name", flat=True):
        assert re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text), alias


SPELLINGS_OF_ONE_BODY = (
    ("Lancs. Police", "Police", "Lancashire Constabulary"),
    ("Lancs. Fire and Rescue Service", "Fire and Rescue Service", "LFRS"),
    ("Lancashire Probation Service", "Probation", "Lancashire Probation Trust"),
    ("Borough Council", "Borough", "WLBC", "West Lancashire Borough Council"),
    ("LDAAT", "LDATT"),
    ("YOT", "LYOT"),
)


@pytest.mark.parametrize("spellings", SPELLINGS_OF_ONE_BODY, ids=lambda s: s[0])
def test_organisations_are_unified_across_spellings(plan, spellings):
    matched = {Organisation.objects.matching(spelling).get() for spelling in spellings}

    assert len(matched) == 1
    assert not Organisation.objects.exclude(website="").exists()


def test_the_citizens_survey_2010_results_are_the_objective_11_baselines(document, plan):
    results = SurveyResult.objects.filter(survey__slug="citizens-survey-2010").order_by("order")

    assert [(r.value, r.measure.baseline_value) for r in results] == [
        (Decimal(75), Decimal(75)),
        (Decimal(66), Decimal(66)),
    ]
    assert all(r.measure.target.objective.number == 11 for r in results)
    assert all(r.wording in words(document) for r in results)


def test_engagement_events_are_named_in_the_plan_without_invented_dates(document, plan):
    events = EngagementEvent.objects.filter(plan=plan)

    assert {e.name for e in events} >= {"Face the People", "Community Beat Events"}
    assert all(e.name.split()[0] in document and e.date is None for e in events)
