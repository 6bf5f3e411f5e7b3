"""One reader per surface of the product, each returning the same normalised shape.

A reader fetches what a person would (through Django's test ``Client``, signed in as the right
persona or not at all) and reads what the surface shows: the words of a status, a count in a
table, a cell of a downloaded file. It never asks the models what the status is; the database is
used only to name things (which action a row of text is). Readers are small and tolerant of
layout: HTML is read through stable hooks (``data-action-id``, ``data-objective-number``, the
``rag-status`` badge, a table's caption) with lxml, files with openpyxl and python-docx.

What every surface is compared on (``Reading``):

- each action's state: its status code (``ActionStatus``) and whether it is overdue, or ``None``
  when the surface does not say (the admin list, "my actions");
- each objective's colour (a ``RagStatus`` code);
- counts: actions by state as labelled (overdue counted once, as "Overdue", then each status:
  ``progress.assessment.count_actions_by_state``), objectives by colour, and each objective's
  "completed of all" actions;
- each action's latest approved update's day, where a surface shows it.
"""

import csv
import datetime
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook

from actions.models import Action, ActionStatus, ActionUpdate, Milestone
from progress.assessment import RagStatus

OVERDUE = " · overdue"
_ACTION_LABELS = {status.label: status.value for status in ActionStatus}
_RAG_LABELS = {status.label: status.value for status in RagStatus}
# The row a count of actions puts an open action past its due date in, whatever its status
# (``progress.assessment.count_actions_by_state``): its words and the code it is read as.
OVERDUE_ROW = "Overdue"
OVERDUE_COUNT = "overdue"


class UnreadableSurface(AssertionError):
    """A surface showed something its reader cannot read: itself a finding."""


@dataclass(frozen=True, order=True)
class ActionState:
    status: str
    overdue: bool | None = None
    # Its milestones in words ("2 of 5 milestones done, 1 late"), "" for none; None where the
    # surface does not say.
    milestones: str | None = None

    @property
    def counted_as(self) -> str:
        """The row a count of actions by state puts it in: "overdue" once overdue, whatever its
        status; otherwise its status's code."""
        return OVERDUE_COUNT if self.overdue else self.status

    def __str__(self):
        milestones = f" [{self.milestones}]" if self.milestones else ""
        return self.status + (" (overdue)" if self.overdue else "") + milestones


@dataclass
class Reading:
    surface: str
    actions: dict = field(default_factory=dict)  # action pk -> ActionState
    objectives: dict = field(default_factory=dict)  # objective number -> RagStatus code
    # "overdue" or an ActionStatus code -> count, as the surface labels its rows ("Overdue",
    # then each status's words)
    action_counts: Counter | None = None
    objective_counts: Counter | None = None  # RagStatus code -> count
    completed: dict | None = None  # objective number -> (completed, all)
    latest_update_day: dict = field(default_factory=dict)  # action pk -> date
    overdue: set | None = None  # every overdue action, where a surface lists them
    lists_every_action: bool = False  # missing actions are then a finding too


_MILESTONE_WORDS = re.compile(r" · (\d+ of \d+ milestones? done(?:, \d+ late)?)$")


def action_state(label: str, surface: str) -> ActionState:
    """ "At risk · overdue" -> ActionState("at_risk", True); "At risk" -> ("at_risk", False);
    "At risk · 2 of 5 milestones done, 1 late" -> ("at_risk", False, "2 of 5 … 1 late")."""
    text = " ".join(label.split())
    found = _MILESTONE_WORDS.search(text)
    milestones = found.group(1) if found else ""
    text = text[: found.start()] if found else text
    overdue = text.endswith(OVERDUE)
    words = text.removesuffix(OVERDUE)
    if words not in _ACTION_LABELS:
        raise UnreadableSurface(f"{surface}: no action status reads {label!r}")
    return ActionState(_ACTION_LABELS[words], overdue, milestones)


