"""Lists a page at a time: 50 records unless ``page_size`` asks for another number from 1 to
200, so one request costs a bounded amount however large the data grows. A ``page`` or
``page_size`` that is not such a number is refused with a 400 naming it; a page past the last
is a 404."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from api.filters import LARGEST_ID


def _whole_number(request, name, *, largest):
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= largest:
        raise ValidationError({name: [f"Give a whole number from 1 to {largest}."]})
    return int(raw)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _whole_number(request, "page_size", largest=self.max_page_size) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        _whole_number(request, self.page_query_param, largest=LARGEST_ID)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            largest = self.max_page_size if parameter["name"] == "page_size" else LARGEST_ID
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": largest}
        return parameters
