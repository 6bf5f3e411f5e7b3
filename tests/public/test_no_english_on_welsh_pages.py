"""No English left on a Welsh page (issue 27): every Welsh page of the invented bilingual
partnership (``manage.py load_bilingual_demo``) is read with the test client, and what a
resident reads there — each text node, and the words of ``title``, ``aria-label``, ``alt`` and
``placeholder`` — must hold no common English word and no English sentence of the catalogue,
once the plan's own untranslated proper names (its people, agencies and places) are taken out.

Two nets, since one alone misses things: a short list of English words that are never Welsh
words ("the", "of", "with"…) catches a sentence built in code; the catalogue's own English
(each msgid whose Welsh differs) catches an interface string shown without its translation,
even one of a single word ("Status", "Due")."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import trans_real

from actions.models import Action
from cspplan.models import Officer, Organisation, Plan
from demonstration.bilingual import PARTNERSHIP_SLUG, PLAN_SLUG

pytestmark = pytest.mark.django_db

# English words that no Welsh sentence holds (so none of Welsh's own short words, such as "a",
# "i", "at", "am", "o", "ac", "ni", "hi", "is" (lower), "we" (the web) or "dim", which are Welsh
# too).
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """the and of for with by this that these are was were has have had from not yet be been
        will which their its your you our or on in into to as it than what when where who how
        more less there here about after before between each every one two all any no some only
        plan plans page pages update updates progress target targets measure measures action
        actions objective objectives priority priorities status latest due owner officer lead
        month months year years quarter date day days today ago overdue late done milestone
        milestones track risk concern achieved completed baseline trajectory figure figures
        partnership community safety compare comparing statement contact report download
        search results event events consultation consultations said did share""",
    )
)
WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ’']+")
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
SKIPPED_ELEMENTS = {"script", "style", "template"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class ResidentsText(HTMLParser):
    """The text a resident reads on a page, leaving out scripts and styles and any element
    marked as being in another language (the switch's "English", a quoted English name)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # one flag per open element: skip its text
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = bool(self.skipping and self.skipping[-1]) or tag in SKIPPED_ELEMENTS
        if attrs.get("lang") not in (None, "cy"):
            skip = True
        if not skip:
            self.texts.extend(attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name))
        if tag not in VOID_ELEMENTS:
            self.skipping.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.skipping.pop()

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]) and data.strip():
            self.texts.append(" ".join(data.split()))


def residents_text(html):
    reader = ResidentsText()
    reader.feed(html)
    return reader.texts


def proper_names():
    """The plan's own names, the same in both languages: people, agencies, places."""
    names = set(Organisation.objects.values_list("name", flat=True))
    names |= set(Organisation.objects.values_list("short_name", flat=True))
    names |= {officer.name for officer in Officer.objects.all()}
    names |= {"Alex Example", "Invented officer", "Cwm Dychmygol Library (invented)"}
    names |= {"Cwm Dychmygol", "cspplan"}
    # Names of the police's own meetings, and a column of the open-data files (whose headers
    # stay English: docs/welsh.md).
    names |= {"Face the People", "Community Beat", "PACT", "Target ID", "AbilityNet"}
    # Names of formats and of the language switch itself.
    names |= {"PDF", "CSV", "JSON", "XLSX", "DOCX", "Atom", "iCalendar", "Excel", "Word", "API"}
    return sorted((name for name in names if name), key=len, reverse=True)


def catalogue_english():
    """Each English interface string whose Welsh differs, as a resident would read it (with
    its placeholders cut out, the text between them kept): the longest first."""
    catalogue = trans_real.translation("cy")._catalog
    found = set()
    for key, welsh in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not isinstance(msgid, str) or not msgid or "\x04" in msgid:
            msgid = msgid.split("\x04", 1)[-1] if isinstance(msgid, str) else ""
        if not msgid or msgid == welsh or msgid.endswith("/"):
            continue
        for piece in re.split(r"%(?:\(\w+\))?[sd]|\{[^}]*\}|<[^>]*>", msgid):
            piece = piece.strip(" .,:;()–-·“”\n")
            # A piece worth looking for: a word of four letters or more, or several words.
            if len(piece) >= 4 and WORD.search(piece) and piece not in proper_names_cache():
                found.add(piece)
    # One pattern, longest first, each piece a whole word or words.
    pieces = "|".join(re.escape(piece) for piece in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'])({pieces})(?![\w’'])")


_NAMES = []


def proper_names_cache():
    return _NAMES


def english_left(texts, names, catalogue):
    """The English found in a page's texts: each as (what, the text it was in)."""
    problems = []
    for text in texts:
        rest = text
        for name in names:
            rest = rest.replace(name, " ")
        found = catalogue.search(rest)
        if found:
            problems.append((found.group(1), text))
        else:
            words = {word.lower() for word in WORD.findall(rest)}
            if words & ENGLISH_WORDS:
                problems.append((", ".join(sorted(words & ENGLISH_WORDS)), text))
    return problems


