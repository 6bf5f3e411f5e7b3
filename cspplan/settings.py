"""Settings for cspplan. Everything that differs between machines comes from the environment.

Development (``make run``) sets DJANGO_DEBUG=true and a throwaway secret key; anywhere else DEBUG is
off unless asked for, and then a real DJANGO_SECRET_KEY is required and HTTPS hardening is on.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cspplan.env import cache_from_url, env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-only-for-debug-mode")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin (as django-modeltranslation asks): each app's translation.py gives the
    # fields a resident reads an English and a Welsh column (docs/welsh.md, "Translated content").
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    # Staff sign-in (docs/sign-in.md): accounts (password, reset by e-mail, sign-out), a second
    # factor (TOTP, WebAuthn, recovery codes), each person's sessions.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Each organisation's own provider (OpenID Connect: Microsoft Entra ID, Okta, ADFS…).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "cspplan",
    "priorities",
    "objectives",
    "actions",
    "consultation",
    "reviews",
    "strategies",
    "pcc",
    "outbox",
    "progress",
    "notices",
    "public",
    "dashboard",
    "importer",
    "demonstration",
    "plan_archive",
    "documents",
    "api",
]

MIDDLEWARE = [
    # First: a kept public page is answered before sessions, the database or templates are
    # touched; it carries the headers the middleware below gave it (cspplan/pagecache.py).
    "cspplan.pagecache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer early: CORS headers on every API answer (see below).
    "corsheaders.middleware.CorsMiddleware",
    "cspplan.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address alone: /cy/ Welsh, else English (cspplan/languages.py).
    # Before CommonMiddleware, whose added slash must resolve in the address's language.
    "cspplan.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cspplan.session_timeout.IdleTimeoutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records each signed-in session (its address, browser, last seen) so it can be listed and
    # ended from the "Sessions" page, one by one or everywhere else.
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A plan manager, chair or superuser with no second factor set up reaches only the pages
    # that set one up (cspplan/second_factor.py), with a message saying why.
    "cspplan.second_factor.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cspplan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cspplan.context_processors.staff",
                "cspplan.context_processors.demo_sign_in",
            ],
        },
    },
]

WSGI_APPLICATION = "cspplan.wsgi.application"
ASGI_APPLICATION = "cspplan.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is tested before each request reuses it, so a restarted
        # PostgreSQL costs one reconnect, not a failed request and a worker restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` has two processes on the one SQLite file: the web server and the documents
    # worker (db_worker). Write-ahead logging lets one read while the other writes, and a write
    # waits for the other's to finish instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: local memory per process by default (`make run`); redis://host:port/db for several
# workers or machines, so each page is rendered once for all of them.
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://cspplan"))}
# The public pages' version, read on every resident's request without a database query
# (cspplan/pagecache.py): "file:/path" (every worker on this machine), "cache" (the shared cache:
# Redis, for several machines) or "off". Defaults to Redis when the cache is Redis, else a file.
PAGE_CACHE_STAMP = env_str(
    "CSPPLAN_PAGE_CACHE_STAMP",
    "cache"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else f"file:{BASE_DIR / 'var' / 'public-pages.stamp'}",
)
if PAGE_CACHE_STAMP == "cache" and not CACHES["default"]["BACKEND"].endswith("RedisCache"):
    raise ImproperlyConfigured(
        "CSPPLAN_PAGE_CACHE_STAMP=cache needs a cache every worker shares (CACHE_URL=redis://…); "
        "use file:/path on one machine."
    )
if not (
    PAGE_CACHE_STAMP == "off"
    or PAGE_CACHE_STAMP == "cache"
    or (PAGE_CACHE_STAMP.startswith("file:/"))
):
    raise ImproperlyConfigured(
        f"CSPPLAN_PAGE_CACHE_STAMP={PAGE_CACHE_STAMP!r} must be file:/absolute/path, cache or off."
    )

# The queue heavy documents are rendered on (documents/tasks.py; docs/operators.md, "Documents
# worker"):
#   database   the default: jobs in the database, run by `manage.py db_worker --queue-name
#              documents-public,documents` and one for documents-public alone (`make run`
#              starts both beside the web server); no other server.
#   redis      jobs in Redis at TASKS_REDIS_URL, run by `manage.py rqworker documents-public
#              documents` (and one worker for documents-public alone).
#   immediate  in the request that asks: only for the tests (a request would wait for a PDF).
# Two queues: residents' documents (the delivery plan's PDF and Word file) on their own, with a
# worker of their own and a higher priority, so they never wait behind staff documents such as
# a flood of board reports "as at" many days (issue 22; docs/security.md).
DOCUMENTS_QUEUE = "documents"
DOCUMENTS_PUBLIC_QUEUE = "documents-public"
# E-mail (outbox/sending.py): every message the site sends itself is delivered by a job of this
# queue, which the worker of `make run` also takes.
MAIL_QUEUE = "mail"
TASKS_QUEUE = env_str("TASKS_QUEUE", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_QUEUE not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_QUEUE={TASKS_QUEUE!r}: use one of {', '.join(sorted(_TASK_BACKENDS))}."
    )
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASKS_QUEUE],
        "QUEUES": [DOCUMENTS_QUEUE, DOCUMENTS_PUBLIC_QUEUE, MAIL_QUEUE],
    },
}
if TASKS_QUEUE == "redis":
    INSTALLED_APPS.append("django_rq")  # its rqworker command
    RQ_QUEUES = {
        name: {
            "URL": env_str("TASKS_REDIS_URL", "redis://127.0.0.1:6379/0"),
            # A board report PDF of a county plan takes about half a minute; a job past 10
            # minutes is stuck, and DOCUMENTS_RENDER_TIMEOUT has already called it failed.
            "DEFAULT_TIMEOUT": 600,
        }
        for name in (DOCUMENTS_QUEUE, DOCUMENTS_PUBLIC_QUEUE, MAIL_QUEUE)
    }
# After a change to a plan's records commits, the worker draws its kept summary (progress/kept.py)
# so the first reader after an edit does not. Off in the tests (test_settings.py), whose
# immediate queue would draw it inside every save: tests/progress/test_kept.py turns it on.
KEEP_SUMMARIES_AFTER_COMMIT = env_bool("CSPPLAN_KEEP_SUMMARIES_AFTER_COMMIT", True)
# A document queued or being drawn for longer than this is reported as failed (with a retry).
DOCUMENTS_RENDER_TIMEOUT = env_int("DOCUMENTS_RENDER_TIMEOUT", 600)
# Documents one signed-in user may have waiting or being drawn at once (documents/store.py);
# past it a 429 page says why and when to try again, and nothing more is queued for them.
CSPPLAN_DOCUMENTS_QUEUED_PER_USER = env_int("CSPPLAN_DOCUMENTS_QUEUED_PER_USER", 3)
if CSPPLAN_DOCUMENTS_QUEUED_PER_USER < 1:
    raise ImproperlyConfigured("CSPPLAN_DOCUMENTS_QUEUED_PER_USER must be 1 or more.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One sign-in page for every member of staff: allauth's (/accounts/login/); the admin's own
# sign-in page sends people there, so no password is ever checked without the second factor.
LOGIN_URL = "account_login"
# Signing in with no "next" lands on each role's own home (cspplan.views.staff_home).
LOGIN_REDIRECT_URL = "staff_home"

# Sign-in: django-axes locks a user name out, from the address that tried it, after
# AXES_FAILURE_LIMIT wrong passwords in a row, for the cool-off time (then it may try again); a
# right password resets the count. Locked out means the "too many attempts" page (429), even
# with the right password. Attempts are kept in the database, so every worker agrees.
# Unlock early with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # allauth's backend signs in by user name or e-mail address; both go past axes first.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_ENABLED = env_bool("CSPPLAN_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("CSPPLAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("CSPPLAN_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And by account across addresses (cspplan/lockout.py): past this many wrong passwords for one
# user name within the cool-off, from any addresses, the name is locked from every address.
AXES_HANDLER = "cspplan.lockout.AccountCapHandler"
CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
if CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("CSPPLAN_LOGIN_ACCOUNT_FAILURE_LIMIT must be 1 or more.")
AXES_RESET_ON_SUCCESS = True
# allauth's form names its field "login" and passes a user name or an e-mail address: the name
# axes counts is whichever was typed (cspplan/lockout.py).
AXES_USERNAME_CALLABLE = "cspplan.lockout.name_tried"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cspplan.ratelimit.address_for_lockout"
AXES_HTTP_RESPONSE_CODE = 429
# No admin pages for the attempts (nobody reads them there) and no log of successful sign-ins.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True

# django-allauth (docs/sign-in.md). Nobody signs themselves up: staff accounts come from
# invitations (cspplan/invitations.py) or the admin. Wrong passwords are counted by django-axes
# alone (above), so allauth's own count of failed sign-ins is off: one lockout, one message.
ACCOUNT_ADAPTER = "cspplan.accounts.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False  # SESSION_EXPIRE_AT_BROWSER_CLOSE below decides
ACCOUNT_RATE_LIMITS = {"login_failed": None}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "cspplan: "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_FORMS = {"reset_password": "cspplan.accounts.StaffResetPasswordForm"}
# Staff at an organisation with its own provider never sign in with a password kept here
# (cspplan/accounts.py), except these superusers' user names: a way in when the provider is
# down. Give them an address outside the providers' domains, or reset with changepassword.
CSPPLAN_BREAK_GLASS_USERS = env_list("CSPPLAN_BREAK_GLASS_USERS", [])
# An organisation's own sign-in (cspplan/accounts.py, ``IdentityProvider`` in the admin): a
# provider's sign-in is linked only to an existing account or an invitation for its address,
# never makes an account by itself; nothing is kept of the provider's tokens.
SOCIALACCOUNT_ADAPTER = "cspplan.accounts.OrganisationSignInAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# The second factor: an authenticator app (TOTP) or a security key / passkey (WebAuthn), with
# recovery codes. Required before any staff page for the roles that see drafts, progress
# awaiting approval or personal data (plan managers, chairs, superusers); for every member of
# staff with CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF=true (cspplan/second_factor.py).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("CSPPLAN_TOTP_ISSUER", "cspplan")
MFA_PASSKEY_LOGIN_ENABLED = False
# Wrong codes at sign-in count in django-axes' lockout, with wrong passwords (cspplan/lockout.py).
MFA_FORMS = {"authenticate": "cspplan.lockout.SecondFactorCodeForm"}
# The TOTP secrets and recovery codes' seeds are stored encrypted (cspplan/second_factor_secrets.py)
# under these Fernet keys, comma-separated, the first encrypting; with none, a key derived from
# SECRET_KEY (then changing SECRET_KEY loses every authenticator app: docs/sign-in.md).
MFA_ADAPTER = "cspplan.second_factor_secrets.EncryptingMFAAdapter"
CSPPLAN_MFA_ENCRYPTION_KEYS = env_list("CSPPLAN_MFA_ENCRYPTION_KEYS", [])
# WebAuthn needs HTTPS, except on localhost in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Invitations (cspplan/invitations.py): the link works once, for this many days.
CSPPLAN_INVITATION_DAYS = env_int("CSPPLAN_INVITATION_DAYS", 7)
if CSPPLAN_INVITATION_DAYS < 1:
    raise ImproperlyConfigured("CSPPLAN_INVITATION_DAYS must be 1 or more.")
# The sign-in audit trail (cspplan/sign_in_audit.py) is kept this many days, then removed by
# `manage.py purge_sign_in_events` (run it daily, like purge_feedback).
CSPPLAN_SIGN_IN_AUDIT_DAYS = env_int("CSPPLAN_SIGN_IN_AUDIT_DAYS", 365)
if CSPPLAN_SIGN_IN_AUDIT_DAYS < 1:
    raise ImproperlyConfigured("CSPPLAN_SIGN_IN_AUDIT_DAYS must be 1 or more.")
CSPPLAN_SECOND_FACTOR_REQUIRED = env_bool("CSPPLAN_SECOND_FACTOR_REQUIRED", True)
CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF = env_bool("CSPPLAN_SECOND_FACTOR_FOR_ALL_STAFF", False)
# Each person's sessions are listed on /accounts/sessions/ (allauth.usersessions), with the
# address and browser each signed in from; not "last seen" (a database write on every request).
USERSESSIONS_TRACK_ACTIVITY = False

# Staff sessions: signed out after CSPPLAN_SESSION_IDLE_MINUTES without a request (requests
# renew the session, at most once a minute: cspplan/session_timeout.py), and when the browser
# closes. Residents have no session.
SESSION_COOKIE_AGE = env_int("CSPPLAN_SESSION_IDLE_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Rate limits per client address (cspplan/ratelimit.py): "N/seconds". Past one, a 429 page.
RATE_LIMITS = {
    "feedback": env_rate("CSPPLAN_RATE_FEEDBACK", "5/600"),
    "downloads": env_rate("CSPPLAN_RATE_DOWNLOADS", "30/60"),
    "search": env_rate("CSPPLAN_RATE_SEARCH", "60/60"),
    "api": env_rate("CSPPLAN_RATE_API", "120/60"),
    # Requests to follow by e-mail (notices/views.py): each may send a confirmation e-mail.
    "follow": env_rate("CSPPLAN_RATE_FOLLOW", "5/600"),
}

# How long residents' personal data in feedback is kept (consultation/retention.py): the "have
# your say" form says so, and `manage.py purge_feedback` removes it afterwards.
FEEDBACK_RETENTION_MONTHS = env_int("CSPPLAN_FEEDBACK_RETENTION_MONTHS", 24)
if FEEDBACK_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured(
        f"CSPPLAN_FEEDBACK_RETENTION_MONTHS={FEEDBACK_RETENTION_MONTHS}: keep personal data "
        "for at least 1 month."
    )

LANGUAGE_CODE = "en"
# The languages the interface and content come in (issue 27). Welsh is offered only on the pages
# of a partnership whose `languages` is Welsh and English. English is plain "en" (addresses /en/,
# fields `title_en`), with the British date and number forms from cspplan/formats/en/.
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
FORMAT_MODULE_PATH = ["cspplan.formats"]
# The interface's Welsh catalogue (locale/cy/LC_MESSAGES/django.po), compiled at set-up.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated content (cspplan/translated.py): `title_en` and `title_cy` columns; reading `title`
# gives the active language's text, falling back to English where the Welsh is empty (an English
# partnership's plan has no Welsh). Each column is labelled with its language, e.g. "title
# (Welsh)", in forms and in the missing-text messages.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_NAMES_IN_ENGLISH = {"en": "English", "cy": "Welsh"}
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda verbose_name, language: (  # noqa: E731
    f"{verbose_name} ({LANGUAGE_NAMES_IN_ENGLISH[language]})"
)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Bootstrap comes from npm at set-up (package.json) and is served by WhiteNoise; no CDN.
NODE_MODULES_DIR = BASE_DIR / "node_modules"
if (NODE_MODULES_DIR / "bootstrap" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/bootstrap", NODE_MODULES_DIR / "bootstrap" / "dist"))
# Rendered documents (documents/store.py): PDFs and Word files of each content version. Not
# under any URL: each is served by the view that checks who may see its plan. With several
# servers, every web server and the worker must share this directory.
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cspplan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails sent outside a request (digests, notices,
# reminders): no trailing slash.
SITE_URL = env_str("CSPPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Staff notices (notices/staff.py, docs/notices.md): an officer is told of a milestone due
# within this many days; plan managers of items waiting for approval longer than this.
NOTICE_MILESTONE_DAYS = env_int("CSPPLAN_NOTICE_MILESTONE_DAYS", 14)
NOTICE_WAITING_DAYS = env_int("CSPPLAN_NOTICE_WAITING_DAYS", 7)
# The chair's digest is sent this many days before each board meeting (notices/chair.py).
CHAIR_DIGEST_DAYS = env_int("CSPPLAN_CHAIR_DIGEST_DAYS", 7)
# The most changes one digest lists; the rest are a link to the page.
DIGEST_MAX_ITEMS = env_int("CSPPLAN_DIGEST_MAX_ITEMS", 20)

# HTTPS hardening: on whenever DEBUG is off, unless DJANGO_SECURE_HTTPS=false (plain-HTTP serving,
# such as local benchmarks behind no proxy).
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # The proxy also names the client: the last address of X-Forwarded-For (cspplan/ratelimit.py).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = env_str(
    "DJANGO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads (plan imports, bulk progress): officers' spreadsheets are small; refuse anything
# larger, anything that expands too much and anything with too many rows, before parsing it
# (cspplan/uploads.py).
PLAN_IMPORT_MAX_BYTES = env_int("CSPPLAN_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = PLAN_IMPORT_MAX_BYTES + 1024 * 1024
UPLOAD_MAX_ROWS = env_int("CSPPLAN_IMPORT_MAX_ROWS", 5000)
UPLOAD_MAX_ZIP_ENTRIES = env_int("CSPPLAN_IMPORT_MAX_ZIP_ENTRIES", 500)
UPLOAD_MAX_ZIP_ENTRY_BYTES = env_int("CSPPLAN_IMPORT_MAX_ZIP_ENTRY_BYTES", 25 * 1024 * 1024)
UPLOAD_MAX_ZIP_TOTAL_BYTES = env_int("CSPPLAN_IMPORT_MAX_ZIP_TOTAL_BYTES", 50 * 1024 * 1024)
UPLOAD_MAX_ZIP_RATIO = env_int("CSPPLAN_IMPORT_MAX_ZIP_RATIO", 100)
# The work a file causes is its cells, not its bytes: a 4 MB workbook of 1.6 million small cells
# took a worker to 1.3 GB. Cells in one part (a worksheet, shared strings, a Word document, a
# CSV: 5,000 rows of 20 columns) and in the whole file (a sheet, its shared strings and a
# little more); the widest row; the seconds reading may take.
UPLOAD_MAX_PART_CELLS = env_int("CSPPLAN_IMPORT_MAX_PART_CELLS", 100_000)
UPLOAD_MAX_CELLS = env_int("CSPPLAN_IMPORT_MAX_CELLS", 250_000)
UPLOAD_MAX_COLUMNS = env_int("CSPPLAN_IMPORT_MAX_COLUMNS", 100)
UPLOAD_MAX_SECONDS = env_int("CSPPLAN_IMPORT_MAX_SECONDS", 10)
# police.uk street files (importer/police_uk.py): a force's month runs to several megabytes, and
# they are streamed row by row, so each file is held to its own, larger limit.
POLICE_UK_MAX_BYTES = env_int("CSPPLAN_POLICE_UK_MAX_BYTES", 64 * 1024 * 1024)

# django-import-export (the bulk progress import and the admin exports): temporary uploads in a
# private folder, named by a token and tied to their uploader (cspplan/uploads.py); formulas
# escaped in exports (the progress formats go further: cspplan/spreadsheet_formats.py).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "cspplan.uploads.ProgressUploadStorage"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The seed plan and demo progress (`manage.py loaddata west_lancashire_2011_12`).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Draining an instance for a deploy: while this file exists /readyz answers 503, so the load
# balancer stops sending it requests (cspplan/health.py).
CSPPLAN_MAINTENANCE_FILE = env_str("CSPPLAN_MAINTENANCE_FILE", str(BASE_DIR / "MAINTENANCE"))
# What a 503 page (the database unreachable: cspplan/outage.py) tells clients to wait, seconds.
CSPPLAN_RETRY_AFTER_SECONDS = env_int("CSPPLAN_RETRY_AFTER_SECONDS", 30)

# The partnership whose current plan is shown at "/" (its slug).
DEFAULT_PARTNERSHIP_SLUG = env_str("CSPPLAN_DEFAULT_PARTNERSHIP", "west-lancashire-csp")


def _commencement(name: str) -> datetime.date | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a day as YYYY-MM-DD, not {value!r}.") from None


# The day section 19 of the Victims and Prisoners Act 2024 comes into force (unset: not yet
# commenced): a domestic review notified on or after it is a "Domestic Abuse Related Death
# Review", before it a "Domestic Homicide Review" (reviews/law.py).
DARDR_COMMENCEMENT = _commencement("CSPPLAN_DARDR_COMMENCEMENT")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every step of every PDF at INFO; only its warnings are worth reading.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The open data API (/api/v1/, the ``api`` app): read only, anonymous, JSON only; DRF and
# drf-spectacular (docs/api.md, "Open data API"). No authentication at all: the API shows what
# residents may read, the same to everyone, so it never reads a session or needs CSRF.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Community Safety Partnership Plan: open data API",
    "DESCRIPTION": "The published partnership plans as data: partnerships, plans, priorities, "
    "objectives, targets, measures with their approved figures, actions with their approved "
    "updates, and engagement events. Drafts, progress awaiting approval and personal data are "
    "never included.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Two choice sets are called "status": a plan's and a RAG assessment's.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": [("published", "Published"), ("archived", "Archived")],
        "RagStatusEnum": "progress.assessment.RagStatus",
    },
}
# CORS: any website may read the API (GET only); nothing else on the site is shared.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