def rag_code(label: str, surface: str) -> str:
    """ "Off track · 3 of 24 assessed" -> "red"."""
    words = " ".join(label.split()).split(" · ")[0]
    if words not in _RAG_LABELS:
        raise UnreadableSurface(f"{surface}: no colour reads {label!r}")
    return _RAG_LABELS[words]


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _page(response, surface):
    if response.status_code != 200:
        raise UnreadableSurface(f"{surface}: HTTP {response.status_code}")
    return lxml_html.fromstring(response.content.decode())


def _badge(element):
    """The words of the first status badge inside ``element`` (includes/rag_status.html)."""
    badges = element.xpath(".//details[contains(@class, 'rag-status')]//summary//span")
    badges = [b for b in badges if "badge" in b.get("class", "")]
    return _text(badges[0]) if badges else None


def _count_table(root, caption_start):
    """{row label: count} of the small table whose caption starts with ``caption_start`` (or,
    given a tuple, starts with the first and says the second too)."""
    for table in root.xpath("//table"):
        captions = table.xpath("./caption")
        start, says = caption_start if isinstance(caption_start, tuple) else (caption_start, "")
        caption = _text(captions[0]) if captions else None
        if caption and caption.startswith(start) and says in caption:
            counts = {}
            for row in table.xpath("./tbody/tr"):
                cells = row.xpath("./th|./td")
                if len(cells) == 2 and _text(cells[1]).isdigit():
                    counts[_text(cells[0])] = int(_text(cells[1]))
            return counts
    return None


def action_count_row(label: str, surface: str) -> str:
    """A row of a count of actions by state: "Overdue" -> "overdue", "At risk" -> "at_risk".
    Any other words ("At risk · overdue" as a row) are not the product's one way of counting."""
    words = " ".join(label.split())
    if words == OVERDUE_ROW:
        return OVERDUE_COUNT
    if words not in _ACTION_LABELS:
        raise UnreadableSurface(f"{surface}: no row of actions by state reads {label!r}")
    return _ACTION_LABELS[words]


def _action_counts(labels: dict, surface) -> Counter:
    counts = Counter()
    for label, n in labels.items():
        counts[action_count_row(label, surface)] += n
    return +counts


def _objective_counts(labels: dict, surface) -> Counter:
    return Counter({rag_code(label, surface): n for label, n in labels.items() if n})


def _summary(root, reading):
    """The objectives table of includes/plan_summary.html and the status-count tables."""
    for row in root.xpath("//tr[@data-objective-number]"):
        number = int(row.get("data-objective-number"))
        badge = _badge(row)
        if badge is not None:
            reading.objectives[number] = rag_code(badge, reading.surface)
        done = re.search(r"(\d+) of (\d+)", _text(row.xpath("./td")[0]))
        if done:
            reading.completed = reading.completed or {}
            reading.completed[number] = (int(done.group(1)), int(done.group(2)))
    objectives = _count_table(root, "Objectives by status")
    if objectives is not None:
        reading.objective_counts = _objective_counts(objectives, reading.surface)
    actions = _count_table(root, "Actions by status")
    if actions is not None:
        reading.action_counts = _action_counts(actions, reading.surface)
    return reading


# --- Public surfaces (nobody signed in) -----------------------------------------------------


def home(client, plan) -> Reading:
    """The home page, when it shows ``plan`` (the default partnership's plan in force)."""
    root = _page(client.get("/"), "home")
    if not root.xpath(f"//p[contains(@class, 'lead')]/a[@href='{plan.get_absolute_url()}']"):
        return Reading("home")
    return _summary(root, Reading("home"))


def plan_page(client, plan) -> Reading:
    url = reverse("plans:detail", args=[plan.slug])
    return _summary(_page(client.get(url), "plan page"), Reading("plan page"))


