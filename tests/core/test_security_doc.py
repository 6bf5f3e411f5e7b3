"""docs/security.md stays true: every setting it names exists, every file and test it cites
exists, and it speaks of every persona (issue 22)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOC = (ROOT / "docs" / "security.md").read_text()
CONFIGURATION = "\n".join(
    (ROOT / path).read_text() for path in ("cspplan/settings.py", "docs/deploy/gunicorn.conf.py")
)
# What the doc quotes in backticks.
QUOTED = re.findall(r"`([^`]+)`", DOC)


def test_every_setting_it_names_is_read_by_the_settings_or_the_gunicorn_recipe():
    names = {q for q in QUOTED if re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", q)}
    assert "CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT" in names  # the check reads the doc at all
    missing = {
        name
        for name in names
        if f'"{name}"' not in CONFIGURATION
        and not re.search(rf"^{name}\b", CONFIGURATION, re.MULTILINE)
        and not hasattr(settings, name)
    }
    assert not missing, f"docs/security.md names settings that do not exist: {sorted(missing)}"


def test_every_file_and_test_it_cites_exists():
    cited = [q for q in QUOTED if re.fullmatch(r"[\w./-]+\.(py|txt|md)(::\w+)?", q)]
    assert any(c.startswith("tests/") and "::" in c for c in cited)
    for citation in cited:
        path, _, test = citation.partition("::")
        file = ROOT / path
        assert file.exists(), f"docs/security.md cites {path}, which does not exist"
        if test:
            assert re.search(rf"^def {test}\(", file.read_text(), re.MULTILINE), citation


def test_it_speaks_of_every_persona_and_the_operators_guide_links_it():
    table = DOC.split("## Who can do what", 1)[1].split("\n## ", 1)[0]
    personas = re.findall(r"^\| ([a-z][a-z ()]+?) \|", table, re.MULTILINE)
    for persona in ("resident (no login)", "partnership officer", "plan manager", "chair",
                    "county reader", "superuser", "operator"):  # fmt: skip
        assert persona in personas, persona
    # The operator's guide (docs/operators.md, once a README section) links it within the site.
    assert "[Security](security.md)" in (ROOT / "docs" / "operators.md").read_text()
