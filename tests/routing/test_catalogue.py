import io

import pytest

from tickets.errors import InvalidInput
from tickets.models import CatalogueEntry, Category, Department
from tickets.routing import spreadsheet


def test_the_demo_catalogue_covers_every_seeded_category_and_unit(catalogue):
    entries = CatalogueEntry.objects.filter(is_active=True)
    assert set(Category.objects.values_list("code", flat=True)) <= set(entries.values_list("category__code", flat=True))
    units = set(entries.values_list("lead_department__code", flat=True)) | set(
        entries.values_list("co_departments__code", flat=True))
    assert set(Department.objects.values_list("code", flat=True)) <= units


def test_seeding_the_catalogue_twice_changes_nothing(catalogue):
    before = CatalogueEntry.objects.count()
    spreadsheet.seed_demo_catalogue()
    assert CatalogueEntry.objects.count() == before


def test_an_exported_catalogue_imports_back_unchanged(catalogue):
    from openpyxl import load_workbook

    content = spreadsheet.export_workbook()
    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == spreadsheet.HEADERS
    before = CatalogueEntry.objects.count()
    report = spreadsheet.import_workbook(content)
    assert report.errors == []
    assert (report.created, report.updated) == (0, before)
    assert CatalogueEntry.objects.count() == before


def _sheet(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(spreadsheet.HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_imported_row_adds_an_entry_with_its_assisting_units(reference_data):
    content = _sheet([["300200", "路灯照明", "路灯不亮、灯杆倾斜", "裕华区", "东苑街道", "urban_lighting", "",
                       "urban,street_yuhua_dongyuan", "负责城市道路照明", "是"]])
    report = spreadsheet.import_workbook(content)
    assert (report.created, report.errors) == (1, [])
    entry = CatalogueEntry.objects.get()
    assert entry.keyword_list == ["路灯不亮", "灯杆倾斜"]
    assert (entry.district, entry.street, entry.lead_department.code) == ("裕华区", "东苑街道", "urban_lighting")
    assert set(entry.co_departments.values_list("code", flat=True)) == {"urban", "street_yuhua_dongyuan"}


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_the_row(reference_data):
    content = _sheet([
        ["300200", "", "路灯", "", "", "urban_lighting", "", "", "", "是"],
        ["999999", "", "x", "", "", "nobody", "", "", "", "是"],
        ["300200", "", "路灯", "长安区", "东苑街道", "urban_lighting", "", "", "", "也许"],
    ])
    report = spreadsheet.import_workbook(content)
    assert [row for row, _ in report.errors] == [3, 4]
    assert "分类代码“999999”不存在" in report.errors[0][1] and "nobody" in report.errors[0][1]
    assert "不属于长安区" in report.errors[1][1]
    assert CatalogueEntry.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(reference_data):
    with pytest.raises(InvalidInput) as error:
        spreadsheet.import_workbook(b"not a workbook")
    assert "xlsx" in error.value.message


def test_replace_switches_off_entries_missing_from_the_sheet(catalogue):
    content = _sheet([["300200", "", "路灯", "", "", "urban_lighting", "", "", "", "是"]])
    report = spreadsheet.import_workbook(content, replace=True)
    assert report.deactivated > 0
    assert CatalogueEntry.objects.filter(is_active=True).count() == 1


def test_the_admin_exports_and_imports_the_catalogue(client, users, catalogue):
    client.force_login(users["admin"])
    response = client.get("/admin/tickets/catalogueentry/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    upload = io.BytesIO(response.content)
    upload.name = "catalogue.xlsx"
    response = client.post("/admin/tickets/catalogueentry/import/", {"file": upload})
    assert response.status_code == 302
    assert client.get("/admin/tickets/catalogueentry/").status_code == 200