def welsh_pages():
    """{name: English address} of every page of the demonstration partnership offered in
    Welsh: the same pages the browser walks visit, and the accessibility statement."""
    plan = Plan.objects.get(slug=PLAN_SLUG)
    action = Action.objects.for_plan(plan).first()
    organisation = action.owners.first()
    priority = plan.priority_themes.first().priorities.first()
    return {
        "home": reverse("home"),
        "partnerships": reverse("partnerships"),
        "partnership": reverse("partnership", args=[PARTNERSHIP_SLUG]),
        "plan list": reverse("plans:list"),
        "plan": reverse("plans:detail", args=[plan.slug]),
        "priorities": reverse("plans:priorities", args=[plan.slug]),
        "priority": reverse("plans:priority", args=[plan.slug, priority.slug]),
        "objective 1": reverse("plans:objective", args=[plan.slug, 1]),
        "objective 2": reverse("plans:objective", args=[plan.slug, 2]),
        "organisation": reverse("plans:organisation", args=[plan.slug, organisation.slug]),
        "delivery plan": reverse("plans:delivery_plan", args=[plan.slug]),
        "have your say": reverse("plans:have_your_say", args=[plan.slug]),
        "search": reverse("search") + "?q=ymddygiad",
        "events": reverse("engagement:list"),
        "event": plan.engagement_events.first().get_absolute_url(),
        "consultations": reverse("consultations:list"),
        "you said, we did": reverse("you_said_we_did"),
        "accessibility": reverse("accessibility"),
    }


@pytest.fixture
def demonstration(settings):
    call_command("load_bilingual_demo", verbosity=0)
    settings.DEFAULT_PARTNERSHIP_SLUG = PARTNERSHIP_SLUG
    _NAMES[:] = proper_names()
    return Plan.objects.get(slug=PLAN_SLUG)


def walk(client, pages):
    """Every English word left on these pages, in one failure listing each page's."""
    with translation.override("cy"):
        catalogue = catalogue_english()
    problems = []
    for name, english in pages.items():
        cymraeg = translate_url(english, "cy")
        response = client.get(cymraeg)
        assert response.status_code == 200, f"{name}: {cymraeg} answered {response.status_code}"
        assert '<html lang="cy"' in response.text, cymraeg
        for what, text in english_left(residents_text(response.text), _NAMES, catalogue):
            problems.append(f"{name} ({cymraeg}): “{what}” in “{text[:160]}”")
    return problems


def test_no_english_is_left_on_any_welsh_page_of_the_demonstration(client, demonstration):
    problems = walk(client, welsh_pages())
    assert not problems, "\n".join(problems)


def test_the_check_finds_english_a_page_leaves(client, demonstration):
    """The check itself: an English text on a Welsh page is found, wherever it is."""
    with translation.override("cy"):
        catalogue = catalogue_english()
    texts = residents_text(
        '<p>Ar y trywydd iawn</p><p title="Latest update">Cynnydd</p>'
        '<a lang="en-GB" href="/">English</a><p>Statws: Due</p>'
        "<script>var the = 1;</script><p>2 of 5 milestones done</p>"
    )
    found = [what for what, _ in english_left(texts, _NAMES, catalogue)]
    assert len(found) == 3, found
    assert not english_left(["Heddlu Cwm Dychmygol"], _NAMES, catalogue)


@pytest.fixture
def two_years(demonstration):
    """The demonstration's plan and an invented earlier year of it, archived."""
    from objectives.models import Objective

    earlier = Plan.objects.create(
        partnership=demonstration.partnership,
        slug="cwm-dychmygol-2025-26",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        target_date=datetime.date(2026, 3, 31),
        status=Plan.Status.ARCHIVED,
        published_at=timezone.now(),
        archived_at=timezone.now(),
        title_en="Partnership Plan 2025 to 2026 (invented)",
        title_cy="Cynllun y Bartneriaeth 2025 i 2026 (dychmygol)",
        target_label_en="March 2026",
        target_label_cy="Mawrth 2026",
        objective_word_en="Objective",
        objective_word_cy="Amcan",
    )
    Objective.objects.create(
        plan=earlier,
        number=1,
        title_en="Reduce anti-social behaviour in the parks",
        title_cy="Lleihau ymddygiad gwrthgymdeithasol yn y parciau",
    )
    return earlier, demonstration


def test_the_comparison_of_two_years_and_its_csv_are_in_welsh(client, two_years):
    earlier, later = two_years
    compare = reverse("plans:compare", args=[later.slug, earlier.slug])
    problems = walk(client, {"compare": compare})
    assert not problems, "\n".join(problems)
    csv_file = client.get(
        translate_url(reverse("plans:compare_csv", args=[later.slug, earlier.slug]), "cy")
    )
    header, *rows = csv_file.content.decode("utf-8-sig").splitlines()
    assert header == "Amcan,Beth,Newid,Enw,Y cynllun cynharach,Y cynllun diweddarach"
    assert any("wedi'i newid" in row or "wedi'i ychwanegu" in row for row in rows), rows
    english = client.get(reverse("plans:compare_csv", args=[later.slug, earlier.slug]))
    assert english.content.decode("utf-8-sig").splitlines()[0] == (
        "Objective,What,Change,Name,Before,After"
    )
