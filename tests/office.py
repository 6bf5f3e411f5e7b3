"""Open downloads as an office suite does: convert them to PDF with LibreOffice headless and read
the pages back with Poppler (pdfinfo, pdftotext), for the tests marked ``office``.

The ``office`` fixture (tests/conftest.py) skips those tests where the tools are missing, except
under CI=true, where a missing tool fails the run: CI must never pass by skipping them.
"""

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TOOLS = ("soffice", "pdfinfo", "pdftotext")
# A cold LibreOffice start on a busy two-core machine takes seconds; a hang must not stall CI.
CONVERSION_TIMEOUT = 240


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@dataclass(frozen=True)
class PrintedPage:
    width: float  # points
    height: float
    text: str  # pdftotext -layout: each table row on one line, as printed

    @property
    def is_landscape(self) -> bool:
        return self.width > self.height

    def has_row(self, headings) -> bool:
        """Whether one printed line holds every heading, in order: the whole header row is on
        this page, not one column of it. Headings are matched by their first word, since a
        narrow column may wrap the rest under it."""
        pattern = re.compile(
            r".*?".join(rf"\b{re.escape(heading.split()[0])}\b" for heading in headings)
        )
        return any(pattern.search(line) for line in self.text.splitlines())


def convert_to_pdf(files: dict[str, bytes], directory: Path) -> dict[str, list[PrintedPage]]:
    """Convert every file (name → content; names must differ before the extension) in one
    LibreOffice run, with a private profile so that runs never share or lock one."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_bytes(data)
    with tempfile.TemporaryDirectory(prefix="cspplan-lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(directory / "pdf"),
                *(str(directory / name) for name in files),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERSION_TIMEOUT,
            env={**os.environ, "HOME": profile},
        )
    return {name: printed_pages(directory / "pdf" / f"{Path(name).stem}.pdf") for name in files}


def printed_pages(pdf: Path) -> list[PrintedPage]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    sizes = [
        (float(width), float(height))
        for width, height in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    ]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    texts = text.split("\f")  # one form feed after each page
    return [
        PrintedPage(width, height, page_text)
        for (width, height), page_text in zip(sizes, texts, strict=False)
    ]
