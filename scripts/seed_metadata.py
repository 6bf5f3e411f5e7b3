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


# Due dates read from the action text: words -> (date, why).
DUE_DATES = {
    "by July 2011": (
        "2011-07-31",
        "The date of the first bullet, 'Finalise and agree the West Lancashire Road Safety "
        "Action Plan by July 2011'.",
    ),
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
