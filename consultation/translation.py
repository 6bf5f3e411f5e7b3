"""What residents read of consultations, events and "you said, we did" in English and Welsh
(cspplan/translated.py). Each is published on its own, not with the plan."""

from consultation.models import Consultation, ConsultationQuestion, EngagementEvent, YouSaidWeDid
from cspplan.translated import register

register(Consultation, ["title", "description"])
register(ConsultationQuestion, ["text", "options"])
register(EngagementEvent, ["name", "description", "raised", "outcome"])
register(YouSaidWeDid, ["title", "you_said", "we_did"])