def partnership_page(client, plan) -> Reading:
    """/partnerships/<slug>/, when ``plan`` is the one it counts: the plan its "current plan"
    section links to (a past plan is only linked under "Past plans")."""
    url = reverse("partnership", args=[plan.partnership.slug])
    root = _page(client.get(url), "/partnerships/<slug>/")
    current = f"//section[@aria-labelledby='current-heading']//a[@href='{plan.get_absolute_url()}']"
    if not root.xpath(current):
        return Reading("partnership page")
    return _summary(root, Reading("partnership page"))


def partnerships(client, plan) -> Reading:
    """/partnerships/: the row whose current plan (its first cell after the partnership's name)
    is ``plan``, its "N actions:" list. A past plan, linked in the last cell, is not counted."""
    reading = Reading("/partnerships/")
    root = _page(client.get(reverse("partnerships")), reading.surface)
    plan_url = reverse("plans:detail", args=[plan.slug])
    for row in root.xpath("//table//tr[td]"):
        if row.xpath(f"./td[1]/a[@href='{plan_url}']"):
            labels = {}
            for item in row.xpath(".//li"):
                label, _, count = _text(item).rpartition(": ")
                if count.isdigit():
                    labels[label] = int(count)
            reading.action_counts = _action_counts(labels, reading.surface)
    return reading


def objective_pages(client, plan) -> Reading:
    """Every objective's page: its badge and each action's status."""
    reading = Reading("objective page", lists_every_action=True)
    for number in plan.objectives.values_list("number", flat=True):
        url = reverse("plans:objective", args=[plan.slug, number])
        root = _page(client.get(url), f"objective page {number}")
        main = root.xpath("//main")[0]
        reading.objectives[number] = rag_code(_badge(main), reading.surface)
        for item in main.xpath(".//*[@data-action-id]"):
            pk = int(item.get("data-action-id"))
            reading.actions[pk] = action_state(_badge(item), reading.surface)
            latest = item.xpath(".//dt[.='Latest update']/following-sibling::dd[1]//strong")
            if latest:
                # "31 March 2012, sent 1 June 2012" (``ActionUpdate.dated``): the day described.
                described = _text(latest[0]).split(", sent ")[0]
                day = datetime.datetime.strptime(described, "%d %B %Y").date()
                reading.latest_update_day[pk] = day
    return reading


def delivery_plan_page(client, plan) -> Reading:
    reading = Reading("delivery plan page", lists_every_action=True)
    root = _page(client.get(reverse("plans:delivery_plan", args=[plan.slug])), reading.surface)
    for item in root.xpath("//*[@data-action-id]"):
        status = item.xpath(".//p[contains(@class, 'action-status')]")[0]
        label = re.match(r"Status: ([^;]+)", _text(status)).group(1)
        reading.actions[int(item.get("data-action-id"))] = action_state(label, reading.surface)
    return reading


def _json_action(entry, surface):
    state = action_state(entry["status_label"], surface)
    if state.status != entry["status"]:
        raise UnreadableSurface(f"{surface}: status {entry['status']!r} labelled {state}")
    overdue = entry.get("is_overdue", entry.get("overdue"))
    return ActionState(state.status, state.overdue or bool(overdue))


def delivery_plan_json(client, plan) -> Reading:
    reading = Reading("delivery plan JSON", lists_every_action=True)
    response = client.get(reverse("plans:delivery_plan_json", args=[plan.slug]))
    data = json.loads(response.content)
    for objective in data["objectives"]:
        for target in objective["targets"]:
            for entry in target["actions"]:
                reading.actions[entry["id"]] = _json_action(entry, reading.surface)
    return reading


def _rows_with_header(rows, names, surface="a file"):
    """Dicts of the rows under the first row that names every one of ``names``."""
    rows = iter(rows)
    for header in rows:
        header = ["" if cell is None else str(cell) for cell in header]
        if all(name in header for name in names):
            return [dict(zip(header, row, strict=False)) for row in rows]
    raise UnreadableSurface(f"{surface}: no header row naming {', '.join(names)}")


