"""What a review is called, by the law in force on the day it was notified.

Checked against legislation.gov.uk (README, "Statutory reviews"): a domestic homicide review is
held under section 9 of the Domestic Violence, Crime and Victims Act 2004; section 19 of the
Victims and Prisoners Act 2024 inserts "domestic abuse related death review" (a new section 8A
of the 2004 Act) and is prospective, not yet in force. Its commencement day is a setting
(``DARDR_COMMENCEMENT``, from ``CSPPLAN_DARDR_COMMENCEMENT``) until a commencement order
names it. Offensive weapons homicide reviews are held under section 24 of the Police, Crime,
Sentencing and Courts Act 2022 (piloted in named areas).
"""

import datetime

from django.conf import settings

DOMESTIC_HOMICIDE_REVIEW = "Domestic Homicide Review"
DOMESTIC_ABUSE_RELATED_DEATH_REVIEW = "Domestic Abuse Related Death Review"
OFFENSIVE_WEAPONS_HOMICIDE_REVIEW = "Offensive Weapons Homicide Review"


def domestic_review_name(notified_on: datetime.date) -> str:
    """ "Domestic Abuse Related Death Review" for a death notified on or after the day the 2024
    Act's section 19 comes into force, "Domestic Homicide Review" before it or while it has
    not been commenced (the setting unset)."""
    commencement = settings.DARDR_COMMENCEMENT
    if commencement is not None and notified_on >= commencement:
        return DOMESTIC_ABUSE_RELATED_DEATH_REVIEW
    return DOMESTIC_HOMICIDE_REVIEW
