"""Lists a page at a time: 50 records unless ``page_size`` asks for another number, never more
than 200, so one request costs a bounded amount however large the data grows."""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
