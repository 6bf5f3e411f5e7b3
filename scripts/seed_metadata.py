"""What a reader of the West Lancashire plan decides that the converted text cannot say by itself:
which body each spelling means, who leads which group of actions, the measures inside each row,
due dates, and which objectives address which priority. Used by build_seed_fixture.py.

Every decision carries its reason; the reasons are copied into the fixture as YAML comments.
"""

PLAN = "west-lancashire-2011-12"
PARTNERSHIP = "west-lancashire-csp"

# slug: (name, short_name, kind, is_responsible_authority, aliases as spelled in the seed, why)
ORGANISATIONS = {
    "west-lancashire-borough-council": (
        "West Lancashire Borough Council",
        "WLBC",
        "council",
        True,
        ["West Lancashire Borough Council", "Borough Council", "Borough", "WLBC"],
        "Responsible authority (Background: 'West Lancashire Borough Council / Lancashire County "
        "Council' is one bullet: the local authority of a two-tier area, so both councils are "
        "flagged).",
    ),
    "lancashire-county-council": (
        "Lancashire County Council",
        "LCC",
        "council",
        True,
        ["Lancashire County Council", "LCC"],
        "Responsible authority, with the borough council (same Background bullet).",
    ),
    "lancashire-constabulary": (
        "Lancashire Constabulary",
        "Lancs. Police",
        "police",
        True,
        ["Lancashire Constabulary", "Lancs. Police", "Police"],
        "Responsible authority. 'Police' in every Owner cell is the county force.",
    ),
    "lancashire-police-authority": (
        "Lancashire Police Authority",
        "",
        "police_authority",
        True,
        ["Lancashire Police Authority"],
        "Responsible authority (Background).",
    ),
    "lancashire-fire-and-rescue-service": (
        "Lancashire Fire and Rescue Service",
        "LFRS",
        "fire",
        True,
        [
            "Lancashire Fire and Rescue Service",
            "Lancs. Fire and Rescue Service",
            "Fire and Rescue Service",
            "LFRS",
            "Lancashire Fire & Rescue",
        ],
        "Responsible authority (Background).",
    ),
    "nhs-central-lancashire": (
        "NHS Central Lancashire",
        "PCT",
        "health",
        True,
        ["NHS Central Lancashire", "PCT"],
        "Responsible authority (Background). 'PCT' (Owner of the Central Lancashire Alcohol "
        "Action Plan row) is the same body: NHS Central Lancashire was the operating name of "
        "Central Lancashire Primary Care Trust, the PCT covering West Lancashire in 2011.",
    ),
    "lancashire-probation-trust": (
        "Lancashire Probation Trust",
        "Probation",
        "probation",
        True,
        ["Lancashire Probation Trust", "Lancashire Probation Service", "Probation"],
        "Responsible authority (Background). The Background calls it 'Lancashire Probation "
        "Service' and 'Probation' too.",
    ),
    "lancashire-drug-and-alcohol-action-team": (
        "Lancashire Drug and Alcohol Action Team",
        "LDAAT",
        "partnership",
        False,
        ["LDAAT", "LDATT"],
        "'LDATT' ('Target to be agreed with the LDATT') is a typo for LDAAT, kept as published.",
    ),
    "lancashire-youth-offending-team": (
        "Lancashire Youth Offending Team",
        "LYOT",
        "youth",
        False,
        ["YOT", "LYOT", "Youth Offending Team"],
        "'YOT' (Objective 1 owner) and 'LYOT' (Objective 1 target) are the same team.",
    ),
    "multi-agency-licensing-and-tasking-group": (
        "Multi-Agency Licensing and Tasking Group",
        "MALT",
        "partnership",
        False,
        ["MALT", "Multi-Agency Licensing and Tasking Group"],
        "Name as spelled out in Objective 2's actions.",
    ),
    "west-lancashire-community-safety-partnership": (
        "West Lancashire Community Safety Partnership",
        "CSP",
        "partnership",
        False,
        ["CSP", "West Lancashire Community Safety Partnership"],
        "The partnership itself, as an owner of actions.",
    ),
    "lancashire-trading-standards": (
        "Lancashire Trading Standards",
        "Trading Standards",
        "council",
        False,
        ["Trading Standards", "Lancashire Trading Standards"],
        "Spelled 'Lancashire Trading Standards' in Objective 2's actions.",
    ),
    "lancashire-domestic-violence-partnership": (
        "Lancashire Domestic Violence Partnership",
        "",
        "partnership",
        False,
        ["Lancs. Domestic Violence Partnership"],
        "Objective 4 owner.",
    ),
    "lancashire-young-peoples-service": (
        "Lancashire Young People's Service",
        "Young People's Service",
        "youth",
        False,
        [
            "Lancashire Young People's Service",
            "Lancs. Young People's Service",
            "Young People's Service",
        ],
        "Objective 9 owner; spelled in full in Objective 2's target.",
    ),
    "west-lancashire-cvs": (
        "West Lancashire CVS",
        "CVS",
        "voluntary",
        False,
        ["West Lancs. CVS", "CVS"],
        "Objective 11 owner; 'CVS' in Objectives 8 and 11.",
    ),
    "greater-manchester-west": (
        "Greater Manchester West",
        "GMW",
        "health",
        False,
        ["Greater Manchester West", "GMW"],
        "The substance misuse provider service named in Objective 2 ('Janet Tyrer, GMW').",
    ),
}

