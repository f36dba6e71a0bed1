"""Cursor pagination for ticket lists: newest first, stable while new tickets arrive."""

import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from hotline.api.serializers import DB_ID_MAX

INVALID_CURSOR = "翻页参数 cursor 无效，请使用上一页返回的 next 链接。"
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


class NewestFirstPagination(CursorPagination):
    # The id follows creation order and is unique, so a cursor never skips or repeats a ticket.
    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = INVALID_CURSOR

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError({self.page_size_query_param: [f"每页条数应为 1 到 {self.max_page_size} 之间的整数。"]})
        return int(raw)

    def decode_cursor(self, request):
        """A bad cursor is bad input (400), not a missing page; and a forged position must be an id,
        or the query would fail in the database."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and not _BASE64.fullmatch(encoded):
            # DRF's decoder skips non-base64 characters, which would turn garbage into "page one".
            raise ValidationError({"cursor": [INVALID_CURSOR]})
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
        position = cursor.position if cursor else None
        if position is not None and not (position.isascii() and position.isdigit() and int(position) <= DB_ID_MAX):
            raise ValidationError({"cursor": [INVALID_CURSOR]})
        return cursor


class RelevancePagination(NewestFirstPagination):
    """Search results: most relevant first, newest first among equal scores (``tickets.search``
    annotates an integer ``search_score``, so the cursor's position compares exactly)."""

    ordering = ("-search_score", "-id")
