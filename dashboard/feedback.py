"""What residents said this quarter, for the plan's dashboard: feedback per objective and per
priority (``consultation.counts``), for the quarter of the day the dashboard is judged as at."""

from consultation.counts import FeedbackCounts, feedback_counts
from cspplan.quarters import current_quarter, quarter_label


def quarter_feedback(plan, *, today) -> tuple[FeedbackCounts, str]:
    start, end = current_quarter(today)
    return feedback_counts(plan, start=start, end=end), quarter_label(start)
