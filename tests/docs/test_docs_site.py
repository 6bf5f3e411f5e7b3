"""The documentation site (mkdocs.yml, docs/): it builds with `mkdocs build --strict` (no broken
link or anchor, no missing included file or image) and every page of docs/ is in the nav; the
README points to it and keeps no reference section of its own.

Without MkDocs (the `docs` group of pyproject.toml; `make docs` and `make test` install it) the
build test is skipped locally and fails under CI=true, like the other tools."""

import yaml

from tests.docs.site import DOCS, ROOT, build, config, nav_pages, needs_mkdocs


def test_every_page_in_docs_is_in_the_nav():
    excluded = {"deploy"}  # the recipe's files, shown in the operator's guide as code
    pages = {
        path.relative_to(DOCS).as_posix()
        for path in DOCS.rglob("*.md")
        if path.relative_to(DOCS).parts[0] not in excluded
    }
    in_nav = list(nav_pages(config()["nav"]))
    assert sorted(pages - set(in_nav)) == [], "pages of docs/ missing from the nav in mkdocs.yml"
    assert sorted(set(in_nav) - pages) == [], "nav entries with no page in docs/"
    assert len(in_nav) == len(set(in_nav)), "a page is in the nav twice"


def test_the_site_builds_strictly(tmp_path):
    needs_mkdocs()
    result = build(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    api = (site / "api.html").read_text(encoding="utf-8")
    assert "Access-Control-Allow-Origin" in api
    # The recipe's files are included as code: the file's text is there, not the include line.
    operators = (site / "operators.html").read_text(encoding="utf-8")
    assert "# cspplan on several app servers" in operators  # the Procfile's first line
    assert "--8&lt;--" not in operators


def test_the_readme_points_to_the_docs_and_keeps_no_section_of_theirs():
    """The README is what a newcomer needs first; every reference section lives in docs/ once,
    so the two cannot drift (they were included from the README before)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make docs" in readme and "make run" in readme and "make test" in readme
    assert "--8<--" not in readme
    for page in ("## Configuration", "## Open data API", "## Periods", "## Small numbers"):
        assert page not in readme, page
    assert len(readme.splitlines()) < 150


def test_a_link_to_nothing_fails_the_build(tmp_path):
    """The strict build is what catches broken links: prove it does, on a copy of the site."""
    needs_mkdocs()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the guide](no-such-page.md).\n")
    settings = config()
    settings.update(docs_dir=str(docs), nav=[{"Home": "index.md"}])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings))
    result = build(tmp_path, tmp_path / "mkdocs.yml")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stdout + result.stderr


def test_a_missing_included_file_fails_the_build(tmp_path):
    """The operator's guide includes the recipe's files: one renamed away fails the build."""
    needs_mkdocs()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# Home\n\n--8<-- "docs/deploy/no-such-file"\n')
    settings = config()
    settings.update(docs_dir=str(docs), nav=[{"Home": "index.md"}])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings))
    result = build(tmp_path, tmp_path / "mkdocs.yml")
    assert result.returncode != 0
    assert "no-such-file" in result.stdout + result.stderr


def test_every_screenshot_is_shown_on_a_page():
    """A picture no page shows is a picture nobody keeps current: the screenshots test takes
    exactly the committed set, and each of them is used."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in DOCS.rglob("*.md"))
    unused = [p.name for p in (DOCS / "img").glob("*.png") if f"img/{p.name}" not in text]
    assert unused == []