# Owner cells that are not simply spellings joined by " / ".
OWNER_CELLS = {
    # Objective 2, row 4: one Owner cell that runs over a page break ("CSP Trading Standards",
    # then "Police"); the row's target sentence runs over the same break, so it is one cell.
    "CSP Trading Standards Police": [
        "west-lancashire-community-safety-partnership",
        "lancashire-trading-standards",
        "lancashire-constabulary",
    ],
}

# slug: (name, title, organisation slug or None, why)
OFFICERS = {
    "mike-lock": (
        "Mike Lock",
        "",
        "lancashire-probation-trust",
        "Leads only rows owned by Probation ('Lancashire Probation Service', 'Probation') and the "
        "probation row with no owner (ATR/DRR targets).",
    ),
    "dorothy-shields": (
        "Dorothy Shields",
        "",
        "lancashire-probation-trust",
        "Same rows as Mike Lock: only Probation's.",
    ),
    "teresa-fox": (
        "Teresa Fox",
        "",
        None,
        "Leads YOT and CSP rows: no single organisation is clear.",
    ),
    "grant-murdoch": (
        "Grant Murdoch",
        "",
        None,
        "Leads YOT, CSP, Young People's Service and joint rows: not clear.",
    ),
    "sam-jones": (
        "Sam Jones",
        "",
        "lancashire-drug-and-alcohol-action-team",
        "Leads only the two rows owned by LDAAT.",
    ),
    "janet-tyrer": (
        "Janet Tyrer",
        "",
        "greater-manchester-west",
        "Published as 'Janet Tyrer, GMW'.",
    ),
    "andrew-ascroft": (
        "Andrew Ascroft",
        "",
        None,
        "Leads the 'PCT / CSP' row only: a joint owner, so not clear.",
    ),
    "anthony-bushell": (
        "Anthony Bushell",
        "Sgt",
        "lancashire-constabulary",
        "'Sgt' is a police rank; the only police force in the plan is Lancashire Constabulary.",
    ),
    "david-johnnie": (
        "David Johnnie",
        "",
        None,
        "Leads the MALT row only; MALT is a multi-agency group, not an employer.",
    ),
    "andrew-hill": ("Andrew Hill", "", None, "Leads rows of many owners: not clear."),
    "geoff-hurst": ("Geoff Hurst", "", None, "Leads rows of many owners: not clear."),
    "john-buck": (
        "John Buck",
        "",
        "lancashire-fire-and-rescue-service",
        "Leads only rows owned by LFRS ('Lancs. Fire and Rescue Service', 'Fire and Rescue "
        "Service').",
    ),
    "paul-binks": (
        "Paul Binks",
        "",
        None,
        "Leads the 'Lancashire County Council / Police' row only: joint, so not clear.",
    ),
    "graham-concannon": (
        "Graham Concannon",
        "",
        "west-lancashire-borough-council",
        "Leads only the row owned by 'Borough Council'.",
    ),
    "greg-mitten": (
        "Greg Mitten",
        "",
        "west-lancashire-cvs",
        "Leads only the actions owned by 'West Lancs. CVS' (Objective 11).",
    ),
}

