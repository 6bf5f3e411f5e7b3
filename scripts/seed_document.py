"""Read the West Lancashire CSP Partnership Plan 2011-2012 (the converted PDF in
fixtures/source/, a copy of ../shared/seed/) into plain Python structures, for
scripts/build_seed_fixture.py.

The conversion kept the document's words but not always its layout: tables arrive as tab-separated
rows of HTML fragments, page breaks split rows and sentences, and some cells lost their paragraph
marks. The rules used to put it back together are written out where they are applied.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_PATH = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "source"
    / "west-lancashire-csp-plan-2011-12.txt"
)

# Where the converter glued two paragraphs (or two bullets) of one cell together, the break is
# restored before these words. Each was read from the document: a capitalised instruction that
# starts a new sentence inside a cell that has no <p> marks, or a new bullet of a list whose
# bullet marks were lost.
ACTION_BREAKS = (
    # Objective 1
    "Provide targeted youth support",
    "Complete the South Lancashire Reducing",
    "Implement integrated offender management",
    # Objective 2
    "Provide management information on the nature",
    "Raise awareness of the Young People's Service",
    "Through the Multi-Agency Licensing and Tasking",
    "Development of an updated Age Check",
    # Objective 5
    "Promotion and awareness of Help Direct",
    # Objective 6
    "Work with residents and communities",
    "To encourage the acceptance by partners",
    "Deliver child fire safety education",
    "To actively engage with all partners",
    "LFRS Fire Safety Enforcement Department",
    "Promote the safe storage and responsible",
    # Objective 7 (bullets)
    "working with the Youth Service",
    "working with collages in the area, to develop",
    "working with the Constabulary and with",
    # Objective 10 (bullets)
    "Commence Legal proceedings",
    "Commence prosecutions for fly tipping",
    "Deliver Proactive talks",
    "Roll out community beat sweep",
    "Target hot spot areas for fly tipping",
    "Support the objectives of the multi-agency",
    # Objective 11 (bullets)
    "CSP Plan and updates, events publicity",
    "CSP Plan to be featured at CVS events",
)

# The same, for the "Target & Base Line" and "March 2012" cells: each published line on its own.
TARGET_BREAKS = (
    "Agree DRR target",
    "Baseline? To be confirmed",
    "Reduce the underage sale of alcohol.",
    "Baseline to be established Trading",
    "Trading Standards test purchase data",
    "Baseline (TBC)",
    "Baseline: (TBC)",
    "Reduce the number of deliberate fires",
    "Accidental Building Fires target",
    "Deliberate Primary Fires target",
    "Deliberate Secondary Fires target",
    "Target to be agreed with LYOT",
    "(Retest to be done",
)


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def clean(text: str) -> str:
    """The published words without the converter's markdown, on one line."""
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)  # [A New Approach To Fighting Crime](#)
    text = text.replace("**", "").replace("\\(", "(").replace("\\)", ")")
    return re.sub(r"\s+", " ", text).strip()


def split_at(text: str, phrases) -> list[str]:
    """Split ``text`` before every phrase in ``phrases`` that starts a word inside it."""
    pieces = [text]
    for phrase in phrases:
        next_pieces = []
        for piece in pieces:
            index = piece.find(" " + phrase)
            while index > 0:
                next_pieces.append(piece[:index].strip())
                piece = piece[index + 1 :]
                index = piece.find(" " + phrase, 1)
            next_pieces.append(piece.strip())
        pieces = next_pieces
    return [piece for piece in pieces if piece]


# --- narrative sections -------------------------------------------------------------------------

