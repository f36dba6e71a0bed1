"""Real browsers against a real ASGI server: an agent registers and dispatches a ticket while the
housing bureau's inbox, open in a second browser, shows it without reloading.

The server is daphne in its own process (WebSockets need ASGI) on a temporary SQLite database that
gets `migrate` and `seed_demo`, with the in-process channel layer, which is enough within one daphne
process. Screenshots of the agent console, the inbox and the wallboard go to var/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "demo-pass-12345"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1440,1300", "--lang=zh-CN"]


# Time passes: one of the demo tickets in hand misses its reply deadline, for the wallboard.
MAKE_ONE_OVERDUE = """
from datetime import timedelta
from django.utils import timezone
from tickets.models import Ticket
ticket = Ticket.objects.filter(status="accepted").order_by("id").first()
now = timezone.now()
Ticket.objects.filter(pk=ticket.pk).update(reply_warn_at=now - timedelta(days=2), reply_due=now - timedelta(hours=3))
"""


def _install_chromium() -> bool:
    """Debian's chromium and its driver, installed on first use (CI machines start without them)."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return True
    if shutil.which("apt-get") is None:
        return False
    try:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "chromium", "chromium-driver"], check=True, capture_output=True,
                       timeout=1200, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (subprocess.SubprocessError, OSError):
        return False
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


@pytest.fixture(scope="module")
def chromium():
    if not _install_chromium():
        pytest.skip("Chromium could not be installed here (apt-get failed)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def launch():
        options = Options()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield launch
    for driver in drivers:
        driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from realtime.liveserver import DaphneProcess

    database = tmp_path_factory.mktemp("browser") / "hotline.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "REDIS_URL": "",
           "DJANGO_SETTINGS_MODULE": "config.test_settings", "LOG_LEVEL": "WARNING", "DEBUG": "true"}
    for command in (["migrate", "--noinput"], ["seed_demo"], ["shell", "-c", MAKE_ONE_OVERDUE]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=settings.BASE_DIR, env=env, check=True,
                       capture_output=True, timeout=300)
    with DaphneProcess(env) as process:
        process.base_url = f"http://127.0.0.1:{process.port}"
        yield process


