"""Match the names in a draft plan to organisations, officers and funds, then write it.

Owner, Lead Officer and Funding cells are split on "/" and new lines (an unknown part also on
commas and semicolons) and each name matched by name or alias, ignoring case; a lead officer
also by their name without their rank ("Chief Inspector Jane Smith" is Jane Smith), a fund by
its name without its amount ("£90,000 Scottish Executive"): see ``cells``. An unknown name is
an error naming its row, because a misspelt agency would silently lose its actions from that
agency's "my actions" page. ``create_missing=True`` (the command's ``--create-missing``, the
admin's checkbox) creates them instead, as proposed in the preview: an officer with their rank
as their title, a fund by its name alone.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from cspplan.models import FundingSource, Officer, Organisation, Partnership, Plan
from importer import extra_columns, new_records
from importer.cells import read_funding, read_person
from importer.drafts import PlanDraft, Responsible
from importer.errors import PlanImportError, Problem
from priorities.models import Priority, PriorityTheme

# Words in a Lead Officer cell that are not a person.
NOT_A_NAME = {"tbc", "to be confirmed", "n/a", "none", "various", "all"}


# A plan repeats its Owner, Lead Officer and Funding cells row after row, and each is split
# several times (resolving, the preview, each record's relations): split once.
@functools.lru_cache(maxsize=4096)
def split_names(cell: str) -> tuple[str, ...]:
    names = []
    for line in cell.replace("\n", "/").split("/"):
        name = " ".join(line.split()).strip(" ,;")
        if name and name.lower() not in NOT_A_NAME and name not in names:
            names.append(name)
    return tuple(names)


@dataclass
class Resolved:
    # cell part ("Lancs. Police") -> the records it names (a part may name several people
    # when the published cell has no "/" between them: "Sam Jones Janet Tyrer").
    organisations: dict[str, list] = field(default_factory=dict)
    officers: dict[str, list] = field(default_factory=dict)
    funds: dict[str, list] = field(default_factory=dict)
    # (kind, name) -> the first place it appears, for the error message and the preview.
    unknown: dict[tuple[str, str], str] = field(default_factory=dict)
    # (kind, part) -> (words left unmatched, where): kept in the wording only.
    unmatched_words: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # (kind, unknown part) -> the fields it would be created with ({"name": …, "title": …}).
    proposals: dict[tuple[str, str], dict] = field(default_factory=dict)
    # part -> the pieces it was split into on commas, when it was unknown as a whole.
    pieces: dict[str, list[str]] = field(default_factory=dict)
    # Owner part -> (alias, organisation) it was matched through ("Lancs Police"); where the
    # part first appears.
    through_alias: dict[str, list[tuple]] = field(default_factory=dict)
    owner_first_at: dict[str, str] = field(default_factory=dict)
    # Matched agencies that work in other partnerships' plans and in none of the importing
    # partnership's (``flag_agencies``): the plan manager confirms each before they own anything.
    agencies_to_confirm: list = field(default_factory=list)

    def unknown_names(self) -> list[tuple[str, str, str]]:
        return [(kind, name, where) for (kind, name), where in self.unknown.items()]


# Words that join names in a cell without naming anyone ("Existing budgets and SSCF").
CONNECTIVES = re.compile(r"\b(and|with|plus|via)\b|[,&+;:()]", re.IGNORECASE)


class NameIndex:
    """Every spelling of every record of one kind, for matching the parts of a cell."""

    def __init__(self, spellings: dict[str, object], aliases: frozenset[str] = frozenset()):
        self.spellings = {key.lower(): record for key, record in spellings.items() if key}
        # The spellings that are aliases (lower case), not a record's own name.
        self.aliases = {key.lower(): key for key in aliases}
        # Longest first, so "Lancashire Trading Standards" wins over "Trading Standards".
        self.pattern = (
            re.compile(
                r"(?<!\w)("
                + "|".join(re.escape(key) for key in sorted(self.spellings, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if self.spellings
            else None
        )

    def match(self, part: str) -> tuple[list, str]:
        """The records a part names, and any words left over."""
        exact = self.spellings.get(part.lower())
        if exact is not None:
            return [exact], ""
        if self.pattern is None:
            return [], part
        found = []
        for match in self.pattern.finditer(part):
            record = self.spellings[match.group(0).lower()]
            if record not in found:
                found.append(record)
        leftover = CONNECTIVES.sub(" ", self.pattern.sub(" ", part))
        return found, " ".join(leftover.split())

    def aliases_in(self, part: str) -> list[str]:
        """The aliases through which ``match`` found records in ``part``."""
        if part.lower() in self.spellings:
            spellings = [part.lower()]
        elif self.pattern is not None:
            spellings = [found.group(0).lower() for found in self.pattern.finditer(part)]
        else:
            spellings = []
        return [self.aliases[key] for key in spellings if key in self.aliases]


def _organisation_index() -> NameIndex:
    spellings, aliases = {}, set()
    organisations = list(Organisation.objects.prefetch_related("aliases"))
    for organisation in organisations:
        for alias in organisation.aliases.all():
            spellings[alias.name] = organisation
            aliases.add(alias.name)
    for organisation in organisations:  # a record's own name wins over an alias
        spellings[organisation.name] = organisation
        spellings[organisation.short_name] = organisation
        aliases.discard(organisation.name)
        aliases.discard(organisation.short_name)
    return NameIndex(spellings, frozenset(aliases))


def _officer_index() -> NameIndex:
    spellings = {}
    for officer in Officer.objects.all():
        spellings[officer.name] = officer
        spellings[str(officer)] = officer  # with the title: "Sgt Anthony Bushell"
    return NameIndex(spellings)


def _fund_index() -> NameIndex:
    return NameIndex({fund.name: fund for fund in FundingSource.objects.all()})


def _proposal(kind: str, part: str) -> dict:
    if kind == "officer":
        person = read_person(part)
        return {"name": person.name, "title": person.title[:50], "role": person.role[:200]}
    if kind == "funding source":
        return {"name": read_funding(part).source}
    return {"name": part}


def _match(kind: str, index: NameIndex, part: str) -> tuple[list, str]:
    if kind == "officer":
        # "Chief Inspector Jane Smith" is the Jane Smith the site knows.
        exact = index.spellings.get(part.lower()) or index.spellings.get(
            read_person(part).name.lower()
        )
        if exact is not None:
            return [exact], ""
    if kind == "funding source":
        source = read_funding(part).source
        if not source:
            return [], ""  # only an amount: kept in the wording, no fund
        return index.match(source)
    return index.match(part)


def resolve_names(draft: PlanDraft) -> Resolved:
    """Match every part of every Owner, Lead Officer and Funding cell.

    A part that names nobody known is unknown (an error unless missing names are created). A
    part that names known records among other words ("Sam Jones Janet Tyrer, GMW") links
    those records and reports the other words, which stay in the published wording.
    """
    resolved = Resolved()
    indexes = {
        "organisation": (_organisation_index(), resolved.organisations),
        "officer": (_officer_index(), resolved.officers),
        "funding source": (_fund_index(), resolved.funds),
    }
    responsibilities = [t.responsible for t in draft.targets] + [
        a.responsible for a in draft.actions
    ]
    for responsible in responsibilities:
        for kind, cell in (
            ("organisation", responsible.owner_wording),
            ("officer", responsible.lead_officer_wording),
            ("funding source", responsible.funding_wording),
        ):
            index, table = indexes[kind]
            for part in split_names(cell):
                if part in table:
                    continue
                found, leftover = _match(kind, index, part)
                pieces = [p.strip() for p in re.split(r"(?<!\d),(?!\d)|;", part) if p.strip()]
                if not found and leftover and len(pieces) > 1 and kind != "officer":
                    # "Police, Council, Fire": each piece on its own.
                    resolved.pieces[part] = pieces
                    table[part] = []
                    for piece in pieces:
                        if piece not in table:
                            _resolve_part(resolved, kind, index, table, piece, responsible.where)
                    continue
                table[part] = found
                _note(resolved, kind, part, found, leftover, responsible.where)
    organisations = indexes["organisation"][0]
    for part, found in resolved.organisations.items():
        if found and (aliases := organisations.aliases_in(part)):
            resolved.through_alias[part] = [
                (alias, organisations.spellings[alias.lower()]) for alias in aliases
            ]
    for responsible in responsibilities:
        for part in split_names(responsible.owner_wording):
            for piece in [part, *resolved.pieces.get(part, [])]:
                resolved.owner_first_at.setdefault(piece, responsible.where)
    return resolved


def flag_agencies(resolved: Resolved, partnership: Partnership | None) -> list[Organisation]:
    """The matched owners that work in other partnerships' plans and in none of
    ``partnership``'s (``Organisation.objects.new_to``), in the order the file names them; kept
    in ``resolved.agencies_to_confirm``. Owning a record lets an agency's officers see and update
    it, and a name may reach another partnership's agency through an alias that partnership
    wrote: each is shown in the preview and the import waits for the plan manager to confirm it.
    A county agency already in this partnership's plans is not asked about again."""
    named = []
    for records in resolved.organisations.values():
        named.extend(record for record in records if record not in named)
    flagged = set(
        Organisation.objects.new_to(partnership)
        .filter(pk__in=[record.pk for record in named])
        .values_list("pk", flat=True)
    )
    resolved.agencies_to_confirm = [record for record in named if record.pk in flagged]
    return resolved.agencies_to_confirm


