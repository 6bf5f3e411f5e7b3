"""The Welsh catalogue (locale/cy/LC_MESSAGES/django.po) translates every string the residents'
site marks for translation, and the residents' templates leave no English text unmarked.

The catalogue is extracted afresh (``makemessages``, as ``make messages`` does) from a copy of
the code and templates, so a string marked in a template but never added to the catalogue fails
here, as does an entry left untranslated or marked fuzzy (unsure).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale/cy/LC_MESSAGES/django.po")

# What the residents read: their pages, the parts those pages include, the error pages.
RESIDENTS_TEMPLATES = [
    *sorted((ROOT / "templates/public").rglob("*.html")),
    *sorted((ROOT / "templates/includes").glob("*.html")),
    *(
        ROOT / "templates" / name
        for name in ("base.html", "404.html", "429.html", "500.html", "503.html")
    ),
    # Following by e-mail (issue 28); "Your e-mails" (preferences.html) is a staff page.
    *sorted(p for p in (ROOT / "templates/notices").glob("*.html") if p.name != "preferences.html"),
]
# Residents' templates not yet marked (listed in docs/welsh.md, "Not yet in Welsh"); each entry
# here is a known gap, never a place to hide a new one.
NOT_YET_MARKED: set[str] = set()
# Words a Welsh page keeps as they are: names of formats and of the plan's own columns.
KEPT_AS_THEY_ARE = {"PDF", "CSV", "JSON", "XLSX", "DOCX", "Atom", "Excel", "Word", "API", "cspplan"}
SHOWN_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"{]*)"')


def entries(po_text):
    """Each entry of a .po file as (flags, msgid, msgstrs)."""
    found = []
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = ""
                line = match.group(2)
            if current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            found.append((flags, fields["msgid"], strings))
    return found


def untranslated(po_text):
    return [
        msgid
        for flags, msgid, strings in entries(po_text)
        if "fuzzy" in flags or not strings or not all(strings)
    ]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The catalogue after extracting every marked string again from a copy of the project."""
    copy = tmp_path_factory.mktemp("project")
    ignored = shutil.ignore_patterns(
        ".*", "__pycache__", "node_modules", "tests", "docs", "site", "staticfiles", "*.mo"
    )
    for path in ROOT.iterdir():
        if path.name.startswith(".") or path.name in {"node_modules", "tests", "docs", "site"}:
            continue
        if path.is_dir():
            shutil.copytree(path, copy / path.name, ignore=ignored)
        elif path.suffix in {".py", ".toml"}:
            shutil.copy(path, copy / path.name)
    # Staff pages, the admin and sign-in stay in English (docs/welsh.md): not the residents'
    # catalogue.
    for staff in ("admin", "staff", "dashboard", "account", "allauth", "mfa"):
        shutil.rmtree(copy / "templates" / staff, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "cy",
            "--add-location",
            "file",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin"},
    )
    return (copy / CATALOGUE).read_text(encoding="utf-8")


def test_the_kept_catalogue_translates_every_entry_for_sure():
    assert untranslated((ROOT / CATALOGUE).read_text(encoding="utf-8")) == []


def test_every_marked_string_of_the_residents_site_is_in_the_catalogue_translated(fresh_catalogue):
    assert untranslated(fresh_catalogue) == [], (
        "Run `make messages` and translate the new entries of locale/cy/LC_MESSAGES/django.po."
    )


def test_the_entries_parser_sees_an_untranslated_entry():
    po = (
        'msgid "Status"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Due"\nmsgstr "Erbyn"\n\n'
        'msgid "Home"\nmsgstr "Hafan"\n'
    )
    assert untranslated(po) == ["Status", "Due"]


def english_left_in(template_path):
    """Words shown to a reader that the template writes outside any translation tag (and
    outside comments), in its text and in the attributes a reader hears or sees."""
    source = template_path.read_text(encoding="utf-8")
    for pattern in (
        r"{% comment %}.*?{% endcomment %}",
        r"{% block body_class %}.*?{% endblock %}",
        r"{#.*?#}",
        r"{% blocktranslate\b.*?{% endblocktranslate %}",
        r"{%.*?%}",
        r"{{.*?}}",
        r"<style.*?</style>",
        r"<!DOCTYPE html>",
    ):
        source = re.sub(pattern, "", source, flags=re.S)
    shown = SHOWN_ATTRIBUTES.findall(source)
    text = re.sub(r"<[^>]*>", " ", source)
    return [
        word
        for words in [text, *shown]
        for word in re.findall(r"[A-Za-z][A-Za-z’']+", words)
        if word not in KEPT_AS_THEY_ARE
    ]


@pytest.mark.parametrize(
    "template",
    [path for path in RESIDENTS_TEMPLATES if str(path.relative_to(ROOT)) not in NOT_YET_MARKED],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_a_residents_template_leaves_no_english_text_unmarked(template):
    assert english_left_in(template) == []


def test_the_unmarked_text_check_finds_english_left_outside_the_tags(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Status" %}</h1><p title="Hello">Left here</p>'
        "{% blocktranslate %}Inside {{ x }}{% endblocktranslate %} · PDF"
    )
    assert english_left_in(template) == ["Left", "here", "Hello"]
