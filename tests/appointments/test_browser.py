"""The booking journey in a real browser (Debian's headless Chromium + Selenium, as
tests/portal/test_browser.py), at the phone widths citizens use (360 and 390 px): choose the
service and see its materials, book, get the notice after staff review, confirm it, look the booking
up later with number + ID number, and cancel. Screenshots go to var/screenshots/."""

import pytest

from hotline.appointments import services
from hotline.appointments.models import Booking, Status
from tests.appointments.conftest import resident_id
from tests.portal.test_browser import browser, screenshot  # noqa: F401 — the fixture is used by name

ID_NUMBER = resident_id(1)


def _until(driver, condition, message: str):
    """Wait for what a submitted form's next page shows (a click returns before the page loads)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # While Chrome replaces the page it may answer for a dropped node with a bare WebDriverException.
    return WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(condition, message)


def _no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [360, 390])
def test_citizen_books_confirms_the_notice_and_cancels_on_a_phone(browser, live_server, hall, clock, width):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.set_window_size(width, 800)
    browser.implicitly_wait(5)  # a click that submits a form returns before the next page is there
    shots = []
    browser.get(f"{live_server.url}/appointments/")
    assert "现在可以预约本周末" in browser.find_element(By.CSS_SELECTOR, "[data-window-status]").text
    assert _no_horizontal_scroll(browser)
    shots.append(screenshot(browser, f"appointments-{width}-01-index.png"))

    browser.find_element(By.CSS_SELECTOR, "[data-service=food-license] a.btn").click()
    assert browser.find_element(By.CSS_SELECTOR, "[data-materials=food-license]").is_displayed()
    Select(browser.find_element(By.ID, "id_service")).select_by_value("business-license")
    assert browser.find_element(By.CSS_SELECTOR, "[data-materials=business-license]").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "[data-materials=food-license]").is_displayed()
    browser.find_element(By.ID, "id_name").send_keys("王小明")
    browser.find_element(By.ID, "id_id_number").send_keys("130102198506120010")  # a wrong check digit first
    browser.find_element(By.ID, "id_phone").send_keys("13912345678")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_date_0]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=id_period_1]").click()
    assert _no_horizontal_scroll(browser)
    shots.append(screenshot(browser, f"appointments-{width}-02-form.png"))
    browser.find_element(By.CSS_SELECTOR, "form.booking-form button[type=submit]").click()

    assert "校验位" in browser.find_element(By.CSS_SELECTOR, ".has-error").text
    shots.append(screenshot(browser, f"appointments-{width}-03-invalid-id.png"))
    field = browser.find_element(By.ID, "id_id_number")
    field.clear()
    field.send_keys(ID_NUMBER)
    browser.find_element(By.CSS_SELECTOR, "label[for=id_date_0]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=id_period_1]").click()
    browser.find_element(By.CSS_SELECTOR, "form.booking-form button[type=submit]").click()

    number = browser.find_element(By.ID, "booking-number").text
    assert browser.find_element(By.ID, "booking-status").get_attribute("data-status") == "pending"
    shots.append(screenshot(browser, f"appointments-{width}-04-booked.png"))

    booking = Booking.objects.get(number=number)
    assert (booking.period.code, booking.service.code) == ("10:30-12:00", "business-license")
    from datetime import time

    services.review(booking.pk, by=hall["dispatcher1"], confirmed_time=time(10, 45), window="二楼预约窗口3号",
                    note="请提前10分钟到达")
    browser.refresh()
    assert "二楼预约窗口3号" in browser.find_element(By.ID, "notice").text
    browser.find_element(By.ID, "confirm-notice").click()
    _until(browser, lambda d: d.find_element(By.ID, "booking-status").get_attribute("data-status") == "confirmed",
           "the booking did not read as confirmed")
    assert _no_horizontal_scroll(browser)
    shots.append(screenshot(browser, f"appointments-{width}-05-notice-confirmed.png"))

    browser.delete_all_cookies()  # later, on another visit: number + ID number open it
    browser.get(f"{live_server.url}/appointments/lookup/")
    browser.find_element(By.ID, "id_number").send_keys(number)
    browser.find_element(By.ID, "id_id_number").send_keys(ID_NUMBER)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.find_element(By.ID, "cancel-booking").click()
    browser.switch_to.alert.accept()
    assert browser.find_element(By.ID, "booking-status").get_attribute("data-status") == "cancelled"
    shots.append(screenshot(browser, f"appointments-{width}-06-cancelled.png"))
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED
    assert all(path.stat().st_size > 5000 for path in shots)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hall_staff_review_and_check_in_in_the_console(browser, live_server, hall, clock):  # noqa: F811
    from selenium.webdriver.common.by import By

    booking = services.book(service="housing-fund", name="李四", id_number=ID_NUMBER, phone="13912345678",
                            date=clock.moment.date().replace(day=5), period="09:00-10:30")
    browser.set_window_size(1280, 900)
    browser.implicitly_wait(5)
    browser.get(f"{live_server.url}/accounts/login/?next=/console/appointments/")
    browser.find_element(By.ID, "id_username").send_keys("dispatcher1")
    browser.find_element(By.ID, "id_password").send_keys("demo-pass-12345")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert booking.number in browser.find_element(By.CSS_SELECTOR, "table.appointments-queue").text
    screenshot(browser, "appointments-console-01-queue.png")
    browser.find_element(By.CSS_SELECTOR, f"tr[data-booking='{booking.number}'] a.btn").click()
    screenshot(browser, "appointments-console-02-review.png")
    browser.find_element(By.CSS_SELECTOR, ".review-form button[type=submit]").click()
    assert "告知单已通过短信发送" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    clock.at(booking.date, 9, 5)
    browser.get(f"{live_server.url}/console/appointments/?tab=day&date={booking.date:%Y-%m-%d}")
    browser.find_element(By.ID, "id_id_number").send_keys(ID_NUMBER)
    browser.find_element(By.CSS_SELECTOR, ".check-in-form button[type=submit]").click()
    assert "取号成功：Y001" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    screenshot(browser, "appointments-console-03-window.png")
    assert Booking.objects.get(pk=booking.pk).status == Status.CHECKED_IN