# slug, title, first line of the section (its heading), heading of the next part.
SECTIONS = (
    ("foreword", "Foreword", "FOREWORD", "A handwritten signature"),
    ("vision", "Vision", "Vision", "HALLMARKS"),
    ("hallmarks", "Hallmarks of Effective Partnership", "HALLMARKS", "Background"),
    ("background", "Background", "Background", "A NEW APPROACH TO FIGHTING CRIME"),
    (
        "new-approach",
        "A New Approach to Fighting Crime",
        "A NEW APPROACH TO FIGHTING CRIME",
        "Introduction",
    ),
    (
        "introduction",
        "Introduction",
        "Introduction",
        "The role of the Voluntary, Community and Faith Sector (VCFS)",
    ),
    (
        "vcfs",
        "The role of the Voluntary, Community and Faith Sector (VCFS)",
        "The role of the Voluntary, Community and Faith Sector (VCFS)",
        "REDUCING REOFFENDING",
    ),
    ("reducing-reoffending", "Reducing Reoffending", "REDUCING REOFFENDING", "BREAKING THE CYCLE"),
    (
        "breaking-the-cycle",
        "Breaking the Cycle",
        "BREAKING THE CYCLE",
        "COMMUNITY SAFETY & LOCAL ACCOUNTABILITY",
    ),
    (
        "local-accountability",
        "Community Safety & Local Accountability",
        "COMMUNITY SAFETY & LOCAL ACCOUNTABILITY",
        "ANTI-SOCIAL BEHAVIOUR",
    ),
    (
        "anti-social-behaviour",
        "Anti-Social Behaviour",
        "ANTI-SOCIAL BEHAVIOUR",
        "ANTI-SOCIAL BEHAVIOUR CONSULTATION",
    ),
    (
        "asb-consultation",
        "Anti-Social Behaviour Consultation",
        "ANTI-SOCIAL BEHAVIOUR CONSULTATION",
        "SAFER LANCASHIRE BOARD PRIORITIES AND PRINCIPLES",
    ),
    (
        "safer-lancashire-board",
        "Safer Lancashire Board Priorities and Principles",
        "SAFER LANCASHIRE BOARD PRIORITIES AND PRINCIPLES",
        "Community Safety Priorities",
    ),
    (
        "community-safety-priorities",
        "Community Safety Priorities",
        "Community Safety Priorities",
        "PRIORITY\tDESCRIPTION",
    ),
    (
        "alternative-formats",
        "Other formats and languages",
        "Community Safety Delivery Plan 17",
        "Vision",
    ),
)


def section_bodies(text: str) -> list[dict]:
    lines = text.split("\n")
    sections = []
    for order, (slug, title, heading, next_heading) in enumerate(SECTIONS, start=1):
        start = lines.index(heading)
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(next_heading))
        body = []
        for line in lines[start + 1 : end]:
            if not line.strip():
                continue
            stripped = line.strip()
            if stripped.startswith("- "):  # bullets, and nested sub-bullets (" - ") alike
                body.append("- " + clean(stripped[2:]))
            else:
                body.append(clean(stripped))
        sections.append({"order": order, "slug": slug, "title": title, "body": body})
    return sections


# --- strategic assessment -----------------------------------------------------------------------


def paragraphs(cell: str) -> list[str]:
    found = re.findall(r"<p>(.*?)</p>", cell, flags=re.S)
    if found:
        return [clean(p) for p in found if clean(p)]
    return [clean(cell)] if clean(cell) else []


def strategic_assessment(text: str) -> list[dict]:
    """Themes with their priorities; a page break inside a description continues the paragraph
    when the sentence before it is unfinished (no full stop), otherwise starts a new one."""
    lines = text.split("\n")
    start = lines.index("PRIORITY\tDESCRIPTION") + 1
    end = lines.index("WLCSP Framework for Delivery")
    themes = []
    for line in lines[start:end]:
        if not line.strip():
            continue
        name, _, description = line.partition("\t")
        name = clean(re.sub(r"</?p>", "", name))
        if name and not description.strip():
            themes.append({"name": name, "priorities": []})
            continue
        paras = paragraphs(description)
        if not name:  # continuation after a page break
            previous = themes[-1]["priorities"][-1]["description"]
            if paras and not previous[-1].endswith((".", "!", "?")):
                previous[-1] = previous[-1] + " " + paras.pop(0)
            previous.extend(paras)
            continue
        themes[-1]["priorities"].append({"name": name, "description": paras})
    return themes


# --- delivery plan ------------------------------------------------------------------------------


@dataclass
class Action:
    lines: list[str]
    is_item: bool  # a bullet of a list that stands as an action on its own
    line_index: int  # which line of the table row it starts on (0 = the row's first line)

    @property
    def text(self):
        return "\n".join(self.lines)

    def introduces_list(self):
        last = self.lines[-1]
        if len(self.lines) > 1 or last.endswith((":", "-")):
            return True
        return not self.is_item and (not last.endswith(".") or "following" in last)