# Lead Officer cells that are not simply names joined by " / ".
LEAD_CELLS = {
    "Sam Jones Janet Tyrer, GMW": ["sam-jones", "janet-tyrer"],
    "Sgt Anthony Bushell David Johnnie": ["anthony-bushell", "david-johnnie"],
}

FUNDING_SOURCES = {
    "existing-budgets": "Existing budgets",
    "existing-core-funding": "Existing core funding",
    "home-office": "Home Office",
    "sscf": "SSCF",
}

FUNDING_CELLS = {
    "Existing budgets": ["existing-budgets"],
    "Existing Budgets": ["existing-budgets"],
    "Existing budgets / Home Office": ["existing-budgets", "home-office"],
    "Existing budgets and SSCF": ["existing-budgets", "sscf"],
    "Existing core funding": ["existing-core-funding"],
}

# (objective, row) -> groups of consecutive actions: (how many, owner, lead officer, funding),
# each cell exactly as published. A row's Target takes its first group's cells.
GROUPS = {
    (1, 1): [
        (5, "Lancashire Probation Service", "Mike Lock / Dorothy Shields", "Existing Budgets")
    ],
    (1, 2): [(2, "YOT", "Teresa Fox / Grant Murdoch", "Existing budgets")],
    (1, 3): [(3, "Probation", "Mike Lock / Dorothy Shields", "Existing budgets")],
    (1, 4): [(0, "", "Mike Lock / Dorothy Shields", "Existing budgets")],
    (1, 5): [(1, "", "Teresa Fox / Grant Murdoch", "Existing budgets")],
    (2, 1): [(4, "LDAAT", "Sam Jones Janet Tyrer, GMW", "Existing Budgets")],
    (2, 2): [(2, "LDAAT", "Sam Jones", "Existing budgets")],
    (2, 3): [(1, "PCT / CSP", "Andrew Ascroft", "Existing Budgets")],
    (2, 4): [(3, "CSP Trading Standards Police", "Grant Murdoch", "")],
    (2, 5): [(3, "MALT", "Sgt Anthony Bushell David Johnnie", "Existing budgets")],
    (3, 1): [
        (1, "CSP", "Andrew Hill / Geoff Hurst", "Existing budgets"),
        (11, "Police / Trading Standards", "", ""),
    ],
    (4, 1): [
        (
            9,
            "Lancs. Domestic Violence Partnership / Police",
            "Andrew Hill / Geoff Hurst",
            "Existing budgets / Home Office",
        )
    ],
    (4, 2): [(1, "Police", "Andrew Hill / Geoff Hurst", "Existing budgets")],
    (5, 1): [(5, "Lancs. Police / CSP", "Geoff Hurst / Andrew Hill", "Existing budgets")],
    (5, 2): [
        (1, "Police / Trading Standards", "Geoff Hurst", ""),
        (1, "Trading Standards", "", ""),
        (1, "Trading Standards", "", ""),
        (1, "Trading Standards", "", ""),
        (1, "Trading Standards", "", ""),
        (1, "Trading Standards", "", ""),
    ],
    (6, 1): [
        (16, "Lancs. Fire and Rescue Service", "John Buck", "Existing budgets"),
        (1, "Trading Standards", "", ""),
        (1, "Trading Standards", "", ""),
    ],
    (7, 1): [
        (9, "Lancashire County Council / Police", "Paul Binks / Geoff Hurst", "Existing budgets")
    ],
    (7, 2): [(1, "Fire and Rescue Service", "John Buck", "Existing budgets")],
    (8, 1): [
        (
            15,
            "CSP",
            "Andrew Hill / Geoff Hurst / Grant Murdoch / Teresa Fox",
            "Existing budgets",
        )
    ],
    (9, 1): [(10, "Lancs. Young People's Service", "Grant Murdoch", "Existing budgets and SSCF")],
    (10, 1): [(2, "Borough Council", "Andrew Hill / Graham Concannon", "Existing budgets")],
    (11, 1): [
        (4, "Borough / CSP", "Andrew Hill", "Existing budgets"),
        (4, "West Lancs. CVS", "Greg Mitten", "Existing core funding"),
    ],
}

