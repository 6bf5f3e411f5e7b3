"""The kinds of document the store renders, registered by the apps that draw them.

Why a registry: the worker's task (``documents.tasks``) must call the renderers of ``public``
and ``dashboard``, which sit above this app and may not be imported from it. Each registers its
kinds in its ``AppConfig.ready()`` (``public/apps.py``: the delivery plan's PDF and Word file;
``dashboard/apps.py``: the board report's PDF and spreadsheet), so the web process and the
worker process know the same kinds.

The content version that keys a document is registered the same way, by ``public/apps.py``:
``public.caching.content_version`` (the version every public page is cached under).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    name: str  # e.g. "delivery-plan-pdf"; stored on each Document
    extension: str  # "pdf"
    content_type: str
    # render(plan, as_at) -> the file's bytes. as_at is None for documents without a day.
    render: Callable
    # What a person waiting is told they are waiting for: "the delivery plan (PDF)".
    label: str
    # The page the "being prepared" page sits in: the residents' site or the staff pages.
    base_template: str = "public/base.html"
    # A residents' document: drawn on the public queue (settings.DOCUMENTS_PUBLIC_QUEUE), which
    # has a worker of its own and goes first, never behind staff documents (issue 22).
    public: bool = False


_KINDS: dict[str, DocumentKind] = {}
_version_source: list[Callable[[], str]] = []


def register(kind: DocumentKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> DocumentKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No document kind {name!r} is registered.") from None


def set_version_source(source: Callable[[], str]) -> None:
    _version_source[:] = [source]


def current_version() -> str:
    """The version of everything documents show; documents of another version are stale."""
    if not _version_source:
        raise LookupError("No content version source is registered (public/apps.py does it).")
    return _version_source[0]()
