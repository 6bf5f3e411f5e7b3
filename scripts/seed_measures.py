"""The measures inside each row of the West Lancashire delivery plan: what is measured, which way
is better, and the baseline and target read from the published words. Never a figure the plan does
not give: where it gives none, the value stays empty with the state the words say (TBC, to be
agreed, to be established) and the reason goes into the fixture as a comment.
Used by build_seed_fixture.py.
"""


def measure(
    name,
    direction,
    unit,
    *,
    baseline=("tbc", None, "", ""),
    target=("tbc", None, ""),
    note="",
    year_to_date=False,
):
    """baseline = (state, value, period, wording); target = (state, value, wording). The units
    "per_month" and "per_year" are counts whose figures cover a month or a year
    (``Measure.figures_period``)."""
    period = "year_to_date" if year_to_date else ("month" if unit == "per_month" else "year")
    unit = "count" if unit in {"per_month", "per_year"} else unit
    return {
        "name": name,
        "direction": direction,
        "unit": unit,
        "baseline_state": baseline[0],
        "baseline_value": baseline[1],
        "baseline_period": baseline[2],
        "baseline_wording": baseline[3],
        "target_state": target[0],
        "target_value": target[1],
        "target_wording": target[2],
        "figures_period": period,
        "note": note,
    }


NO_BASELINE = "The plan gives no baseline for this measure: to be confirmed, not zero."
# The plan's own reading of a yearly count, not a figure: progress on it is reported as the
# running total so far this year (figures_period: year to date), judged against the target pro rata.
A_COUNT_FOR_THE_YEAR = "A count for the year: figures are the running total so far this year."