GROUP_NOTES = {
    (1, 2): "The row runs over a page break: 'Baseline ? To be confirmed / agreed' and the "
    "sentence 'issues around the vulnerable young families agenda.' continue it.",
    (1, 4): "A row with no actions: its own Lead Officer and Funding cells.",
    (1, 5): "The Owner cell is empty as published.",
    (2, 1): "One Lead Officer cell with two names ('Sam Jones', 'Janet Tyrer, GMW') beside all "
    "four actions: both lead every action.",
    (2, 4): "The Owner cell runs over a page break ('CSP Trading Standards' / 'Police'); the "
    "Funding cell is empty as published.",
    (2, 5): "The Actions cell lost its paragraph marks; it is read as three actions (campaign; "
    "MALT test purchasing, with its 'At least 15' and 'May be increased' sentences; Age Check "
    "Resource).",
    (3, 1): "After the page break a second Owner cell 'Police / Trading Standards' sits beside a "
    "list of bullets only: each bullet is its own action with that owner. Its Lead Officer "
    "and Funding cells are empty as published.",
    (4, 1): "The Actions cell is only bullets: one action per bullet; 'Continue to support the "
    "West Lancashire' / 'Domestic Violence Support Service' is one bullet split by a page break.",
    (5, 2): "The Owner cell holds five paragraphs ('Police / Trading Standards', then 'Trading "
    "Standards' four times) beside the five actions, and a sixth 'Trading Standards' after the "
    "page break beside 'Promotion and awareness of Help Direct Safe Trader Scheme'. 'Geoff "
    "Hurst' sits beside the first only; the other Lead Officer and Funding cells are empty.",
    (6, 1): "Sixteen LFRS actions (the sentence 'To ensure that ... firework and bonfire' ends "
    "after the page break: 'injuries and damage to property are reduced.'), then two rows owned "
    "by 'Trading Standards' with empty Lead Officer and Funding cells as published.",
    (7, 1): "'We are proposing to address this challenge through the following approaches.' "
    "introduces a list: its bullets stay in that action.",
    (7, 2): "The row repeats Objective 7's aim for the Fire and Rescue Service action; its "
    "measures are those of row 1.",
    (11, 1): "Two Owner, Lead Officer and Funding paragraphs: 'Borough / CSP' / 'Andrew Hill' / "
    "'Existing budgets' beside the first four actions, 'West Lancs. CVS' / 'Greg Mitten' / "
    "'Existing core funding' beside the VCFS bullets. After the page break the Funding cell "
    "says 'Existing core funding' twice, beside the end of the workshop bullet and the Youth "
    "Council action, so the Youth Council action is the CVS's too.",
}


def measure(
    name,
    direction,
    unit,
    *,
    baseline=("tbc", None, "", ""),
    target=("tbc", None, ""),
    note="",
):
    """baseline = (state, value, period, wording); target = (state, value, wording)."""
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
        "note": note,
    }


