"""The seed document as these tests read it: the converted PDF in fixtures/source/, split into
its table rows, cells and paragraphs by rules of the tests' own (not the fixture's)."""

import re
from pathlib import Path

# The published document, as converted from the PDF, kept in the repository so that these tests
# need nothing outside it; SHARED_SEED is where the project's shared copy lives, when present.
SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "source"
    / "west-lancashire-csp-plan-2011-12.txt"
)
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_1f04b2afec8cf1aa.txt"
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