def _tabular(reading, rows):
    for row in _rows_with_header(rows, ("Action ID", "Status"), reading.surface):
        if row.get("Action ID") not in (None, ""):
            state = action_state(str(row["Status"]), reading.surface)
            reading.actions[int(row["Action ID"])] = state
    return reading


def delivery_plan_csv(client, plan) -> Reading:
    response = client.get(reverse("plans:delivery_plan_csv", args=[plan.slug]))
    text = response.content.decode("utf-8-sig")
    return _tabular(
        Reading("delivery plan CSV", lists_every_action=True), csv.reader(io.StringIO(text))
    )


def _body(response):
    return response.getvalue() if response.streaming else response.content


def delivery_plan_xlsx(client, plan) -> Reading:
    """The workbook's "Delivery plan" sheet (the reader's columns, Status among them) and its
    hidden sheet of data for re-importing, whose "Row" names the visible row each Action ID is
    on. (The visible "Milestones" sheet lists milestones, whose words Status already holds.)"""
    reading = Reading("delivery plan XLSX", lists_every_action=True)
    response = client.get(reverse("plans:delivery_plan_xlsx", args=[plan.slug]))
    book = load_workbook(io.BytesIO(_body(response)))
    visible = [s for s in book.worksheets if s.sheet_state == "visible" and s.title != "Milestones"]
    hidden = [s for s in book.worksheets if s.sheet_state != "visible"]
    if len(visible) != 1 or len(hidden) != 1:
        raise UnreadableSurface(
            f"{reading.surface}: sheets {[(s.title, s.sheet_state) for s in book.worksheets]}"
        )
    ids = {}
    for line in _rows_with_header(hidden[0].iter_rows(values_only=True), ("Row", "Action ID")):
        if line["Action ID"] not in (None, ""):
            ids[int(line["Row"])] = int(line["Action ID"])
    rows = visible[0].iter_rows(values_only=True)
    header = ["" if cell is None else str(cell) for cell in next(rows, ())]
    if "Status" not in header or "Action ID" in header:
        raise UnreadableSurface(f"{reading.surface}: the visible sheet is headed {header}")
    for number, row in enumerate(rows, start=2):  # row 1 is the header row
        cells = dict(zip(header, row, strict=False))
        if number in ids:
            reading.actions[ids[number]] = action_state(str(cells["Status"]), reading.surface)
        elif cells.get("Status") not in (None, ""):
            raise UnreadableSurface(f"{reading.surface}: row {number} has a status but no id")
    return reading


def _normal(text) -> str:
    return " ".join(str(text or "").split())


def _actions_by_text(plan):
    """(objective number, normalised text) -> action pk: how a file without ids is read."""
    return {
        (a.target.objective.number, _normal(a.text)): a.pk
        for a in Action.objects.for_plan(plan).select_related("target__objective")
    }


def delivery_plan_docx(client, plan) -> Reading:
    """The Word file: one table per objective, in objective order, with a Status column."""
    reading = Reading("delivery plan DOCX", lists_every_action=True)
    response = client.get(reverse("plans:delivery_plan_docx", args=[plan.slug]))
    document = Document(io.BytesIO(_body(response)))
    names = _actions_by_text(plan)
    numbers = sorted(plan.objectives.values_list("number", flat=True))
    tables = [t for t in document.tables if t.rows and t.rows[0].cells[-1].text == "Status"]
    for number, table in zip(numbers, tables, strict=True):
        header = [cell.text for cell in table.rows[0].cells]
        for row in table.rows[1:]:
            cells = dict(zip(header, (cell.text for cell in row.cells), strict=True))
            if not _normal(cells["Actions"]):
                continue  # a target without actions
            pk = names.get((number, _normal(cells["Actions"])))
            if pk is None:
                raise UnreadableSurface(f"{reading.surface}: no action reads {cells['Actions']!r}")
            reading.actions[pk] = action_state(cells["Status"], reading.surface)
    return reading


