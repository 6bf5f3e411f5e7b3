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


def state_from_words(text: str) -> str | None:
    lowered = text.lower()
    if "to be established" in lowered or "establish baseline" in lowered:
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
    if "establish" in lowered and "baseline" in lowered:
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
    number = _NUMBER.search(_YEAR.sub("", words))
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
    number = _NUMBER.search(target_wording) if target_state is None else None
    if measure["direction"] == Measure.Direction.DOWNWARD_TREND:
        measure["target_state"] = State.NOT_APPLICABLE
    elif number:
        measure["target_state"] = State.KNOWN
        measure["target_value"] = Decimal(number["value"])
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


def _first_line(text: str) -> str:
    line = text.strip().split("\n")[0].strip()
    # "Reduce Violent Crime. Target – downward trend" → the name is the first sentence.
    return re.split(r"(?<=[a-z])\.\s|\s+base\s*line\b", line, maxsplit=1, flags=re.I)[0].strip()
