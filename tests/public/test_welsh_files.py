"""The delivery plan's files in the reader's language (issue 27): asked for at a Welsh address,
the PDF, the Word document, the spreadsheet, the CSVs and the JSON of a bilingual partnership's
plan are Welsh (headings, status words, dates and the records' Welsh text), with no English
word of the interface; at the English address, and for an English-only partnership, they are
as they were. The document worker draws the Welsh copy apart from the English one.

The plan is the invented bilingual demonstration (``manage.py load_bilingual_demo``). The
plan's own untranslated words (its target label "March 2027", "Objective 1" from its objective
word, the organisations' names) are not interface words and are not checked here.
"""

import csv
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import translation
from django_tasks import task_backends
from docx import Document as WordDocument
from openpyxl import load_workbook

from actions import delivery_table
from actions.models import ActionStatus
from cspplan.models import Partnership, Plan
from demonstration.bilingual import PLAN_SLUG
from documents import store
from documents.models import Document
from public.exports.tabular import delivery_plan_xlsx

pytestmark = pytest.mark.django_db

# Interface words of the files that must not be left in a Welsh copy (whole words, as written).
ENGLISH_WORDS = [
    "Target & Base Line",
    "Owner",
    "Actions",
    "Lead Officer",
    "Funding",
    "Status",
    "Milestones",
    "Delivery plan",
    "delivery plan",
    "Covering",
    "Published",
    "Targets are to be met",
    "On track",
    "No update yet",
    "Plan period",
    "page",
    "Edit the tables",
    "Objective number",
    "Target ID",
    "Action ID",
]
WELSH_HEADINGS = ["Targed a Llinell Sylfaen", "Perchennog", "Camau gweithredu", "Cyllid"]
WELSH_CONTENT = [
    "Cynllun y Bartneriaeth 2026 i 2027 (dychmygol)",
    "Cynnal nosweithiau ieuenctid misol yn y ganolfan gymunedol.",
    "Rhoi sgyrsiau am sgamiau i 20 o grwpiau cymunedol",
]
ENGLISH_CONTENT = [
    "Partnership Plan 2026 to 2027 (invented)",
    "Run monthly youth evenings in the community centre.",
]


@pytest.fixture
def plan():
    call_command("load_bilingual_demo", verbosity=0)
    return Plan.objects.get(slug=PLAN_SLUG)


def welsh(url):
    return translate_url(url, "cy")


def english_left(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if word in text]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def docx_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [paragraph.text for paragraph in document.sections[0].footer.paragraphs]
    parts.append(document.core_properties.title)
    return "\n".join(parts)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_welsh_pdf_is_wholly_welsh_and_the_english_one_english(client, plan, tmp_path):
    url = reverse("plans:delivery_plan_pdf", args=[plan.slug])
    response = client.get(welsh(url))
    assert response.status_code == 200
    assert "cynllun-cyflawni.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(body(response), tmp_path).split())
    for words in [*WELSH_HEADINGS, *WELSH_CONTENT, "Ar y trywydd iawn", "Cynllun cyflawni"]:
        assert words in text, (words, text)
    assert "Mawrth 2027" in text  # the period's last day, "31 Mawrth 2027"
    assert english_left(text) == []
    assert not any(words in text for words in ENGLISH_CONTENT)

    english = pdf_text(body(client.get(url)), tmp_path)
    assert "Owner" in english and "Delivery plan" in english
    assert ENGLISH_CONTENT[1] in " ".join(english.split())
    assert "Perchennog" not in english
    # Two documents, one a language: neither replaced the other.
    assert sorted(Document.objects.values_list("language", flat=True)) == ["cy", "en"]


def test_the_welsh_word_document_is_welsh_and_its_data_part_unchanged(client, plan):
    url = reverse("plans:delivery_plan_docx", args=[plan.slug])
    data = body(client.get(welsh(url)))
    text = docx_text(data)
    for words in [*WELSH_HEADINGS, *WELSH_CONTENT, "Cyfnod y cynllun: 1 Ebrill 2026", "tudalen"]:
        assert words in text, words
    assert english_left(text) == []
    document = WordDocument(io.BytesIO(data))
    assert document.core_properties.language == "cy-GB"

    english = docx_text(body(client.get(url)))
    assert "Owner" in english and "Plan period: 1 April 2026" in english
    assert WordDocument(io.BytesIO(body(client.get(url)))).core_properties.language == "en-GB"


