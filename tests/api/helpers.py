"""Walking the open data API as a client would: every list, every page of it, and every
record's own address."""

from django.urls import reverse

# (list URL name, detail URL name, the key a detail URL takes from a listed record)
ENDPOINTS = {
    "partnerships": ("api:partnership_list", "api:partnership", "slug"),
    "plans": ("api:plan_list", "api:plan", "slug"),
    "priorities": ("api:priority_list", "api:priority", "id"),
    "objectives": ("api:objective_list", "api:objective", "id"),
    "targets": ("api:target_list", "api:target", "id"),
    "measures": ("api:measure_list", "api:measure", "id"),
    "actions": ("api:action_list", "api:action", "id"),
    "engagement events": ("api:engagement_event_list", "api:engagement_event", "id"),
}


def every_page(client, url, **params):
    """The records of every page of a list, following ``next``."""
    records = []
    response = client.get(url, {"page_size": 200, **params})
    while True:
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        records += body["results"]
        if not body["next"]:
            return records
        response = client.get(body["next"])


def every_text(client):
    """{url: body} of every list and every listed record's own address."""
    texts = {}
    for list_name, detail_name, key in ENDPOINTS.values():
        url = reverse(list_name)
        response = client.get(url, {"page_size": 200})
        texts[url] = response.content.decode()
        for record in every_page(client, url):
            detail = reverse(detail_name, args=[record[key]])
            response = client.get(detail)
            assert response.status_code == 200, detail
            texts[detail] = response.content.decode()
    return texts
