"""Read measures out of the published words of a target row, keeping the words.

"Accidental Dwelling Fires target 68", "The target is to reach 70% detection rate",
"Baseline: 75% (2010)", "Baseline (TBC)", "Target to be agreed", "Downward trend /
maintenance", "Baseline to be established". Anything the words do not say stays unknown: a
TBC is never turned into a number.
"""

import re
from decimal import Decimal

from objectives.models import Measure

State = Measure.ValueState

_NAMED_TARGETS = re.compile(
    r"(?P<name>[A-Z][A-Za-z' ]+?)\s+target\s+(?P<value>\d+(?:\.\d+)?)(?P<percent>\s*%)?"
)
_NUMBER = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*(?P<percent>%)?")
_BASELINE = re.compile(r"base\s*line\b\s*[:?\-–]*\s*(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"\((?P<period>(?:19|20)\d{2}(?:/\d{2,4})?)\)")


_ESTABLISH = re.compile(r"\bestablish\w*\s+(?:an?\s+|the\s+)?base\s*line", re.IGNORECASE)
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Dates are not figures: "by 2008", "March 08", "2008/09", "(2010)", "in 2011-12".
_DATES = re.compile(
    rf"(?:\b(?:{_MONTH})\s*'?\d{{2,4}}\b)"
    r"|(?:\b(?:19|20)\d{2}\s*[/\-–]\s*\d{2,4}\b)"
    r"|(?:\b(?:by|in|during|until|before|from|for|since|of|end)\s+(?:19|20)\d{2}\b)"
    r"|(?:\((?:19|20)\d{2}\))",
    re.IGNORECASE,
)
# A change against the baseline: "-21% by 2008", "reduce … by 10%", "a 5% increase".
_CHANGE = re.compile(
    r"(?:(?P<sign>[-+−])\s*(?P<signed>\d+(?:\.\d+)?)\s*(?:%|per\s*cent))"
    r"|(?:\bby\s+(?P<by>\d+(?:\.\d+)?)\s*(?:%|per\s*cent))"
    r"|(?:\b(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per\s*cent)\s+(?P<word>reduction|decrease|increase|"
    r"improvement|fewer|more|less)\b)",
    re.IGNORECASE,
)
_TO_FIGURE = re.compile(
    r"\bto\s+(?:at\s+least\s+|a\s+)?(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<percent>%)?"
)


def without_dates(text: str) -> str:
    return _DATES.sub(" ", text)


def change_from_words(text: str) -> dict | None:
    """ "-21% by 2008" → {"direction": reduce, "by": 21, "unit": percent}; None if no change."""
    match = _CHANGE.search(without_dates(text))
    if not match:
        return None
    if match["signed"]:
        value, falls = match["signed"], match["sign"] in "-−"
    elif match["by"]:
        value = match["by"]
        falls = direction_from_words(text) == Measure.Direction.REDUCE
    else:
        value = match["pct"]
        falls = match["word"].lower() in ("reduction", "decrease", "fewer", "less")
    direction = Measure.Direction.REDUCE if falls else Measure.Direction.INCREASE
    return {"direction": direction, "by": Decimal(value), "words": match.group(0).strip()}


def state_from_words(text: str) -> str | None:
    lowered = text.lower()
    if "to be established" in lowered or _ESTABLISH.search(text):
        return State.TO_BE_ESTABLISHED
    if "to be agreed" in lowered or "to be discussed" in lowered:
        return State.TO_BE_AGREED
    if "tbc" in lowered or "to be confirmed" in lowered:
        return State.TO_BE_CONFIRMED
    return None


def direction_from_words(text: str) -> str:
    lowered = text.lower()
    if "downward trend" in lowered:
        return Measure.Direction.DOWNWARD_TREND
    if _ESTABLISH.search(text) or ("establish" in lowered and "baseline" in lowered):
        return Measure.Direction.ESTABLISH_BASELINE
    if re.search(r"\b(reduc\w*|decrease\w*|fewer)\b", lowered):
        return Measure.Direction.REDUCE
    if re.search(r"\b(increas\w*|improv\w*|raise|reach)\b", lowered):
        return Measure.Direction.INCREASE
    return Measure.Direction.DELIVER


def _baseline(wording: str) -> dict:
    match = _BASELINE.search(wording)
    if not match:
        return {"baseline_state": State.NOT_APPLICABLE, "baseline_wording": ""}
    words = match["rest"].strip().split("\n")[0].strip() or match.group(0).strip()
    result = {"baseline_wording": match.group(0).split("\n")[0].strip()}
    state = state_from_words(words)
    number = _NUMBER.search(without_dates(_YEAR.sub("", words)))
    period = _YEAR.search(words)
    if state is None and number:
        result.update(baseline_state=State.KNOWN, baseline_value=Decimal(number["value"]))
        if number["percent"]:
            result["unit"] = Measure.Unit.PERCENT
    else:
        result["baseline_state"] = state or State.TO_BE_CONFIRMED
    if period:
        result["baseline_period"] = period["period"]
    return result


def measures_from_words(wording: str, target_wording: str) -> list[dict]:
    """Measure field dictionaries read from a target row's two cells (may be empty)."""
    both = f"{wording}\n{target_wording}"
    named = list(_NAMED_TARGETS.finditer(target_wording))
    if len(named) > 1:
        return [
            {
                "name": match["name"].strip(),
                "unit": Measure.Unit.PERCENT if match["percent"] else Measure.Unit.COUNT,
                "direction": direction_from_words(wording),
                "baseline_state": State.NOT_APPLICABLE,
                "baseline_wording": "",
                "target_state": State.KNOWN,
                "target_value": Decimal(match["value"]),
                "target_wording": match.group(0).strip(),
            }
            for match in named
        ]
    name = _first_line(wording) or _first_line(target_wording)
    measure = {
        "name": name[:300],
        "unit": Measure.Unit.COUNT,
        "direction": direction_from_words(both),
        "target_wording": target_wording.strip()[:500],
    }
    measure.update(_baseline(wording))
    target_state = state_from_words(target_wording)
    if measure["direction"] == Measure.Direction.ESTABLISH_BASELINE:
        # "Establish a baseline and targets (target suggested at 2%)": no figure is agreed.
        target_state = target_state or State.TO_BE_ESTABLISHED
        if measure["baseline_state"] == State.NOT_APPLICABLE:
            measure["baseline_state"] = State.TO_BE_ESTABLISHED
    change = change_from_words(target_wording or wording) if target_state is None else None
    if change:
        # A change against the baseline is not a figure to reach: the figure follows from the
        # baseline, so it stays to be confirmed, its words kept ("reduce by 21%").
        target_state = State.TO_BE_CONFIRMED
        measure["direction"] = change["direction"]
        measure["_understood"] = (
            f"{change['direction']} by {change['by']}% against the baseline "
            "(no figure until the baseline is known)"
        )
    number = _figure(target_wording) if target_state is None else None
    if measure["direction"] == Measure.Direction.DOWNWARD_TREND:
        measure["target_state"] = State.NOT_APPLICABLE
    elif number:
        measure["target_state"] = State.KNOWN
        measure["target_value"] = Decimal(number["value"].replace(",", ""))
        if number["percent"]:
            measure["unit"] = Measure.Unit.PERCENT
    elif target_state:
        measure["target_state"] = target_state
    else:
        measure["target_state"] = State.NOT_APPLICABLE
    says_something = (
        measure["target_state"] != State.NOT_APPLICABLE
        or measure["baseline_state"] != State.NOT_APPLICABLE
        or measure["direction"] == Measure.Direction.DOWNWARD_TREND
    )
    if not says_something:
        return []
    if measure["direction"] == Measure.Direction.DELIVER and measure["target_state"] == State.KNOWN:
        measure["direction"] = Measure.Direction.INCREASE
    if measure["direction"] == Measure.Direction.DELIVER:
        measure["unit"] = Measure.Unit.NONE
    return [measure]


def _figure(text: str):
    """The figure a target's words give: the one after "to" ("Increase … to 20"), else the
    first number that is not part of a date."""
    words = without_dates(text)
    return _TO_FIGURE.search(words) or _NUMBER.search(words)


def _first_line(text: str) -> str:
    line = text.strip().split("\n")[0].strip()
    # "Reduce Violent Crime. Target – downward trend" → the name is the first sentence.
    return re.split(r"(?<=[a-z])\.\s|\s+base\s*line\b", line, maxsplit=1, flags=re.I)[0].strip()