def _where_named(resolved: Resolved, organisation: Organisation) -> str | None:
    for part, records in resolved.organisations.items():
        if organisation in records:
            return resolved.owner_first_at.get(part)
    return None


def _check_agencies_confirmed(resolved, partnership, confirmed) -> None:
    confirmed = {int(pk) for pk in confirmed}
    unconfirmed = [
        organisation
        for organisation in flag_agencies(resolved, partnership)
        if organisation.pk not in confirmed
    ]
    if unconfirmed:
        raise PlanImportError(
            [
                Problem(
                    _where_named(resolved, organisation),
                    f"the owner {organisation} works in another partnership’s plans and in "
                    f"none of {partnership}’s; its officers would see and update these records. "
                    "If you mean it, confirm it in the preview (import_plan: --confirm-agency "
                    f"{organisation.slug}); otherwise write the owner your plan means",
                )
                for organisation in unconfirmed
            ]
        )


def _resolve_part(resolved, kind, index, table, part, where) -> None:
    found, leftover = _match(kind, index, part)
    table[part] = found
    _note(resolved, kind, part, found, leftover, where)


def _note(resolved, kind, part, found, leftover, where) -> None:
    if not found and leftover:
        resolved.unknown.setdefault((kind, part), where)
        resolved.proposals[(kind, part)] = _proposal(kind, part)
    elif leftover:
        resolved.unmatched_words.setdefault((kind, part), (leftover, where))


