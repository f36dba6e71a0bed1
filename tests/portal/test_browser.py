"""Once in a real browser: Debian's headless Chromium, driven by Selenium against a live server,
submits a letter, looks it up and rates the reply, saving a screenshot of each page under
var/screenshots/. The window is phone-sized, because that is where citizens use the portal."""

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.portal.conftest import PNG
from tickets.models import Ticket
from tickets.services import transitions

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Without these Chromium tries to reach the network at start and stalls (NOTES.md).
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=412,915", "--lang=zh-CN")


def _browser_present() -> bool:
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


def _chinese_font_present() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    return bool(subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True).stdout.strip())


def _apt_install(*packages: str) -> str:
    """Install Debian packages; returns "" on success, else the end of apt-get's complaint."""
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return "apt-get cannot be run here (needs root)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True, env=env, capture_output=True,
                       timeout=900)
    except subprocess.CalledProcessError as exc:
        return (exc.stderr or b"").decode(errors="replace")[-300:] or str(exc)
    except subprocess.TimeoutExpired as exc:
        return str(exc)
    return ""


def ensure_chromium() -> None:
    """Install Debian's chromium and chromium-driver when missing, skipping only when that is
    impossible; and a Chinese font, without which every screenshot would show boxes."""
    if not _browser_present():
        problem = _apt_install("chromium", "chromium-driver")
        if problem or not _browser_present():
            pytest.skip(f"Chromium could not be installed with apt-get (no network?): {problem}")
    if not _chinese_font_present():
        _apt_install("fonts-wqy-microhei")  # screenshots are still taken without it


@pytest.fixture
def browser():
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _after_submit(driver, by, value):
    """The element the next page shows, once it has loaded (a click on submit can return first)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 15).until(expected_conditions.presence_of_element_located((by, value)))


def screenshot(driver, name: str) -> Path:
    """The whole page, not just the visible part (Chrome DevTools' captureBeyondViewport)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path = SCREENSHOTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_submits_looks_up_and_rates_in_a_real_browser(browser, live_server, users, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    photo = tmp_path / "路灯.png"
    photo.write_bytes(PNG)
    shots = []

    browser.get(f"{live_server.url}/")
    assert "12345" in browser.title
    shots.append(screenshot(browser, "portal-01-home.png"))

    browser.get(f"{live_server.url}/letters/new/")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_type_2]").click()  # 投诉
    assert browser.find_element(By.CSS_SELECTOR, ".type-guide[data-type=complaint]").is_displayed()
    browser.find_element(By.ID, "id_title").send_keys("裕华路路灯不亮")
    browser.find_element(By.ID, "id_content").send_keys("裕华路12号小区东门路灯坏了一周，晚上很黑。")
    Select(browser.find_element(By.ID, "id_category")).select_by_value("300200")
    browser.find_element(By.ID, "id_phone").send_keys("13912345678")
    browser.find_element(By.ID, "id_attachments").send_keys(str(photo))
    shots.append(screenshot(browser, "portal-02-letter-form.png"))
    browser.find_element(By.CSS_SELECTOR, "form.letter-form button[type=submit]").click()
    _after_submit(browser, By.ID, "letter-number")

    number = browser.find_element(By.ID, "letter-number").text
    password = browser.find_element(By.ID, "letter-password").text
    assert re.fullmatch(r"\d{10,16}", number) and len(password) >= 6
    shots.append(screenshot(browser, "portal-03-letter-done.png"))

    browser.delete_all_cookies()  # a later visit: only the number and password open the letter
    browser.get(f"{live_server.url}/letters/lookup/")
    browser.find_element(By.ID, "id_letter_number").send_keys(number)
    browser.find_element(By.ID, "id_password").send_keys(password)
    shots.append(screenshot(browser, "portal-04-lookup.png"))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert _after_submit(browser, By.ID, "letter-status").text == "已受理"
    assert browser.find_element(By.LINK_TEXT, "路灯.png")

    ticket = Ticket.objects.get(letter_number=number)
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    transitions.accept(ticket.pk, by=users["urban1"])
    transitions.reply(ticket.pk, by=users["urban1"], text="已派人更换灯泡，路灯恢复照明。")
    transitions.approve_reply(ticket.pk, by=users["dispatcher1"])

    browser.refresh()
    assert "路灯恢复照明" in browser.find_element(By.ID, "reply").text
    shots.append(screenshot(browser, "portal-05-letter-resolved.png"))
    browser.find_element(By.CSS_SELECTOR, "label[for=id_solved_0]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=id_satisfaction_0]").click()
    browser.find_element(By.ID, "id_comment").send_keys("修得很快，谢谢！")
    browser.find_element(By.CSS_SELECTOR, "#rate button[type=submit]").click()

    assert "感谢您的评价" in _after_submit(browser, By.CSS_SELECTOR, ".messages").text
    assert browser.find_element(By.ID, "letter-status").text == "已办结"
    shots.append(screenshot(browser, "portal-06-letter-rated.png"))
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
    assert all(path.stat().st_size > 5000 for path in shots)
