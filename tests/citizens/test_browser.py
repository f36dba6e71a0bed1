"""Once in a real browser, at phone width (360 px): a citizen opens 我的信件, is sent to sign in,
asks for a code, signs in with it, finds a phone-channel letter with its reply, rates it without a
password, and gives real-name details. Then the public column of published letters. Screenshots
under var/screenshots/."""

import pytest

from tests.citizens.conftest import PHONE, sent_code
from tests.citizens.test_accounts import ID_NUMBER, letter, resolved
from tests.portal.test_browser import browser, screenshot  # noqa: F401 — the shared Chromium fixture
from tickets.models import Ticket

WIDTH, HEIGHT = 360, 780


def _wait_for_url(driver, part: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(expected_conditions.url_contains(part))


def _until(driver, condition, message: str):
    """Wait for what a submitted form's next page shows. While Chrome replaces the page it may answer
    for a node it just dropped with a bare WebDriverException: a retry, like a stale element."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(condition, message)


def _no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_signs_in_with_an_sms_code_and_rates_a_letter_in_a_real_browser(browser, live_server, users):  # noqa: F811
    from django.core.cache import cache
    from selenium.webdriver.common.by import By

    cache.clear()
    browser.set_window_size(WIDTH, HEIGHT)
    browser.implicitly_wait(5)
    ticket = resolved(letter("phone", title="小区门口路灯不亮"), users)

    browser.get(f"{live_server.url}/citizens/letters/")
    assert "/citizens/login/" in browser.current_url
    browser.find_element(By.ID, "id_phone").send_keys(PHONE)
    screenshot(browser, "citizens-01-sign-in.png")
    browser.find_element(By.ID, "send-code").click()
    assert "138****5678" in browser.find_element(By.ID, "code-sent").text
    send = browser.find_element(By.ID, "send-code")
    assert not send.is_enabled() and "秒后重新获取" in send.text  # the 60-second countdown
    browser.find_element(By.ID, "id_code").send_keys(sent_code())
    screenshot(browser, "citizens-02-code-sent.png")
    assert _no_horizontal_scroll(browser)
    browser.find_element(By.ID, "sign-in").click()

    _wait_for_url(browser, "/citizens/letters/")
    listing = browser.find_element(By.ID, "my-letters").text
    assert "小区门口路灯不亮" in listing and "电话" in listing and "已修复" in listing
    screenshot(browser, "citizens-03-my-letters.png")
    assert _no_horizontal_scroll(browser)

    browser.find_element(By.LINK_TEXT, "小区门口路灯不亮").click()
    _wait_for_url(browser, f"/letters/{ticket.letter_number}/")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_solved_0]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=id_satisfaction_0]").click()
    browser.find_element(By.CSS_SELECTOR, "#rate button[type=submit]").click()
    _until(browser, lambda d: "感谢您的评价" in d.find_element(By.CSS_SELECTOR, ".messages").text, "no thanks for the rating")
    screenshot(browser, "citizens-04-rated.png")
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"

    browser.get(f"{live_server.url}/citizens/profile/")
    browser.find_element(By.ID, "id_name").send_keys("张三")
    browser.find_element(By.ID, "id_id_number").send_keys(ID_NUMBER)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit].btn").click()
    _until(browser, lambda d: "已实名" in d.find_element(By.ID, "real-name-state").text, "the profile did not read 已实名")
    screenshot(browser, "citizens-05-profile.png")
    assert _no_horizontal_scroll(browser)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_column_reads_at_phone_width(browser, live_server, users):  # noqa: F811
    from selenium.webdriver.common.by import By

    from hotline.publishing import services
    browser.set_window_size(WIDTH, HEIGHT)
    browser.implicitly_wait(5)
    ticket = resolved(letter("web", title="翠苑小区路灯不亮", content="我叫张三，电话13812345678，住3号楼2单元501室。",
                             name="张三", publish_consent=True), users)
    services.publish(ticket.pk, by=users["dispatcher1"])
    browser.get(f"{live_server.url}/letters/public/")
    text = browser.find_element(By.ID, "public-letters").text
    assert "翠苑小区路灯不亮" in text and "13812345678" not in text and "张三" not in text
    screenshot(browser, "publishing-01-public-list.png")
    assert _no_horizontal_scroll(browser)
    browser.find_element(By.LINK_TEXT, "翠苑小区路灯不亮").click()
    assert "已修复" in browser.find_element(By.ID, "reply").text
    screenshot(browser, "publishing-02-public-letter.png")