def _unique_slug(model, base: str) -> str:
    base = slugify(base)[:45] or "item"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _create_missing(resolved: Resolved) -> None:
    models = {"organisation": Organisation, "officer": Officer, "funding source": FundingSource}
    tables = {
        "organisation": resolved.organisations,
        "officer": resolved.officers,
        "funding source": resolved.funds,
    }
    created = {}  # (kind, name) -> record: "£5k Home Office" and "£9k Home Office" are one
    for (kind, part), _where in resolved.unknown.items():
        fields = resolved.proposals.get((kind, part)) or {"name": part}
        name = fields["name"][:200]
        model = models[kind]
        record = created.get((kind, name.lower()))
        if record is None and kind != "officer":
            record = model.objects.filter(name__iexact=name).first()
        if record is None:
            extra = {k: v for k, v in fields.items() if k != "name"}
            record = model.objects.create(name=name, slug=_unique_slug(model, name), **extra)
        created[(kind, name.lower())] = record
        tables[kind][part] = [record]
    resolved.unknown.clear()


def _records(table: dict[str, list], cell: str, pieces: dict[str, list[str]]) -> list:
    records = []
    for part in split_names(cell):
        for piece in pieces.get(part, [part]):
            for record in table.get(piece, []):
                if record not in records:
                    records.append(record)
    return records


