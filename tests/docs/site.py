"""Building the documentation site in a test: the configuration, its nav, and a strict build
into a temporary folder."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def config():
    """mkdocs.yml as data."""
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def nav_pages(nav):
    """Every page file named in a nav, however deep."""
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            if isinstance(value, list):
                yield from nav_pages(value)
            else:
                yield value


def needs_mkdocs():
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        message = "MkDocs or Material is not installed (`make docs` installs the `docs` group)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"The docs build is required in CI: {message}")
        pytest.skip(message)


def build(tmp_path, config_file=ROOT / "mkdocs.yml"):
    """`mkdocs build --strict` of `config_file` into tmp_path/site, from the repository root
    (where the recipe's files, docs/deploy/, are included from)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
         "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
