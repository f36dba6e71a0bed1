"""DRF reads `?format=` as a renderer choice and answers 404 for one it lacks. The exported lists
write their spreadsheets themselves, so for `format=xlsx|csv` negotiation picks the normal (JSON)
renderer — which is also how any error of that request is answered."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

from .spreadsheet import FORMATS

ACCEPTED = ("json", *FORMATS)


class ExportAwareNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        value = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE or "format")
        if value in FORMATS:
            return renderers[0], renderers[0].media_type
        if value is not None and value != "json":
            # The schema promises json, xlsx or csv; anything else is a mistake to point out, not a
            # page of another kind (DRF would serve its browsable HTML for "api").
            raise ValidationError({"format": [f"format 只能是 {'、'.join(ACCEPTED)}。"]})
        return super().select_renderer(request, renderers, format_suffix)


def export_format(request) -> str | None:
    """'xlsx' or 'csv' when the request asks for a spreadsheet, else None (an unknown format is the
    JSON list, as DRF would answer it)."""
    value = request.query_params.get("format")
    return value if value in FORMATS else None