@dataclass
class Row:
    cells: list[list[str]] = field(default_factory=list)  # one list of 6 cells per table line

    def own_owner(self, index):
        return bool(clean(re.sub(r"</?p>", " ", self.cells[index][2])))


def delivery_tables(text: str) -> list[dict]:
    """Objectives with their rows; each row keeps the raw cells of every table line it spans."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Objective 1:"))
    objectives = []
    for line in lines[start:]:
        if not line.strip() or re.fullmatch(r"[-\t]+", line):
            continue
        cells = line.split("\t")
        heading = re.match(r"(?:<p>)?Objective (\d+): (.*?)(?:</p>)?$", cells[0].strip())
        if heading and not any(c.strip() for c in cells[1:]):
            objectives.append(
                {"number": int(heading.group(1)), "title": heading.group(2), "rows": []}
            )
            continue
        if cells[0] == "Target & Base Line":
            continue
        if len(cells) == 5:  # the converter dropped the empty Owner cell of this line
            cells.insert(2, "")
        target_cell = clean(re.sub(r"</?p>", " ", cells[0]))
        actions_cell = clean(re.sub(r"<[^>]+>", " ", cells[3]))
        rows = objectives[-1]["rows"]
        # A line continues the row above across a page break when its target cell is empty, or
        # when its target or actions text carries on a sentence (starts in lower case).
        carries_on = any(cell and cell[0].islower() for cell in (target_cell, actions_cell))
        if rows and (not target_cell or carries_on):
            rows[-1].cells.append(cells)
        else:
            rows.append(Row(cells=[cells]))
    return objectives


def _tokens(cell: str):
    """("p" | "li", text) pieces of an Actions cell, in order; plain text counts as "p"."""
    tokens = []
    position = 0
    pattern = re.compile(r"<p>(.*?)</p>|<ul[^>]*>(.*?)(?=<p>|$)", re.S)
    for match in pattern.finditer(cell):
        gap = clean(cell[position : match.start()])
        if gap:
            tokens.extend(("p", piece) for piece in split_at(gap, ACTION_BREAKS))
        if match.group(1) is not None:
            tokens.extend(("p", piece) for piece in split_at(clean(match.group(1)), ACTION_BREAKS))
        else:
            for item in re.split(r"[•○]", match.group(2)):
                tokens.extend(("li", piece) for piece in split_at(clean(item), ACTION_BREAKS))
        position = match.end()
    tail = clean(cell[position:])
    if tail:
        tokens.extend(("p", piece) for piece in split_at(tail, ACTION_BREAKS))
    return [token for token in tokens if token[1]]


def row_actions(row: Row) -> list[Action]:
    """The actions of a table row, by the rule written in the fixture's header."""
    actions: list[Action] = []
    for line_index, cells in enumerate(row.cells):
        tokens = _tokens(cells[3])
        own_owner = line_index > 0 and row.own_owner(line_index)
        if tokens and actions and line_index > 0:
            kind, first = tokens[0]
            unfinished = not actions[-1].lines[-1].endswith((".", ":"))
            if first[0].islower() or (not own_owner and kind == "p" and unfinished):
                actions[-1].lines[-1] += " " + first
                tokens = tokens[1:]
        current = actions[-1] if actions and not own_owner else None
        for kind, text in tokens:
            if kind == "li" and current is not None and current.introduces_list():
                current.lines.append("• " + text)
            elif kind == "li":
                current = Action([text], is_item=True, line_index=line_index)
                actions.append(current)
            else:
                current = Action([text], is_item=False, line_index=line_index)
                actions.append(current)
    return actions


def cell_lines(row: Row, column: int) -> list[str]:
    """A Target or March 2012 cell, one published line per entry, across page breaks."""
    result = []
    for cells in row.cells:
        for para in paragraphs(cells[column]):
            pieces = split_at(para, TARGET_BREAKS)
            if result and pieces and pieces[0][0].islower():
                result[-1] += " " + pieces.pop(0)
            result.extend(pieces)
    return result