MEASURES = {
    (1, 1): [
        measure(
            "Offending rate of prolific and priority offenders",
            "reduce",
            "rate",
            baseline=("tbc", None, "", "Baseline (TBC)"),
            target=("tbc", None, "To be confirmed"),
        )
    ],
    (1, 2): [
        measure(
            "Rate of proven re-offending by young offenders",
            "reduce",
            "rate",
            baseline=("tbc", None, "", "Baseline ? To be confirmed / agreed"),
            target=("to_be_agreed", None, "Local target to be agreed with YOT"),
        )
    ],
    (1, 3): [
        measure(
            "Adult re-offending rate for those under probation supervision",
            "reduce",
            "rate",
            baseline=("tbc", None, "", "Baseline? To be confirmed / agreed"),
            target=("to_be_agreed", None, "Local target to be agreed with probation"),
        )
    ],
    (1, 4): [
        measure(
            "Alcohol treatment requirements",
            "increase",
            "count",
            baseline=("not_applicable", None, "", ""),
            target=(
                "to_be_agreed",
                None,
                "Agree Alcohol treatment requirements target for March 2012",
            ),
            note="The row only says a target is to be agreed; 'increase' (more requirements "
            "made and completed) is our reading of the direction, no figure is implied.",
        ),
        measure(
            "DRR (drug rehabilitation requirements)",
            "increase",
            "count",
            baseline=("not_applicable", None, "", ""),
            target=("to_be_agreed", None, "Agree DRR target for March 2012"),
            note="As for alcohol treatment requirements.",
        ),
    ],
    (1, 5): [
        measure(
            "First time entrants into the Youth Justice System aged 10-17",
            "reduce",
            "count",
            baseline=("tbc", None, "", "Baseline"),
            target=("to_be_agreed", None, "March 2012 Target to be agreed with LYOT"),
            note="The Target cell ends with the bare word 'Baseline': no figure is given.",
        )
    ],
    (2, 1): [
        measure(
            "Planned discharges for clients 18+ who have undergone effective treatment",
            "increase",
            "percent",
            target=(
                "known",
                "60",
                "60% (this will show the effectiveness of services – see attached for a full "
                "definition of the target)",
            ),
            note=NO_BASELINE,
        )
    ],
    (2, 2): [
        measure(
            "Drug-related (Class A) offending rate",
            "reduce",
            "rate",
            baseline=("to_be_agreed", None, "", "Baseline To be discussed"),
            target=("to_be_agreed", None, "Target to be agreed with the LDATT"),
        )
    ],
    (2, 3): [
        measure(
            "Delivery of key actions contained within the Central Lancashire Alcohol Action Plan",
            "deliver",
            "none",
            baseline=("not_applicable", None, "", ""),
            target=(
                "not_applicable",
                None,
                "Deliver the agreed appropriate actions contained within the Central "
                "Lancashire Alcohol Action Plan",
            ),
        )
    ],
    (2, 4): [
        measure(
            "Enquiries around drugs and alcohol by young people in Lancashire Young People's "
            "Service Information services",
            "establish_baseline",
            "count",
            baseline=("to_be_established", None, "", "Establish baseline"),
            target=("to_be_agreed", None, "Target to be agreed"),
        )
    ],
    (2, 5): [
        measure(
            "Retest purchasing pass rate for on and off licensed premises that have failed a "
            "test purchase",
            "increase",
            "percent",
            baseline=(
                "to_be_established",
                None,
                "2010 to 2011",
                "Baseline to be established Trading Standards test purchase data 2010 to "
                "2011- 92% retail compliance for test purchase visits.",
            ),
            target=(
                "known",
                "100",
                "100% retest purchasing pass rate for on and off licensed premises that have "
                "failed a test purchase. (Retest to be done no longer than 2 months form first "
                "failure).",
            ),
            note="The 92% is retail compliance on first test purchase visits, a different "
            "figure from the retest pass rate, so it stays in the baseline wording only.",
        )
    ],
    (3, 1): [
        measure(
            "Violent crime",
            "downward_trend",
            "count",
            baseline=("tbc", None, "", "Baseline (TBC)"),
            target=("not_applicable", None, "Downward trend / maintenance by March 2012"),
        )
    ],
    (4, 1): [
        measure(
            "Detection rate for domestic violence offences",
            "increase",
            "percent",
            baseline=("tbc", None, "", "Baseline: (TBC)"),
            target=("known", "70", "The target is to reach 70% detection rate by March 2012"),
        )
    ],
    (4, 2): [
        measure(
            "DV incidents recorded by the Police",
            "increase",
            "count",
            baseline=("to_be_established", None, "", "Baseline - to be established"),
            target=("to_be_established", None, "Baseline to be established"),
        )
    ],
    (5, 1): [
        measure(
            "Serious acquisitive crime",
            "downward_trend",
            "count",
            baseline=("tbc", None, "", "Baseline (TBC for West Lancashire)"),
            target=("not_applicable", None, "Downward trend / maintenance by March 2012"),
        )
    ],
    (5, 2): [
        measure(
            "Awareness of cold calling to protect vulnerable residents and support to victims",
            "deliver",
            "none",
            baseline=("not_applicable", None, "", ""),
            target=("not_applicable", None, ""),
            note="The March 2012 cell is empty as published: a qualitative aim.",
        )
    ],
    (6, 1): [
        measure(
            "Accidental dwelling fires",
            "reduce",
            "count",
            target=(
                "known",
                "68",
                "Accidental Dwelling Fires target 68 (local KPI for reducing cooking fires)",
            ),
            note=NO_BASELINE + " " + A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Accidental building fires",
            "reduce",
            "count",
            target=("known", "30", "Accidental Building Fires target 30"),
            note=NO_BASELINE + " " + A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Deliberate primary fires",
            "reduce",
            "count",
            target=(
                "known",
                "66",
                "Deliberate Primary Fires target 66 (including local detection rate)",
            ),
            note=NO_BASELINE + " " + A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Deliberate secondary fires",
            "reduce",
            "count",
            target=("known", "363", "Deliberate Secondary Fires target 363"),
            note=NO_BASELINE + " " + A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Casualties from accidental dwelling fires",
            "reduce",
            "count",
            baseline=("known", "10", "2010/11", "2010/11 figure of 10"),
            target=(
                "not_applicable",
                None,
                "Casualties from Accidental Dwelling Fires reduction on 2010/11 figure of 10",
            ),
            note="The target is a reduction on the baseline, not a figure: progress is judged "
            "against the 2010/11 figure of 10.",
        ),
        measure(
            "Detection rate of arson related incidents",
            "increase",
            "percent",
            target=(
                "known",
                "20",
                "working in partnership with Lancashire Constabulary to introduce a target of "
                "20% for the detection rate of arson related incidents",
            ),
            note=NO_BASELINE,
        ),
    ],
    (7, 1): [
        measure(
            "Children: all (KSI and Slight) casualties per year",
            "reduce",
            "per_year",
            baseline=(
                "known",
                "63",
                "2004-2008 average",
                "For children 63 all (KSI and Slight) casualties per year",
            ),
            target=(
                "known",
                "53",
                "For children all 53(KSI and Slight) casualties per year",
            ),
            note=A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Children: killed and seriously injured (KSI) per year",
            "reduce",
            "per_year",
            baseline=(
                "known",
                "11",
                "2004-2008 average",
                "11 KSI – Killed and seriously Injured",
            ),
            target=("known", "9", "9 KSI – Killed and seriously Injured"),
            note=A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Aged 16-25: all (KSI and Slight) casualties per year",
            "reduce",
            "per_year",
            baseline=(
                "known",
                "180",
                "2004-2008 average",
                "For 16-25 is 180 all (KSI and Slight) casualties per year",
            ),
            target=(
                "known",
                "144",
                "For 16-25 is 144 all (KSI and Slight) casualties per year",
            ),
            note=A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
        measure(
            "Aged 16-25: killed and seriously injured (KSI) per year",
            "reduce",
            "per_year",
            baseline=(
                "known",
                "33",
                "2004-2008 average",
                "33 KSI – Killed and seriously Injured",
            ),
            target=("known", "26", "26 KSI – Killed and seriously Injured"),
            note=A_COUNT_FOR_THE_YEAR,
            year_to_date=True,
        ),
    ],
    (8, 1): [
        measure(
            "Police recorded ASB",
            "downward_trend",
            "count",
            baseline=("to_be_established", None, "", "Baseline to be established in 2011/12"),
            target=(
                "not_applicable",
                None,
                "Downward trend / maintenance by March 2012 against recorded ASB",
            ),
        ),
        measure(
            "Police recorded criminal damage",
            "downward_trend",
            "count",
            baseline=("tbc", None, "", "Baseline (TBC)"),
            target=(
                "not_applicable",
                None,
                "Downward trend / maintenance by March 2012 against recorded Criminal Damage.",
            ),
        ),
        measure(
            "Quality assured restorative justice (RJ) disposals in Southern Division",
            "increase",
            "per_month",
            baseline=("to_be_established", None, "", "Baseline – To be established in 2011/12"),
            target=(
                "known",
                "100",
                "Target – 100 quality assured RJ's per month for Southern Division.",
            ),
        ),
        measure(
            "Use of the Restorative Justice approach in West Lancashire (local CSP target)",
            "increase",
            "per_month",
            baseline=("to_be_established", None, "", "Baseline – To be established in 2011/12"),
            target=("tbc", None, "Local CSP target (TBC)"),
        ),
    ],
    (9, 1): [
        measure(
            "Young peoples participation in positive activities",
            "deliver",
            "none",
            baseline=("not_applicable", None, "", ""),
            target=("not_applicable", None, "March 2011"),
            note="The March 2012 column says 'March 2011' as published; no figure is given.",
        )
    ],
    (10, 1): [
        measure(
            "Street and environmental cleanliness (levels of graffiti, litter, detritus, fly "
            "posting and fly tipping)",
            "deliver",
            "none",
            baseline=("not_applicable", None, "", ""),
            target=("not_applicable", None, "March 2012"),
            note="The plan gives no figure: the lead officer rates progress.",
        )
    ],
    (11, 1): [
        measure(
            "People who agree West Lancashire is a safe and secure place to live",
            "maintain",
            "percent",
            baseline=("known", "75", "2010", "Baseline: 75% (2010)"),
            target=("known", "75", "Target for 2012 to be maintained at 75%"),
        ),
        measure(
            "People who agree investing in community safety contributes to the residents' "
            "quality of life",
            "maintain",
            "percent",
            baseline=("known", "66", "2010", "Baseline 66% (2010)"),
            target=("known", "66", "Target for 2012 to be maintained at 66%"),
        ),
        measure(
            "VCFS engagement in the CSP Plan",
            "deliver",
            "none",
            baseline=("not_applicable", None, "", ""),
            target=("not_applicable", None, "Adoption of CSP Plan as core CVS VCFS document"),
        ),
    ],
}
