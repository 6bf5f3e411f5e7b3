"""An iCalendar (RFC 5545) file of engagement events, written by hand: a handful of properties
need no library, only the rules below.

- Lines end in CRLF and are folded at 75 octets (a CRLF and a space), never inside a UTF-8
  character (3.1).
- TEXT values escape backslash, semicolon, comma and newlines (3.3.11).
- Every VEVENT has a UID that stays the same for the event (``<uuid-like>@<host>``) and a
  DTSTAMP in UTC (3.8.7.2). An event with a start time has DTSTART (and DTEND) in UTC; one
  known by its day only is an all-day event (VALUE=DATE, DTEND the next day, 3.6.1).
"""

import datetime

from django.utils import timezone

PRODUCT_ID = "-//cspplan//Community Safety Partnership events//EN"
MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line, folded into lines of at most 75 octets, each ending in CRLF."""
    encoded = line.encode("utf-8")
    parts, start, limit = [], 0, MAX_LINE_OCTETS
    while len(encoded) - start > limit:
        end = start + limit
        # Back off to the start of a UTF-8 character: continuation bytes are 0b10xxxxxx.
        while end > start and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start = end
        limit = MAX_LINE_OCTETS - 1  # the continuation line's leading space counts
    parts.append(encoded[start:].decode("utf-8"))
    return "\r\n ".join(parts) + "\r\n"


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event, *, host: str, url: str, stamp: str):
    yield "BEGIN:VEVENT"
    yield f"UID:event-{event.plan.slug}-{event.slug}@{host}"
    yield f"DTSTAMP:{stamp}"
    if event.starts is not None:
        yield f"DTSTART:{_utc(event.starts)}"
        if event.ends is not None:
            yield f"DTEND:{_utc(event.ends)}"
    else:
        yield f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}"
        yield f"DTEND;VALUE=DATE:{event.date + datetime.timedelta(days=1):%Y%m%d}"
    yield f"SUMMARY:{escape_text(event.name)}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    description = " ".join(
        part for part in (event.get_kind_display() + ".", event.description) if part
    )
    yield f"DESCRIPTION:{escape_text(description)}"
    yield f"URL:{url}"
    yield "END:VEVENT"


def calendar(events, *, host: str, absolute_url, name: str) -> bytes:
    """The VCALENDAR of ``events`` (each with a ``date``), as the bytes of a .ics file.
    ``absolute_url(event)`` gives each event's page."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, host=host, url=absolute_url(event), stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines).encode("utf-8")