def feed(client, plan) -> Reading:
    """The plan's Atom feed: each action's latest update (by the day it describes) and status.

    An action with milestones is compared on its update's day only: each entry tells the state
    as that update left it, and a milestone falling late since moves the state with no new
    update (the other surfaces say "at risk" from that day)."""
    reading = Reading("Atom feed")
    with_milestones = set(
        Milestone.objects.for_plan(plan).values_list("action_id", flat=True).distinct()
    )
    response = client.get(reverse("plans:updates_feed", args=[plan.slug]))
    root = lxml_html.etree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    uids = [e.text.removeprefix("urn:uuid:") for e in root.xpath("//a:entry/a:id", namespaces=ns)]
    updates = {str(u.uid): u for u in ActionUpdate.objects.filter(uid__in=uids)}
    latest = {}
    for entry in root.xpath("//a:entry", namespaces=ns):
        update = updates.get(entry.xpath("a:id", namespaces=ns)[0].text.removeprefix("urn:uuid:"))
        if update is None:
            continue  # a measurement
        title = entry.xpath("a:title", namespaces=ns)[0].text
        label = re.match(r"Objective \d+: (.+?) – ", title).group(1)
        summary = entry.xpath("a:summary", namespaces=ns)[0].text
        day = re.search(r"update for (\d{1,2} \w+ \d{4})", summary).group(1)
        day = datetime.datetime.strptime(day, "%d %B %Y").date()
        published = entry.xpath("a:published", namespaces=ns)[0].text
        key = (day, published)
        if update.action_id not in latest or key > latest[update.action_id][0]:
            latest[update.action_id] = (key, label)
    for pk, ((day, _), label) in latest.items():
        reading.latest_update_day[pk] = day
        if pk not in with_milestones:
            reading.actions[pk] = ActionState(action_state(label, reading.surface).status, None)
    return reading


def _api_pages(client, url, params):
    data = json.loads(client.get(url, params).content)
    results = list(data["results"])
    while data.get("next"):
        data = json.loads(client.get(data["next"]).content)
        results += data["results"]
    return results


def api_actions(client, plan) -> Reading:
    """/api/v1/actions/: each action's status and its assessment (colour, overdue)."""
    reading = Reading("API actions", lists_every_action=True)
    for entry in _api_pages(client, "/api/v1/actions/", {"plan": plan.slug}):
        if entry["plan"] != plan.slug:
            continue
        state = action_state(entry["status_label"], reading.surface)
        assessment = entry.get("assessment") or {}
        overdue = bool(assessment.get("is_overdue")) or bool(state.overdue)
        reading.actions[entry["id"]] = ActionState(entry["status"], overdue)
    return reading


def api_objectives(client, plan) -> Reading:
    reading = Reading("API objectives")
    for entry in _api_pages(client, "/api/v1/objectives/", {"plan": plan.slug}):
        if entry["plan"] == plan.slug:
            reading.objectives[entry["number"]] = entry["assessment"]["status"]
    return reading


PUBLIC = [
    objective_pages,
    home,
    plan_page,
    partnerships,
    partnership_page,
    delivery_plan_page,
    delivery_plan_json,
    delivery_plan_csv,
    delivery_plan_xlsx,
    delivery_plan_docx,
    feed,
    api_actions,
    api_objectives,
]


# --- Staff surfaces -------------------------------------------------------------------------


def _as_at(as_at):
    return {"as_at": as_at.isoformat()} if as_at else {}


def dashboard(client, plan, as_at=None) -> Reading:
    """The chair's dashboard: objective colours, actions by status, the overdue list."""
    reading = Reading("dashboard")
    url = reverse("dashboard:plan", args=[plan.slug])
    root = _page(client.get(url, _as_at(as_at)), reading.surface)
    for row in root.xpath("//tr[@data-objective-number]"):
        reading.objectives[int(row.get("data-objective-number"))] = rag_code(
            _badge(row), reading.surface
        )
    reading.objective_counts = Counter(reading.objectives.values())
    counts = _count_table(root, ("Actions", " by status"))
    if counts is None:
        raise UnreadableSurface(f"{reading.surface}: no table of actions by status")
    reading.action_counts = _action_counts(counts, reading.surface)
    # The overdue list names every overdue action and no other.
    reading.overdue = {
        int(row.get("data-action-id")) for row in root.xpath("//tr[@data-action-id]")
    }
    return reading


