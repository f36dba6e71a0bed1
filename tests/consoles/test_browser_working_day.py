"""A working day in a real browser (Debian's headless Chromium, Selenium, Django's live server):
the citizen's photo reaches the dispatcher, the category is picked on the dispatch card, the
department replies with its own photo and PDF, and the citizen sees them. Screenshots under
var/screenshots/."""

import struct
import zlib

import pytest

from tests.consoles.test_browser import choose_unit
from tests.portal.conftest import PDF
from tests.portal.test_browser import browser, screenshot  # noqa: F401 - the fixture is used by name
from tickets.models import Status, Ticket
from tickets.services import attachments, transitions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-12345"


def real_png(width=48, height=32, rgb=(200, 120, 30)) -> bytes:
    """A small PNG a browser can decode (the signature-only fixtures are not images)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def log_in(driver, base_url, username, page):
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base_url}/accounts/login/?next={page}")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver, lambda d: page in d.current_url, message=f"{username} did not reach {page}")


def wait(driver, condition, timeout=15, message=""):
    """Until `condition` holds. While the page is being replaced (a submit, a live re-render), Chrome
    may answer for a node it just dropped with a bare WebDriverException ("Node with given id does not
    belong to the document"): that is a retry too, like a stale element."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=(WebDriverException,)
                         ).until(condition, message)


def loaded_images(driver, css):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).filter(i => i.complete && i.naturalWidth > 0)"
        ".length;", css)


def test_attachments_are_seen_by_staff_and_evidence_reaches_the_citizen(browser, live_server, make_ticket,  # noqa: F811
                                                                         users, tmp_path):
    from selenium.webdriver.common.by import By

    from django.core.files.uploadedfile import SimpleUploadedFile

    browser.set_window_size(1440, 1200)
    registration = make_ticket(title="裕华路路灯不亮", content="裕华路12号小区东门路灯坏了一周，晚上很黑。")
    ticket = registration.ticket
    attachments.store_attachments(ticket, attachments.check_uploads(
        [SimpleUploadedFile("门口路灯.png", real_png(), content_type="image/png")]))

    # The dispatcher sees the citizen's photo on the card, picks the category by typing, dispatches.
    log_in(browser, live_server.url, "dispatcher1", "/console/dispatch/")
    card = browser.find_element(By.CSS_SELECTOR, f'[data-ticket="{ticket.pk}"]')
    wait(browser, lambda d: loaded_images(d, f'[data-ticket="{ticket.pk}"] .attachment-thumb img') == 1,
         message="the citizen's photo did not load on the dispatch card")
    # The category box names the page's shared list: its options read as the whole path.
    chosen = browser.execute_script(
        "const o = Array.from(document.querySelectorAll('#category-options option'))"
        ".find((o) => o.textContent.includes('路灯')); return o ? o.value : '';")
    assert chosen
    picker = card.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] input[name=category]")
    picker.clear()
    picker.send_keys(chosen)
    wait(browser, lambda d: "路灯" in card.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] .picker-label").text,
         message="the chosen category's name is not shown beside its code")
    choose_unit(card.find_element(By.CSS_SELECTOR, "form[data-action=dispatch]"), "housing")
    screenshot(browser, "consoles-dispatch-card-attachments.png")
    card.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] button[type=submit]").click()
    # The page's script answers with a toast and takes the card off the list.
    wait(browser, lambda d: "已派单" in d.find_element(By.CSS_SELECTOR, "[data-toasts]").text,
         message="dispatch did not go through")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-list] > [data-ticket="{ticket.pk}"]'),
         message="the dispatched card stayed on the list")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.DISPATCHED
    assert Ticket.objects.get(pk=ticket.pk).category.code == chosen

    # The department's ticket page: the photo, no stray banners; it signs and replies with evidence.
    log_in(browser, live_server.url, "housing1", f"/console/tickets/{ticket.pk}/")
    wait(browser, lambda d: loaded_images(d, ".ticket-main .attachment-thumb img") == 1,
         message="the citizen's photo did not load on the ticket page")
    for banner in browser.find_elements(By.CSS_SELECTOR, "[data-stale], [data-collision]"):
        assert not banner.is_displayed(), "a hidden banner is showing"
    browser.find_element(By.CSS_SELECTOR, "form[data-action=accept] button[type=submit]").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "form[data-action=reply]"), message="no reply form")
    evidence = tmp_path / "修好了.png"
    evidence.write_bytes(real_png(rgb=(30, 160, 60)))
    sheet = tmp_path / "维修单.pdf"
    sheet.write_bytes(PDF)
    reply = browser.find_element(By.CSS_SELECTOR, "form[data-action=reply]")
    reply.find_element(By.NAME, "text").send_keys("已更换路灯灯头，今晚恢复照明。附现场照片和维修单。")
    reply.find_element(By.NAME, "attachments").send_keys(f"{evidence}\n{sheet}")
    reply.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda d: "答复附件" in d.find_element(By.CSS_SELECTOR, ".ticket-main").text,
         message="the reply's attachments are not on the ticket page")
    wait(browser, lambda d: loaded_images(d, ".reply-text .attachment-thumb img") == 1,
         message="the reply's photo did not load")
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "维修单.pdf")
    screenshot(browser, "consoles-ticket-reply-evidence.png")

    # Approved: the citizen's lookup shows the department's files.
    transitions.run_transition(ticket.pk, "approve_reply", by=users["dispatcher1"], payload={})
    browser.delete_all_cookies()
    browser.set_window_size(390, 900)
    browser.get(f"{live_server.url}/letters/lookup/")
    browser.find_element(By.ID, "id_letter_number").send_keys(ticket.letter_number)
    browser.find_element(By.ID, "id_password").send_keys(registration.password)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait(browser, lambda d: "答复附件" in d.find_element(By.ID, "reply").text, message="no reply attachments")
    assert browser.find_element(By.LINK_TEXT, "修好了.png")
    screenshot(browser, "portal-letter-reply-evidence.png")


