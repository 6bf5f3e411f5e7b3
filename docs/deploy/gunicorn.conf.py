"""gunicorn settings for one cspplan web process (README, "Several app servers").

Each process runs GUNICORN_WORKERS sync workers (default: 2 per core, plus one). Sync workers
suit cspplan: a page is rendered in well under a second, kept pages answer before the database
is touched, and the slow documents are drawn by the worker process, never in a request.
"""

import multiprocessing
import os

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
# Behind a proxy that terminates HTTPS (DJANGO_BEHIND_PROXY=true): trust its headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
