"""The dispatch catalogue as a spreadsheet (.xlsx, Chinese headers): export it, edit it in Excel or
WPS, import it back. An import checks every row first and changes nothing when any row is wrong,
so a half-applied catalogue never routes tickets."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction

from tickets.errors import InvalidInput
from tickets.gazetteer import DISTRICTS
from tickets.models import CatalogueEntry, Category, Department
from tickets.routing.text import split_keywords

HEADERS = ["分类代码", "分类名称", "关键词", "区县", "街道", "主办单位代码", "主办单位名称", "协办单位代码", "权责清单依据", "启用"]
SHEET_TITLE = "派单目录"
MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024
_YES = {"是", "启用", "1", "true", "yes", "y", "√", ""}
_NO = {"否", "停用", "0", "false", "no", "n", "×"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number in the sheet, message)


def export_workbook() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = (CatalogueEntry.objects.select_related("category", "lead_department").prefetch_related("co_departments")
            .order_by("category__code", "sort_order", "id"))
    for entry in rows:
        sheet.append([
            entry.category.code, entry.category.name, "、".join(split_keywords(entry.keywords)), entry.district,
            entry.street, entry.lead_department.code, entry.lead_department.name,
            ",".join(d.code for d in entry.co_departments.all()), entry.duty_text, "是" if entry.is_active else "否",
        ])
    for column, width in zip("ABCDEFGHIJ", (10, 16, 60, 10, 14, 24, 24, 30, 60, 6)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a file that is not xlsx
        raise InvalidInput("文件不是有效的 Excel（.xlsx）表格。", fields={"file": [f"无法读取：{type(exc).__name__}"]}) from exc
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(value) for value in next(rows, [])]
    missing = [name for name in ("分类代码", "关键词", "主办单位代码") if name not in header]
    if missing:
        raise InvalidInput(f"表头缺少：{'、'.join(missing)}。请先导出目录，在导出的表格上修改。",
                           fields={"file": ["表头不正确。"]})
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(f"表格超过 {MAX_ROWS} 行。", fields={"file": ["行数过多。"]})
        record = {name: _cell(values[i]) if i < len(values) else "" for i, name in enumerate(header) if name}
        if any(record.values()):
            yield number, record


def import_workbook(content: bytes, *, replace: bool = False) -> ImportReport:
    """Apply a catalogue spreadsheet. A row matching an existing entry (same category, area and lead
    unit) updates it; others are added. With ``replace``, entries not in the sheet are switched off
    (kept, so history still explains past dispatches)."""
    if len(content) > MAX_BYTES:
        raise InvalidInput("文件过大（上限 10 MB）。", fields={"file": ["文件过大。"]})
    categories = {c.code: c for c in Category.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    by_name = {d.name: d for d in departments.values()}
    report = ImportReport()
    planned = []
    for number, record in _read_rows(content):
        problems = []
        category = categories.get(record.get("分类代码", ""))
        if category is None:
            problems.append(f"分类代码“{record.get('分类代码', '')}”不存在")
        lead_code = record.get("主办单位代码", "")
        lead = departments.get(lead_code) if lead_code else by_name.get(record.get("主办单位名称", ""))
        if lead is None:
            problems.append(f"主办单位“{lead_code or record.get('主办单位名称', '')}”不存在")
        co = []
        for code in split_keywords(record.get("协办单位代码", "")):
            if code in departments:
                co.append(departments[code])
            else:
                problems.append(f"协办单位代码“{code}”不存在")
        district, street = record.get("区县", ""), record.get("街道", "")
        if district and district not in DISTRICTS:
            problems.append(f"区县“{district}”不在本市行政区划中")
        elif street and (not district or street not in DISTRICTS[district]):
            problems.append(f"街道“{street}”不属于{district or '所填区县'}")
        active_text = record.get("启用", "").lower()
        if active_text not in _YES and active_text not in _NO:
            problems.append("“启用”应填“是”或“否”")
        if problems:
            report.errors.append((number, "；".join(problems)))
            continue
        planned.append((category, split_keywords(record.get("关键词", "")), district, street, lead, co,
                        record.get("权责清单依据", ""), active_text not in _NO))
    if report.errors:
        return report
    with transaction.atomic():
        seen = set()
        for order, (category, keywords, district, street, lead, co, duty, active) in enumerate(planned):
            entry, created = upsert_entry(category=category, keywords=keywords, district=district, street=street,
                                          lead=lead, co=co, duty_text=duty, is_active=active, sort_order=order)
            seen.add(entry.pk)
            report.created += created
            report.updated += not created
        if replace:
            report.deactivated = CatalogueEntry.objects.filter(is_active=True).exclude(pk__in=seen).update(
                is_active=False)
    return report


def upsert_entry(*, category, keywords, district, street, lead, co, duty_text, is_active=True,
                 sort_order=0) -> tuple[CatalogueEntry, bool]:
    """One catalogue line, identified by category, area, lead unit and — for keyword lines — the
    first keyword (a category may have several keyword lines to the same unit)."""
    text = ",".join(keywords)
    candidates = CatalogueEntry.objects.filter(category=category, district=district, street=street,
                                               lead_department=lead)
    entry = next((c for c in candidates if (split_keywords(c.keywords)[:1] == keywords[:1])), None)
    created = entry is None
    if created:
        entry = CatalogueEntry(category=category, district=district, street=street, lead_department=lead)
    entry.keywords, entry.duty_text, entry.is_active, entry.sort_order = text, duty_text, is_active, sort_order
    entry.save()
    entry.co_departments.set([d for d in co if d != lead])
    return entry, created


def seed_demo_catalogue() -> int:
    """Load the demo catalogue (idempotent: re-running updates the same lines)."""
    from tickets.routing.demo_catalogue import CATALOGUE

    categories = {c.code: c for c in Category.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    count = 0
    with transaction.atomic():
        for order, (code, keywords, district, street, lead, co, duty) in enumerate(CATALOGUE):
            if code not in categories or lead not in departments:
                continue
            upsert_entry(category=categories[code], keywords=split_keywords(keywords), district=district,
                         street=street, lead=departments[lead], co=[departments[c] for c in co if c in departments],
                         duty_text=duty, sort_order=order)
            count += 1
    return count
