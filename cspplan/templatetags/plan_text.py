"""Render the plan's plain-text bodies (paragraphs, "- " bullets, "1. " numbered points) as
accessible HTML, escaping everything an officer typed."""

import re

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_BULLET = re.compile(r"^\s*(?:[-•●○▪◦]|\*)\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def _blocks(text):
    """Split text into ("p" | "ul" | "ol", lines) blocks: every other line is a paragraph, and
    consecutive bullet (or numbered) lines form one list."""
    blocks = []
    for line in text.strip().splitlines():
        if not line.strip():
            continue
        if _BULLET.match(line):
            kind, content = "ul", _BULLET.sub("", line, count=1).strip()
        elif _NUMBERED.match(line):
            kind, content = "ol", _NUMBERED.sub("", line, count=1).strip()
        else:
            kind, content = "p", line.strip()
        if kind != "p" and blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(content)
        else:
            blocks.append((kind, [content]))
    return blocks


@register.filter
def plan_text(text):
    if not text:
        return ""
    html = []
    for kind, lines in _blocks(str(text)):
        if kind == "p":
            html.append(f"<p>{escape(lines[0])}</p>")
        else:
            items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
            html.append(f"<{kind}>{items}</{kind}>")
    return mark_safe("".join(html))
