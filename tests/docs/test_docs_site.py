"""The documentation site (mkdocs.yml, docs/): it builds with `mkdocs build --strict` (no broken
link or anchor, no missing README section or image) and every page of docs/ is in the nav.

Without MkDocs (the `docs` group of pyproject.toml; `make docs` and `make test` install it) the
build test is skipped locally and fails under CI=true, like the other tools."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _config():
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _nav_pages(nav):
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            if isinstance(value, list):
                yield from _nav_pages(value)
            else:
                yield value


def _needs_mkdocs():
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        message = "MkDocs or Material is not installed (`make docs` installs the `docs` group)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"The docs build is required in CI: {message}")
        pytest.skip(message)


def _build(tmp_path, config=ROOT / "mkdocs.yml"):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_every_page_in_docs_is_in_the_nav():
    excluded = {"deploy"}  # the recipe's files, shown in the operator's guide as code
    pages = {
        path.relative_to(DOCS).as_posix()
        for path in DOCS.rglob("*.md")
        if path.relative_to(DOCS).parts[0] not in excluded
    }
    in_nav = list(_nav_pages(_config()["nav"]))
    assert sorted(pages - set(in_nav)) == [], "pages of docs/ missing from the nav in mkdocs.yml"
    assert sorted(set(in_nav) - pages) == [], "nav entries with no page in docs/"
    assert len(in_nav) == len(set(in_nav)), "a page is in the nav twice"


def test_the_site_builds_strictly(tmp_path):
    _needs_mkdocs()
    result = _build(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    # A page that includes a README section shows it (the marker comments are not shown).
    api = (site / "api.html").read_text(encoding="utf-8")
    assert "Access-Control-Allow-Origin" in api
    assert "--8&lt;--" not in api and "[start:" not in api


def test_a_link_to_nothing_fails_the_build(tmp_path):
    """The strict build is what catches broken links: prove it does, on a copy of the site."""
    _needs_mkdocs()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the guide](no-such-page.md).\n")
    config = _config()
    config.update(docs_dir=str(docs), nav=[{"Home": "index.md"}])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = _build(tmp_path, tmp_path / "mkdocs.yml")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stdout + result.stderr


def test_a_missing_readme_section_fails_the_build(tmp_path):
    _needs_mkdocs()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# Home\n\n--8<-- "README.md:no-such-section"\n')
    config = _config()
    config.update(docs_dir=str(docs), nav=[{"Home": "index.md"}])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = _build(tmp_path, tmp_path / "mkdocs.yml")
    assert result.returncode != 0
    assert "no-such-section" in result.stdout + result.stderr
