"""Settings for the test suite: the real settings, with the environment a test run needs.

Tests still honour DATABASE_URL, so CI runs the same suite against PostgreSQL.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_HTTPS", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("CACHE_URL", "locmem://cspplan-tests")
# Documents are rendered inside the request that asks for them, so a test's first request gets
# the file. tests/documents/test_real_queue.py runs the real queue: Redis and a worker.
os.environ.setdefault("TASKS_QUEUE", "immediate")

# One temporary folder per test process (each pytest-xdist worker is one), removed at its end:
# every temporary file made by the code under test (uploads waiting for their import, rendered
# documents, the page cache's stamp) and by the programs the tests start (LibreOffice's profile,
# Chromium's, gunicorn's) lands there, so that no two workers ever see each other's files.
TEST_PROCESS_TMP = tempfile.mkdtemp(
    prefix=f"cspplan-tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-"
)
atexit.register(shutil.rmtree, TEST_PROCESS_TMP, ignore_errors=True)
tempfile.tempdir = TEST_PROCESS_TMP
os.environ["TMPDIR"] = TEST_PROCESS_TMP

from cspplan.settings import *  # noqa: E402,F403

DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="cspplan-test-documents-"))
atexit.register(shutil.rmtree, DOCUMENTS_ROOT, ignore_errors=True)

# The page cache's version stamp: one file per test process, so parallel runs never share one.
if "CSPPLAN_PAGE_CACHE_STAMP" not in os.environ:
    _STAMP_DIR = tempfile.mkdtemp(prefix="cspplan-stamp-")
    atexit.register(shutil.rmtree, _STAMP_DIR, ignore_errors=True)
    PAGE_CACHE_STAMP = f"file:{_STAMP_DIR}/public-pages.stamp"

# Fast hashing: the suite creates many users; nothing here protects a real password.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Templates resolve {% static %} without a collectstatic manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Rendered documents go to a directory of this test run's own, removed at its end.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Sign-in lockout stays on: tests sign in with force_login (no authenticate() call) or through
# the login form (which passes the request django-axes needs); Client.login() would not.
# Every test comes from 127.0.0.1 and the cache outlives a test: limits no test reaches by
# accident. tests/test_sign_in_and_forms.py sets real ones.
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, (100000, 60))  # noqa: F405
# The same for the sign-in library's own per-address limit on the sign-in form (30 a minute
# from one address by default, kept in the cache): one worker's sign-ins from 127.0.0.1 went
# over it in the permission matrix. django-axes, the lockout the tests check, stays as set.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "100000/m/ip"}  # noqa: F405
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The second factor before staff pages (cspplan/second_factor.py) is on in every real setting; the
# suite's thousands of staff requests sign people in with force_login and no authenticator, so
# it is off here, and tests/core/test_second_factor.py turns it on to test it (with the
# permission matrix's staff addresses).
CSPPLAN_SECOND_FACTOR_REQUIRED = False

# A signed-in session is renewed at most once a minute (cspplan/session_timeout.py): in tests,
# once an hour, so that query counts never include a renewal however slow the set-up; the
# tests of renewal set it themselves.
SESSION_RENEW_SECONDS = 3600

# Plans' summaries drawn by the worker after each change (progress/kept.py): with the immediate
# queue that would be inside every save of every test; tests/progress/test_kept.py turns it on.
KEEP_SUMMARIES_AFTER_COMMIT = False
