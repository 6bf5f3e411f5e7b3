"""gunicorn settings for one cspplan web process (docs/operators.md, "Several app servers").

Each process runs GUNICORN_WORKERS sync workers (default: 2 per core, plus one). Sync workers
suit cspplan: a page is rendered in well under a second, kept pages answer before the database
is touched, and the slow documents are drawn by the worker process, never in a request.
"""

import multiprocessing
import os
import sys
from pathlib import Path

# The project folder, for cspplan.env: gunicorn reads this file before it loads the app.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cspplan.env import env_bool, env_list  # noqa: E402

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Load the app once, before forking: the workers share its memory until they write to it.
preload_app = True
# A request that takes longer than this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 30
# Recycle workers now and then, so no slow leak grows for ever (jitter: not all at once).
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto and the like are trusted only behind a proxy that terminates HTTPS, as
# Django trusts them (DJANGO_BEHIND_PROXY=true, cspplan/settings.py), and only from the proxy's
# addresses (GUNICORN_FORWARDED_ALLOW_IPS, comma-separated; default the proxy on this machine).
# Without a proxy nobody is trusted, not even 127.0.0.1: a client there could otherwise have the
# site build, and cache, https:// links (issue 22; docs/security.md, "Forwarded headers").
if env_bool("DJANGO_BEHIND_PROXY", False):
    forwarded_allow_ips = ",".join(env_list("GUNICORN_FORWARDED_ALLOW_IPS", ["127.0.0.1"]))
else:
    forwarded_allow_ips = ""  # gunicorn reads a comma-separated string: none
accesslog = "-"
