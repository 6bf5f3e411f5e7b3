"""Submitting a page's form as a person would: every field as the page filled it, with the
changes a person makes, sent to where the form says (or back to the page)."""

from lxml import html as lxml_html


def fields(form) -> dict:
    """{name: [values]} of what the browser would send for ``form`` (an lxml element) before any
    button is pressed: inputs (checked boxes only), selected options, textareas."""
    values = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            chosen = [o.get("value", o.text or "") for o in element.xpath(".//option[@selected]")]
            if not chosen and element.get("multiple") is None:
                first = element.xpath(".//option")
                chosen = [first[0].get("value", first[0].text or "")] if first else []
            values.setdefault(name, []).extend(chosen)
        elif element.tag == "textarea":
            values.setdefault(name, []).append((element.text or "").removeprefix("\n"))
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                continue
            values.setdefault(name, []).append(element.get("value", "on"))
    return values


def find_form(content: bytes, xpath: str):
    """The first form matching ``xpath`` on the page, or None."""
    found = lxml_html.fromstring(content.decode()).xpath(xpath)
    return found[0] if found else None


def submit(client, page_url, form, changes: dict, *, button=None):
    """POST ``form`` as filled, with ``changes`` ({name: value or [values]}) and the pressed
    ``button`` ((name, value)), to its action (an anchor-only action posts to the page)."""
    data = fields(form)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    if button is not None:
        data[button[0]] = [button[1]]
    action = form.get("action") or ""
    url = page_url if not action or action.startswith("#") else action.split("#")[0]
    return client.post(url, data)
