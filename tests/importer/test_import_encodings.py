"""A plan file in every encoding and with every separator the import guide lists
(docs/importing.md, "What the importer reads, and how") reads back as the same plan
(importer/reading.py)."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.reading import read_table

# The encodings the import guide lists, as Excel and other programs write them.
ENCODINGS = {
    "UTF-8": "utf-8",
    "UTF-8 with a byte-order mark": "utf-8-sig",
    "UTF-16 (Excel's Unicode text)": "utf-16",  # a byte-order mark, little-endian
    "UTF-16 without a byte-order mark": "utf-16-le",
    "Windows-1252": "cp1252",
}
DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";"}
HEADINGS = ["Objective", "Actions", "Owner"]


def plan_file(headings, rows, *, encoding, delimiter) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([headings, *rows])
    return out.getvalue().encode(encoding)


def read_back(headings, data: bytes) -> list[list[str]]:
    table = read_table("plan.csv", data)
    return [[row.cells[heading] for heading in headings] for row in table.rows]


@pytest.mark.parametrize("encoding", ENCODINGS.values(), ids=ENCODINGS.keys())
@pytest.mark.parametrize("delimiter", DELIMITERS.values(), ids=DELIMITERS.keys())
def test_a_two_row_two_column_file_reads_in_every_encoding(encoding, delimiter):
    # The probe's file: Excel's "Unicode text" of a header and one action, two columns wide,
    # was refused with "no header row found".
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["Actions", "Owner"], ["Run a Street Watch scheme", "Lancashire Constabulary"]]
    )
    table = read_table("plan.csv", out.getvalue().encode(encoding))
    assert [(r.cells["Actions"], r.cells["Owner"]) for r in table.rows] == [
        ("Run a Street Watch scheme", "Lancashire Constabulary")
    ]


# Words a plan's cells hold: letters, digits, the punctuation of plans (commas, semicolons,
# quotes, £, en dashes) that every listed encoding can write; no control characters, nothing
# a cell's reading trims away (outer spaces) or reads as an exported formula's guard.
WORD = st.text(
    alphabet=st.sampled_from(list("abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789 ,;'\"£–%&()/.")),
    min_size=1,
    max_size=30,
).filter(lambda text: text == text.strip() and text[0] not in "'")
ROW = st.tuples(st.sampled_from(["1", "2", "3"]), WORD.map(lambda w: f"Do {w}"), WORD)


@given(
    rows=st.lists(ROW, min_size=1, max_size=5),
    with_objective=st.booleans(),
    encoding=st.sampled_from(list(ENCODINGS.values())),
    delimiter=st.sampled_from(list(DELIMITERS.values())),
)
def test_the_same_plan_reads_back_in_every_encoding_and_separator(
    rows, with_objective, encoding, delimiter
):
    # Two columns (Actions, Owner) or three (and the Objective): both are plans.
    headings = HEADINGS if with_objective else HEADINGS[1:]
    rows = [list(row) if with_objective else list(row[1:]) for row in rows]
    data = plan_file(headings, rows, encoding=encoding, delimiter=delimiter)
    assert read_back(headings, data) == rows
