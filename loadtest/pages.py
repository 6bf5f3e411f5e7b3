"""What the load run reads in the site's pages, kept apart from locust so that the test suite
checks it against the real pages (tests/reliability/test_load_scripts.py): a template change
that broke it would otherwise make the load run quietly post nothing."""

import re

# "My actions": each action's form carries the version it was loaded with.
VERSION_FIELD = re.compile(r'name="action-(\d+)-version" value="(\d+)"')
# The refusal of the lost-update check (actions.services.StaleEditError).
REFUSED_AS_STALE = "changed by someone else"
# The 503 page's heading (templates/503.html).
OUTAGE_HEADING = "Sorry, the service is unavailable for a moment"