def test_the_worker_draws_the_welsh_copy_in_welsh_outside_any_request(client, plan, settings):
    """The language travels with the job: the worker has no request and its own language."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": [settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE],
        }
    }
    backend = task_backends["default"]
    url = reverse("plans:delivery_plan_docx", args=[plan.slug])
    assert client.get(welsh(url)).status_code == 202
    (job,) = backend.results
    assert job.args[1] == "cy"
    with translation.override("en"):
        store.render(*job.args)
    document = Document.objects.get()
    assert document.language == "cy"
    with store.storage().open(document.file, "rb") as stored:
        text = docx_text(stored.read())
    assert "Perchennog" in text and english_left(text) == []


def test_the_welsh_spreadsheet_is_welsh_and_its_hidden_sheet_the_same(client, plan):
    url = reverse("plans:delivery_plan_xlsx", args=[plan.slug])
    response = client.get(welsh(url))
    assert "cynllun-cyflawni.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Cynllun cyflawni"
    headings = [cell.value for cell in sheet[1]]
    assert headings[:8] == [
        "Amcan",
        "Targed a Llinell Sylfaen",
        "Mawrth 2027 (Cymraeg)",  # the plan's own label in Welsh, its language named
        "Perchennog",
        "Camau gweithredu",
        "Swyddog Arweiniol",
        "Cyllid",
        "Statws",
    ]
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert WELSH_CONTENT[1] in cells and "Ar y trywydd iawn" in cells
    assert english_left(cells) == []
    assert [cell.value for cell in workbook["Cerrig milltir"][1]][2:] == [
        "Cam gweithredu",
        "Carreg filltir",
        "Dyddiad targed",
        "Dyddiad cwblhau",
        "Yn hwyr",
        "Nodyn",
    ]
    # What the importer reads is the same in both languages: the hidden sheet's headings.
    english = load_workbook(io.BytesIO(client.get(url).content))
    hidden = workbook[delivery_table.DATA_SHEET]
    assert [c.value for c in hidden[1]] == [c.value for c in english[delivery_table.DATA_SHEET][1]]
    assert english.worksheets[0]["D1"].value == "Owner"


def test_the_welsh_csv_has_welsh_headings_and_words_and_the_same_codes(client, plan):
    url = reverse("plans:delivery_plan_csv", args=[plan.slug])
    cymraeg = list(csv.reader(io.StringIO(client.get(welsh(url)).content.decode("utf-8-sig"))))
    saesneg = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert cymraeg[0][-3:] == ["Rhif yr amcan", "ID y targed", "ID y cam gweithredu"]
    assert saesneg[0][-3:] == ["Objective number", "Target ID", "Action ID"]
    assert len(cymraeg) == len(saesneg)
    for welsh_row, english_row in zip(cymraeg[1:], saesneg[1:], strict=True):
        assert welsh_row[-3:] == english_row[-3:]  # codes: the same in both
    text = " ".join(" ".join(row) for row in cymraeg)
    assert WELSH_CONTENT[1] in text and "Ar y trywydd iawn" in text
    # One truth: each action's Welsh status word is the status the JSON gives its id.
    with translation.override("cy"):
        codes = {str(label): code for code, label in ActionStatus.choices}
    data = json.loads(client.get(reverse("plans:delivery_plan_json", args=[plan.slug])).content)
    statuses = {
        action["id"]: action["status"]
        for objective in data["objectives"]
        for target in objective["targets"]
        for action in target["actions"]
    }
    column = cymraeg[0].index("Statws")
    shown = {int(row[-1]): codes[row[column].split(" · ")[0]] for row in cymraeg[1:] if row[-1]}
    assert shown == statuses
    assert english_left(text) == []

    measures = reverse("plans:delivery_plan_measures_csv", args=[plan.slug])
    response = client.get(welsh(measures))
    assert "mesurau-cynllun-cyflawni.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Enw"] == "Digwyddiadau ymddygiad gwrthgymdeithasol a adroddwyd"
    assert rows[0]["Uned"] == "count" and rows[0]["Cyfeiriad"] == "reduce"  # codes


def test_the_welsh_json_gives_welsh_texts_and_labels_with_the_same_keys_and_codes(client, plan):
    url = reverse("plans:delivery_plan_json", args=[plan.slug])
    cymraeg = json.loads(client.get(welsh(url)).content)
    english = json.loads(client.get(url).content)
    assert (cymraeg["language"], english["language"]) == ("cy", "en")
    action = cymraeg["objectives"][0]["targets"][0]["actions"][0]
    same = english["objectives"][0]["targets"][0]["actions"][0]
    assert action.keys() == same.keys()
    assert (action["id"], action["status"]) == (same["id"], same["status"])
    assert action["status"] == "on_track"
    assert action["status_label"] == "Ar y trywydd iawn"
    assert action["text"] == WELSH_CONTENT[1]
    assert cymraeg["plan"]["title"] == WELSH_CONTENT[0]


def test_an_english_partnerships_files_stay_english_whatever_asks(plan):
    """A document asked for in Welsh of a plan whose partnership is English only is English,
    under the key it always had; a bilingual plan's English key is also the one it had."""
    version = "v1"
    old_key = store.document_key(kind="delivery-plan-pdf", plan=plan, as_at=None, version=version)
    assert (
        old_key
        == __import__("hashlib")
        .sha256("\n".join(["delivery-plan-pdf", str(plan.pk), "-", version]).encode())
        .hexdigest()
    )
    assert store.document_language(plan, "cy") == "cy"
    Partnership.objects.filter(pk=plan.partnership_id).update(languages=Partnership.ENGLISH)
    plan.refresh_from_db()
    plan.partnership.refresh_from_db()
    assert store.document_language(plan, "cy") == "en"
    assert store.document_language(plan, None) == "en"


def test_the_spreadsheet_in_english_is_unchanged_by_the_catalogue(plan):
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(delivery_plan_xlsx(plan))).worksheets[0]
    assert sheet.title == "Delivery plan"
    assert [cell.value for cell in sheet[1]][:2] == ["Objective", "Target & Base Line"]


def test_welsh_search_finds_the_welsh_text_with_welsh_words_as_typed(client, plan):
    """Search at the Welsh address reads the records' Welsh; on PostgreSQL with the "simple"
    configuration (no Welsh stemmer exists there; English stemming would mangle Welsh)."""
    from public.search import search_config

    with translation.override("cy"):
        assert search_config() == "simple"
    assert search_config() == "english"
    response = client.get(welsh(reverse("search")), {"q": "nosweithiau ieuenctid"})
    assert response.status_code == 200
    assert "Cynnal <mark>nosweithiau</mark> <mark>ieuenctid</mark> misol" in response.text