def _relations(responsible: Responsible, resolved: Resolved) -> dict[str, list]:
    """The records a row's Owner, Lead Officer and Funding cells name."""
    pieces = resolved.pieces
    return {
        "owners": _records(resolved.organisations, responsible.owner_wording, pieces),
        "lead_officers": _records(resolved.officers, responsible.lead_officer_wording, pieces),
        "funding_sources": _records(resolved.funds, responsible.funding_wording, pieces),
    }


@transaction.atomic
def write_plan(
    *,
    draft: PlanDraft,
    partnership: Partnership,
    title: str,
    start: datetime.date,
    end: datetime.date,
    target_label: str | None = None,
    publish: bool = False,
    create_missing: bool = False,
    confirmed_agencies=(),
    by=None,
) -> Plan:
    """Create the plan from the draft in one transaction; raise PlanImportError before writing
    anything when a name is unknown (unless ``create_missing``), or names an agency of other
    partnerships' plans whose id is not among ``confirmed_agencies`` (``flag_agencies``)."""
    # No column's cells are dropped without the officer's choice (importer/extra_columns.py).
    extra_columns.check_choices(draft.table)
    resolved = resolve_names(draft)
    _check_agencies_confirmed(resolved, partnership, confirmed_agencies)
    if resolved.unknown and not create_missing:
        raise PlanImportError(
            [
                Problem(
                    where,
                    f"unknown {kind} “{name}”; add it (or an alias) first, or import "
                    "with --create-missing",
                )
                for kind, name, where in resolved.unknown_names()
            ]
        )
    _create_missing(resolved)
    if end <= start:
        raise PlanImportError.single(f"the plan must end after it starts ({start} to {end})")
    plan = Plan(
        partnership=partnership,
        title=title,
        slug=_unique_slug(Plan, f"{partnership.slug}-{title}"),
        period_start=start,
        period_end=end,
        target_date=end,
        target_label=target_label or draft.target_label or "Target",
        objective_word=draft.objective_word[:30],
        objectives_numbered=draft.objectives_numbered,
    )
    if publish:
        plan.publish()
    plan._history_user = by
    plan.save()
    records = new_records.build(plan, draft, lambda responsible: _relations(responsible, resolved))
    records.write(by)
    extra_columns.write_columns(plan, draft, records.created)
    _write_sections(plan, draft, records.objective_of_draft)
    return plan


def _write_sections(plan: Plan, draft: PlanDraft, created: dict) -> None:
    """Each section title between the rows ("Prevention") becomes a theme of the plan with one
    priority of the same name, which the objectives under the title address: the plan's own
    model of what its objectives are grouped under, shown on its priorities and objective pages
    and in the API."""
    for order, (title, _where) in enumerate(draft.sections, start=1):
        name = title[:200]
        slug = _unique_plan_slug(PriorityTheme.objects.filter(plan=plan), name)
        theme = PriorityTheme.objects.create(plan=plan, name=name, slug=slug, order=order)
        priority = Priority.objects.create(
            plan=plan,
            theme=theme,
            name=name,
            slug=_unique_plan_slug(Priority.objects.filter(plan=plan), name),
            order=1,
            description="",
        )
        priority.objectives.set(
            created[id(objective)] for objective in draft.objectives if title in objective.sections
        )


def _unique_plan_slug(records, name: str) -> str:
    base = slugify(name)[:45] or "section"
    slug, number = base, 2
    while records.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