NO_BASELINE = "The plan gives no baseline for this measure: to be confirmed, not zero."

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
            note=NO_BASELINE,
        ),
        measure(
            "Accidental building fires",
            "reduce",
            "count",
            target=("known", "30", "Accidental Building Fires target 30"),
            note=NO_BASELINE,
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
            note=NO_BASELINE,
        ),
        measure(
            "Deliberate secondary fires",
            "reduce",
            "count",
            target=("known", "363", "Deliberate Secondary Fires target 363"),
            note=NO_BASELINE,
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

# Due dates read from the action text: words -> (date, why).
DUE_DATES = {
    "by July 2011": ("2011-07-31", ""),
    "by August 2011": ("2011-08-31", ""),
    "(20.6.11)": ("2011-06-20", "The date of National Learning Disability week's activity."),
    "by December 2011": ("2011-12-31", ""),
    "by December 2012": (
        "2012-12-31",
        "As published, although it falls after the plan ends (31 March 2012).",
    ),
    "by March 2012": ("2012-03-31", ""),
}

# Priority slug -> (objective numbers, why)
PRIORITY_OBJECTIVES = {
    "drugs-misuse": (
        [1, 2],
        "Objective 2 'Reduce Drug & Alcohol Misuse'; Objective 1's DRR target and "
        "DIP/Revolution actions target drug-related offending.",
    ),
    "alcohol-misuse": (
        [2, 3],
        "Objective 2 'Reduce Drug & Alcohol Misuse'; Objective 3 'Reduce Violent Crime & "
        "Alcohol Related Violent Crime'.",
    ),
    "reoffending": ([1], "Objective 1 'Reduce Re-offending'."),
    "cross-border-offenders-organised-crime": (
        [5],
        "Objective 5 'Reduce Cross Border Offending Including Serious Acquisitive Crime'.",
    ),
    "domestic-abuse": ([4], "Objective 4 'Reduce Incidents of Domestic Violence'."),
    "child-sexual-exploitation": (
        [],
        "No objective, target or action of the delivery plan mentions child sexual "
        "exploitation, so none is linked.",
    ),
    "anti-social-behaviour-signal-crime": (
        [6, 8, 10],
        "Objective 8 'Reduce Anti-Social Behaviour & Signal Crime'; the signal crimes the "
        "description names are criminal damage (Objective 8's measure), environmental crime "
        "(Objective 10) and deliberate fire setting (Objective 6's deliberate fires).",
    ),
    "road-safety-casualty-reduction": ([7], "Objective 7 'Reduce Road Safety Casualties'."),
    "metal-theft": (
        [],
        "No objective, target or action of the delivery plan mentions metal theft, so none "
        "is linked.",
    ),
    "fire-safety": ([6], "Objective 6 'Reduce Arson and Improve Fire Safety'."),
    "illegal-money-lending": (
        [3, 5],
        "'Operation Credit' (the operation the description names) is an action of Objective 3 "
        "and of Objective 5.",
    ),
    "university-and-impact-on-town-centre": (
        [3],
        "Objective 3's actions: the Edgehill University and Ormskirk Town Centre MATAC, Street "
        "Pastors in Ormskirk and the night time economy operations.",
    ),
}

PRIORITY_SLUGS = {
    "Drugs Misuse": "drugs-misuse",
    "Alcohol Misuse": "alcohol-misuse",
    "Reoffending": "reoffending",
    "Cross Border Offenders & Organised Crime": "cross-border-offenders-organised-crime",
    "Domestic Abuse": "domestic-abuse",
    "Child Sexual Exploitation": "child-sexual-exploitation",
    "Anti-Social Behaviour & Signal Crime": "anti-social-behaviour-signal-crime",
    "Road Safety (Casualty Reduction)": "road-safety-casualty-reduction",
    "Metal Theft": "metal-theft",
    "Fire Safety": "fire-safety",
    "Illegal Money Lending": "illegal-money-lending",
    "University and Impact on Town Centre": "university-and-impact-on-town-centre",
}

THEMES = {
    "CROSS CUTTING THEMES": ("cross-cutting-themes", "Cross Cutting Themes"),
    "PROTECTING VULNERABLE PEOPLE": (
        "protecting-vulnerable-people",
        "Protecting Vulnerable People",
    ),
    "EMERGING PRIORITIES": ("emerging-priorities", "Emerging Priorities"),
}