def wait(driver, condition, timeout=15, message=""):
    """Wait for a condition; live rows are replaced as events arrive, so a row found a moment ago
    going stale just means "look again"."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                         ).until(condition, message)


def log_in(driver, base_url, username, page):
    from selenium.webdriver.common.by import By

    driver.get(f"{base_url}/accounts/login/?next={page}")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver, lambda d: d.current_url.endswith(page), message=f"{username} did not reach {page}")
    # Live pages are usable once their socket said hello.
    wait(driver, lambda d: "on" in d.find_element(By.CSS_SELECTOR, "[data-live-status] .live-dot")
         .get_attribute("class"), message=f"{username}'s socket on {page} did not connect")


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(SCREENSHOTS / name))


def test_dispatched_ticket_appears_in_the_inbox_without_reloading(chromium, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    agent, inbox = chromium(), chromium()
    log_in(agent, server.base_url, "agent1", "/console/agent/")
    log_in(inbox, server.base_url, "housing1", "/console/inbox/")
    inbox.execute_script("window.__sameDocument = true;")

    title = f"楼道照明损坏 {uuid.uuid4().hex[:6]}"
    Select(agent.find_element(By.NAME, "type")).select_by_value("help")
    agent.find_element(By.NAME, "title").send_keys(title)
    agent.find_element(By.NAME, "content").send_keys("长安区建华小区 3 号楼楼道灯全部损坏，老人夜间上下楼不便，请尽快维修。")
    agent.find_element(By.NAME, "phone").send_keys("13912340000")
    agent.find_element(By.NAME, "address").send_keys("长安区建华小区 3 号楼")
    # The department picker narrows to its best match as the agent types.
    agent.find_element(By.CSS_SELECTOR, "[data-ending=dispatch] .picker-search").send_keys("住房和城乡")
    assert Select(agent.find_element(By.NAME, "department")).first_selected_option.get_attribute("value") == "housing"
    agent.find_element(By.CSS_SELECTOR, "[data-register-submit]").click()

    result = wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-result]").is_displayed()
                  and d.find_element(By.CSS_SELECTOR, "[data-result]"), message="no registration result")
    assert "已登记并派单" in result.text
    letter_number = result.find_element(By.CSS_SELECTOR, "strong.mono").text
    assert letter_number.isdigit()
    screenshot(agent, "agent-console.png")

    row = wait(inbox, lambda d: next((card for card in d.find_elements(
        By.CSS_SELECTOR, '[data-list="inbox"] > [data-ticket]') if title in card.text), False), timeout=20,
        message="the dispatched ticket did not appear in the housing inbox")
    assert inbox.execute_script("return window.__sameDocument === true;"), "the inbox page was reloaded"
    assert letter_number in row.text and "签收" in row.text
    assert row.find_elements(By.CSS_SELECTOR, "time.countdown[data-due]")
    screenshot(inbox, "department-inbox.png")

    # The handler signs from the inbox; the row updates in place.
    ticket_id = row.get_attribute("data-ticket")
    wait(inbox, lambda d: d.find_element(
        By.CSS_SELECTOR, f'[data-list="inbox"] > [data-ticket="{ticket_id}"] form[data-action=accept] button').click()
        or True, message="could not sign")
    wait(inbox, lambda d: any("已签收·办理中" in card.text for card in d.find_elements(
        By.CSS_SELECTOR, '[data-list="inbox"] > [data-ticket]') if title in card.text),
        message="signing did not update the row")
    assert inbox.execute_script("return window.__sameDocument === true;")
    inbox.set_window_size(390, 1200)  # the inbox on a handler's phone
    screenshot(inbox, "department-inbox-phone.png")


def test_wallboard_shows_live_counters_and_urges_overdue_work(chromium, server):
    from selenium.webdriver.common.by import By

    board = chromium()
    log_in(board, server.base_url, "supervisor1", "/console/wallboard/")
    before = int(board.find_element(By.CSS_SELECTOR, '[data-counter="received_today"]').text)
    assert int(board.find_element(By.CSS_SELECTOR, '[data-counter="overdue"]').text) >= 1
    late = board.find_element(By.CSS_SELECTOR, '[data-list="overdue"] > [data-ticket]')
    assert "已超时" in late.text

    agent = chromium()
    log_in(agent, server.base_url, "agent2", "/console/agent/")
    # A citizen writes through the portal's API: the letter joins the agents' intake queue live.
    title = f"网上来信：社保卡补办 {uuid.uuid4().hex[:4]}"
    post_json(server, "/api/v1/letters/", {"type": "consultation", "title": title, "phone": "13600136000",
                                           "content": "社保卡丢了，想问怎么补办，需要带什么材料。"})
    wait(agent, lambda d: any(title in row.text for row in d.find_elements(
        By.CSS_SELECTOR, '[data-list="intake"] > [data-ticket]')), message="the web letter did not reach the queue")

    wait(board, lambda d: int(d.find_element(By.CSS_SELECTOR, '[data-counter="received_today"]').text) == before + 1,
         message="the wallboard's counter did not move")
    screenshot(board, "wallboard.png")

    # 催办 from the wallboard: the row updates in place with the urge count. (A row being filled in
    # is not replaced by incoming events, see live.js.)
    late = board.find_element(By.CSS_SELECTOR, '[data-list="overdue"] > [data-ticket]')
    late.find_element(By.CSS_SELECTOR, "details[data-act=urge] > summary").click()
    late.find_element(By.CSS_SELECTOR, "form[data-action=urge] textarea").send_keys("请今天下班前答复")
    late.find_element(By.CSS_SELECTOR, "form[data-action=urge] button[type=submit]").click()
    wait(board, lambda d: "催办1" in d.find_element(By.CSS_SELECTOR, '[data-list="overdue"] > [data-ticket]').text,
         message="urging did not update the overdue row")


def test_knowledge_base_answers_are_suggested_while_the_agent_types(chromium, server):
    from selenium.webdriver.common.by import By

    agent = chromium()
    log_in(agent, server.base_url, "agent1", "/console/agent/")
    agent.find_element(By.NAME, "title").send_keys("社保卡丢了怎么补办")
    agent.find_element(By.NAME, "content").send_keys("来电人社保卡遗失，询问补办地点和所需材料。")
    first = wait(agent, lambda d: (d.find_elements(By.CSS_SELECTOR, "[data-kb-results] .kb-item") or [False])[0],
                 message="no knowledge-base suggestion appeared")
    question = first.find_element(By.CSS_SELECTOR, ".kb-q").text
    assert question
    # One click takes the entry's answer and ends the call with 直接办结.
    first.find_element(By.XPATH, ".//button[contains(., '采用答复并办结')]").click()
    # Closing a ticket asks first, and says whether an SMS will go out.
    confirm = wait(agent, lambda d: d.switch_to.alert, message="no confirmation before closing")
    assert "确定办结" in confirm.text and "不会发送短信" in confirm.text
    confirm.accept()
    result = wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-result]").is_displayed()
                  and d.find_element(By.CSS_SELECTOR, "[data-result]"), message="direct resolution failed")
    assert "已登记并直接办结" in result.text
    assert "未发送短信" in result.text and "已同时短信发送" not in result.text


def test_ticket_page_shows_who_else_is_there_and_warns_the_second_editor(chromium, server):
    from selenium.webdriver.common.by import By

    agent, dispatcher = chromium(), chromium()
    log_in(agent, server.base_url, "agent1", "/console/agent/")
    ticket_id = agent.find_element(By.CSS_SELECTOR, '[data-list="intake"] > [data-ticket]').get_attribute("data-ticket")
    page = f"/console/tickets/{ticket_id}/"
    log_in(dispatcher, server.base_url, "dispatcher1", page)
    agent.get(server.base_url + page)
    wait(agent, lambda d: "张敏" in d.find_element(By.CSS_SELECTOR, "[data-presence]").text,
         message="the agent does not see the dispatcher on the ticket")
    wait(dispatcher, lambda d: "王晓燕" in d.find_element(By.CSS_SELECTOR, "[data-presence]").text,
         message="the dispatcher does not see the agent on the ticket")

    dispatcher.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] textarea[name=note]").click()
    wait(agent, lambda d: "正在编辑" in d.find_element(By.CSS_SELECTOR, "[data-presence]").text,
         message="the agent is not told the dispatcher is editing")
    agent.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] textarea[name=note]").click()
    warning = wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-collision]").is_displayed()
                   and d.find_element(By.CSS_SELECTOR, "[data-collision]"), message="no collision warning")
    assert "张敏" in warning.text

    choose_unit(dispatcher.find_element(By.CSS_SELECTOR, "form[data-action=dispatch]"), "urban")
    dispatcher.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] button[type=submit]").click()
    wait(dispatcher, lambda d: "已派单" in d.find_element(By.CSS_SELECTOR, ".messages").text)
    stale = wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-stale]").is_displayed()
                 and d.find_element(By.CSS_SELECTOR, "[data-stale]"), message="the agent was not told of the change")
    assert "张敏" in stale.text
    screenshot(agent, "ticket-page.png")
    dispatcher.get(server.base_url + "/console/dispatch/")
    screenshot(dispatcher, "dispatch-desk.png")


def choose_unit(form, code):
    """The unit picker is a text box over the page's one shared list of units: type the unit's code."""
    from selenium.webdriver.common.by import By

    unit = form.find_element(By.CSS_SELECTOR, "input[name=department]")
    unit.click()  # leaving the previous box first lets its change (a category's usual unit) land
    unit.clear()
    unit.send_keys(code)


def post_json(server, path, body, headers=None):
    import json
    import urllib.request

    request = urllib.request.Request(f"{server.base_url}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def post_call_event(server, **body):
    """What the telephony platform sends: an HMAC-signed JSON body (CONTRACT.md, CTI)."""
    import hashlib
    import hmac
    import json

    from django.utils import timezone

    body = {"at": timezone.now().isoformat(), **body}
    raw = json.dumps(body).encode()
    signature = hmac.new(settings.CTI_SHARED_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert post_json(server, "/api/v1/cti/events/", body, {"X-Hotline-Signature": f"sha256={signature}"}) == 202


def test_a_call_pops_the_card_and_prefills_the_registration(chromium, server):
    from selenium.webdriver.common.by import By

    agent = chromium()
    log_in(agent, server.base_url, "agent2", "/console/agent/")
    call_id = f"C-{uuid.uuid4().hex[:8]}"
    post_call_event(server, event="ringing", call_id=call_id, caller="13700137000", agent="agent2")
    card = wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-call-card]").is_displayed()
                and d.find_element(By.CSS_SELECTOR, "[data-call-card]"), message="no call card")
    assert "来电振铃" in card.text and "137****7000" in card.text and "该号码没有历史诉求" in card.text

    post_call_event(server, event="answered", call_id=call_id, caller="13700137000", agent="agent2")
    wait(agent, lambda d: d.find_element(By.NAME, "phone").get_attribute("value") == "13700137000",
         message="the registration form was not pre-filled")
    assert agent.find_element(By.NAME, "call_id").get_attribute("value") == call_id
    assert "通话中" in card.text

    agent.find_element(By.NAME, "title").send_keys("咨询公租房申请条件")
    agent.find_element(By.NAME, "content").send_keys("来电人询问公租房申请需要哪些条件。")
    agent.find_element(By.CSS_SELECTOR, "input[name=ending][value=register]").click()
    agent.find_element(By.CSS_SELECTOR, "[data-register-submit]").click()
    wait(agent, lambda d: d.find_element(By.CSS_SELECTOR, "[data-result]").is_displayed())

    post_call_event(server, event="hangup", call_id=call_id, caller="13700137000", agent="agent2")
    wait(agent, lambda d: "通话结束" in d.find_element(By.CSS_SELECTOR, "[data-call-state]").text,
         message="the card did not show the end of the call")

    # The next call from this number shows the ticket just registered in the caller's history.
    second = f"C-{uuid.uuid4().hex[:8]}"
    post_call_event(server, event="ringing", call_id=second, caller="13700137000", agent="agent2")
    wait(agent, lambda d: "咨询公租房申请条件" in d.find_element(By.CSS_SELECTOR, "[data-call-history]").text,
         message="the caller's history does not list the earlier ticket")