def test_charts_render_with_data_and_the_excel_export_opens(browser, live_server, make_ticket, users,  # noqa: F811
                                                           tmp_path, settings):
    import time

    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    for kind, channel in (("consultation", "web"), ("complaint", "phone"), ("help", "wechat")):
        ticket = make_ticket(type=kind, channel=channel).ticket
    transitions.run_transition(ticket.pk, "dispatch", by=users["dispatcher1"], payload={"department": "housing"})
    # Signed for, the ticket is judged for the response rate, which gives the unit a score; one ticket
    # is below the ranking's minimum sample, so let it rank for the bars to have data.
    transitions.run_transition(ticket.pk, "accept", by=users["housing1"], payload={})
    settings.HOTLINE = {**settings.HOTLINE, "RANKING_MIN_SAMPLE": 1}

    browser.set_window_size(1440, 1300)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    log_in(browser, live_server.url, "leader1", "/stats/")
    for name in ("trend", "by_type", "by_channel", "ranking", "comparison"):
        wait(browser, lambda d, n=name: d.find_element(By.CSS_SELECTOR, f'[data-chart="{n}"]')
             .get_attribute("data-rendered") == "1", message=f"the {name} chart did not render")
        assert browser.find_elements(By.CSS_SELECTOR, f'[data-chart="{name}"] canvas')
    # Values on hover: the trend's tooltip names the day and the count.
    trend = browser.find_element(By.CSS_SELECTOR, '[data-chart="trend"]')
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element_with_offset(trend, trend.size["width"] // 2 - 30, 0).perform()
    wait(browser, lambda d: "件" in d.execute_script(
        "const t = document.querySelector('[data-chart=trend] div:last-child'); return t ? t.textContent : '';"),
        message="no tooltip on the trend chart")
    browser.execute_script("document.querySelector('[data-chart=trend]').scrollIntoView();")
    browser.save_screenshot(str(screenshot.__globals__["SCREENSHOTS"] / "stats-charts.png"))
    screenshot(browser, "stats-page.png")

    browser.find_element(By.CSS_SELECTOR, "a[data-export=xlsx]").click()
    deadline = time.time() + 20
    while time.time() < deadline and not list(tmp_path.glob("*.xlsx")):
        time.sleep(0.2)
    [download] = list(tmp_path.glob("*.xlsx"))
    ranking = load_workbook(download).worksheets[0]
    rows = list(ranking.iter_rows(values_only=True))
    assert rows[0][1] == "单位" and any(row[2] == "housing" for row in rows[1:])


CLIPPED = """
const width = document.documentElement.clientWidth;
const problems = [];
if (document.documentElement.scrollWidth > width + 1) problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
document.querySelectorAll('.topbar a, .topbar button').forEach((el) => {
  const r = el.getBoundingClientRect();
  let clipped = r.left < -1 || r.right > width + 1;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
      const pr = p.getBoundingClientRect();
      if (r.left < pr.left - 1 || r.right > pr.right + 1 || r.top < pr.top - 1 || r.bottom > pr.bottom + 1) clipped = true;
    }
  }
  if (clipped) problems.push('clipped: ' + el.textContent.trim());
});
return problems;
"""


@pytest.mark.parametrize("width", [360, 390])
def test_phone_width_header_shows_every_menu_item(browser, live_server, users, width):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 800)
    for page in ("/", "/letters/new/", "/letters/lookup/", "/faq/"):
        browser.get(f"{live_server.url}{page}")
        assert browser.execute_script(CLIPPED) == [], page
        for text in ("首页", "我要写信", "信件查询", "常见问题"):
            assert browser.find_element(By.LINK_TEXT, text).is_displayed()
    # 200 % text size: the header still shows the whole menu.
    browser.execute_script("document.documentElement.style.fontSize = '200%'; document.body.style.fontSize = '30px';")
    assert browser.execute_script(CLIPPED) == []
    screenshot(browser, f"portal-header-{width}-large-text.png")
    browser.get(f"{live_server.url}/letters/new/")
    screenshot(browser, f"portal-header-{width}.png")
    # 大字版 (适老化): one click, remembered, and the header still fits.
    browser.find_element(By.CSS_SELECTOR, "[data-large-text]").click()
    browser.get(f"{live_server.url}/")
    assert "large-text" in browser.find_element(By.TAG_NAME, "html").get_attribute("class")
    assert browser.execute_script(CLIPPED) == []
    screenshot(browser, f"portal-large-text-{width}.png")
    browser.find_element(By.CSS_SELECTOR, "[data-large-text]").click()
    browser.get(f"{live_server.url}/letters/new/")

    # The confirmation page keeps the letter number on one line.
    browser.find_element(By.CSS_SELECTOR, "label[for=id_type_0]").click()
    browser.find_element(By.ID, "id_title").send_keys("公积金怎么提取")
    browser.find_element(By.ID, "id_content").send_keys("想咨询住房公积金提取需要哪些材料。")
    browser.find_element(By.ID, "id_phone").send_keys("13912345678")
    browser.find_element(By.CSS_SELECTOR, "form.letter-form button[type=submit]").click()
    number = wait(browser, lambda d: d.find_element(By.ID, "letter-number"), message="no confirmation page")
    line = browser.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight) || 30;", number)
    assert number.size["height"] < line * 1.5, "the letter number wraps"
    screenshot(browser, f"portal-letter-done-{width}.png")
