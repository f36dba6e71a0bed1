"""Write rows as an Excel workbook or a CSV file, streamed to the client.

A column is (header, kind): "text", "int", "percent" (a 0–1 rate, shown as 12.5%), "number",
"datetime" (an aware datetime, written in local time as a real date-time cell) or "date". Big lists
are capped (settings.HOTLINE_EXPORTS["MAX_ROWS"]); CSV rows are generated as they are read, the
workbook is written row by row (openpyxl's write-only mode) into a spooled temporary file.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# For the OpenAPI schema (drf-spectacular): what ?format=xlsx|csv answers.
SPREADSHEET_RESPONSES = {(200, XLSX_TYPE): {"type": "string", "format": "binary"},
                         (200, "text/csv"): {"type": "string", "format": "binary"}}
NUMBER_FORMATS = {"percent": "0.0%", "datetime": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd", "number": "0.0"}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[list]
    note: str = ""  # a last line, e.g. why the list was cut


def max_rows() -> int:
    return int(getattr(settings, "HOTLINE_EXPORTS", {}).get("MAX_ROWS", 50_000))


def _cell(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "datetime" and isinstance(value, datetime):
        # Excel has no time zones: write the local wall-clock time the staff work in.
        return timezone.localtime(value).replace(tzinfo=None)
    if kind == "date" and isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def _csv_text(value, kind: str) -> str:
    value = _cell(value, kind)
    if value is None:
        return ""
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Echo:
    def write(self, value):
        return value


def _csv_lines(sheet: Sheet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel opens the UTF-8 Chinese text correctly
    yield writer.writerow([c.header for c in sheet.columns])
    for row in sheet.rows:
        yield writer.writerow([_csv_text(v, c.kind) for v, c in zip(row, sheet.columns)])
    if sheet.note:
        yield writer.writerow([sheet.note])


def _workbook_file(sheets: list[Sheet]):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells = []
            for value, column in zip(row, sheet.columns):
                cell = WriteOnlyCell(ws, value=_cell(value, column.kind))
                if column.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[column.kind]
                cells.append(cell)
            ws.append(cells)
        if sheet.note:
            ws.append([sheet.note])
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(handle)
    handle.seek(0)
    return handle


def export_response(fmt: str, filename: str, sheets: list[Sheet]):
    """The download: an .xlsx with one worksheet per sheet, or a CSV of the first sheet."""
    name = f"{filename}-{timezone.localtime():%Y%m%d-%H%M}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(sheets[0]), content_type=CSV_TYPE)
        response["Content-Disposition"] = _disposition(f"{name}.csv")
    else:
        response = FileResponse(_workbook_file(sheets), content_type=XLSX_TYPE)
        response["Content-Disposition"] = _disposition(f"{name}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() or ch in "-_." else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