def dashboard_objectives(client, plan, as_at=None) -> Reading:
    """The dashboard's drill-down of every objective: its colour and each action's status."""
    reading = Reading("dashboard objective", lists_every_action=True)
    for number in plan.objectives.values_list("number", flat=True):
        url = reverse("dashboard:objective", args=[plan.slug, number])
        root = _page(client.get(url, _as_at(as_at)), f"{reading.surface} {number}")
        main = root.xpath("//main")[0]
        reading.objectives[number] = rag_code(_badge(main), reading.surface)
        for row in main.xpath(".//tr[@data-action-id]"):
            state = action_state(_badge(row), reading.surface)
            reading.actions[int(row.get("data-action-id"))] = state
    return reading


def board_report(client, plan, as_at=None) -> Reading:
    url = reverse("dashboard:report_xlsx", args=[plan.slug])
    return board_report_workbook(_body(client.get(url, _as_at(as_at))), plan)


SUMMARY = ("Kind", "Status", "Count")


def board_report_workbook(content: bytes, plan, surface="board report XLSX") -> Reading:
    """The board report's spreadsheet (live or frozen): Summary, Objectives and Actions."""
    reading = Reading(surface, lists_every_action=True)
    book = load_workbook(io.BytesIO(content))
    summary = _rows_with_header(book["Summary"].iter_rows(values_only=True), SUMMARY, surface)
    reading.action_counts = _action_counts(
        {row["Status"]: int(row["Count"]) for row in summary if row["Kind"] == "Actions"}, surface
    )
    for row in list(book["Objectives"].iter_rows(values_only=True))[1:]:
        if row[0] is not None:
            reading.objectives[int(row[0])] = rag_code(row[2], surface)
    reading.objective_counts = Counter(reading.objectives.values())
    names = _actions_by_text(plan)
    rows = book["Actions"].iter_rows(values_only=True)
    header = list(next(rows))
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        if cells.get("Objective") is None:
            continue
        pk = names.get((int(cells["Objective"]), _normal(cells["Action"])))
        if pk is None:
            raise UnreadableSurface(f"{surface}: no action reads {cells['Action']!r}")
        reading.actions[pk] = action_state(cells["Status"], surface)
    return reading


def my_actions(client, plan) -> Reading:
    """ "My actions" of the officer signed in: each action's status (it says nothing of
    overdue) and the day of its last update."""
    reading = Reading("my actions")
    root = _page(client.get(reverse("my_actions:index")), reading.surface)
    for card in root.xpath("//article[starts-with(@id, 'action-')]"):
        pk = int(card.get("id").removeprefix("action-"))
        facts = {
            _text(dt): _text(dt.getnext())
            for dt in card.xpath(".//dl/dt")
            if dt.getnext() is not None
        }
        state = action_state(facts["Status"], reading.surface)
        reading.actions[pk] = ActionState(state.status, None, state.milestones)
    return reading


def admin_actions(client, plan) -> Reading:
    """The admin's list of actions (a plan manager's): the State column's words (the Status
    column beside it is the status reported, before a late milestone makes it "at risk")."""
    reading = Reading("admin action list", lists_every_action=True)
    url = reverse("admin:actions_action_changelist")
    root = _page(client.get(url, {"plan": plan.pk, "all": ""}), reading.surface)
    for row in root.xpath("//table[@id='result_list']/tbody/tr"):
        pk = int(row.xpath(".//input[@name='_selected_action']")[0].get("value"))
        [cell] = row.xpath(".//td[contains(@class, 'field-state')]")
        state = action_state(_text(cell), reading.surface)
        reading.actions[pk] = ActionState(state.status, None, state.milestones)
    return reading
