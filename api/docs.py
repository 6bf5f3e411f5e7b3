"""The API's browsable page (/api/v1/): its documentation, read from the OpenAPI schema itself,
so the page cannot drift from what the API does. A plain server-rendered page in the residents'
site's layout: no script, nothing from another site, accessible like every other page."""

from functools import cache

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator


@cache
def openapi_schema() -> dict:
    """The schema, built once per process (it depends on the code only)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _type(schema: dict) -> str:
    """A schema's type in a few words, e.g. "integer", "string (date)", "list of Measurement"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(_type(option) for option in schema.get("anyOf", schema.get("oneOf")))
    if "allOf" in schema:
        return " and ".join(_type(option) for option in schema["allOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if schema.get("enum"):
        return f"{kind}: one of {', '.join(str(value) for value in schema['enum'] if value)}"
    words = f"{kind} ({schema['format']})" if "format" in schema else kind
    return f"{words}, or null" if schema.get("nullable") else words


def _operations(schema):
    for route, methods in schema["paths"].items():
        operation = methods["get"]
        yield {
            "route": route,
            "id": operation["operationId"],
            "description": operation.get("description", ""),
            "link": route if "{" not in route else "",
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "type": _type(parameter.get("schema", {})),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ],
            "statuses": sorted(operation["responses"]),
        }


def _record_types(schema):
    for name, component in sorted(schema["components"]["schemas"].items()):
        if name.startswith("Paginated") or "properties" not in component:
            continue
        yield {
            "name": name,
            "fields": [
                {
                    "name": field,
                    "type": _type(definition),
                    "description": definition.get("description", ""),
                }
                for field, definition in component["properties"].items()
            ],
        }


@require_safe
def documentation(request):
    schema = openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": list(_operations(schema)),
            "record_types": list(_record_types(schema)),
            "schema_url": reverse("api:schema"),
        },
    )
