"""axe-core (WCAG 2.1 A and AA) over the public and staff pages, at desktop and phone width: no serious
or critical violation anywhere. The engine is vendored in tests/vendor/axe-core (see its README)."""

import json
from pathlib import Path

import pytest

from tests.consoles.test_browser_working_day import log_in
from tests.portal.test_browser import browser  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then((r) => done(JSON.stringify(r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary)})))))
  .catch((e) => done(JSON.stringify([{id: "axe-error", help: String(e), nodes: []}])));
"""

PUBLIC_PAGES = ["/", "/letters/new/", "/letters/lookup/", "/faq/", "/faq/?q=公积金怎么提取", "/faq/{article}/",
                "/letters/public/", "/letters/exposure/", "/appointments/", "/appointments/lookup/",
                "/citizens/login/", "/accounts/login/"]
# (user, pages) of each staff role's own desks.
STAFF_PAGES = [
    ("agent1", ["/console/agent/", "/kb/"]),
    ("dispatcher1", ["/console/dispatch/", "/console/dispatch/?tab=replies", "/console/tickets/{ticket}/"]),
    ("housing1", ["/console/inbox/"]),
    ("supervisor1", ["/console/wallboard/"]),
    ("leader1", ["/stats/"]),
    ("kbeditor1", ["/kb/manage/", "/kb/manage/new/"]),
]


def violations(driver) -> list[dict]:
    driver.set_script_timeout(60)
    if not driver.execute_script("return typeof axe !== 'undefined';"):
        driver.execute_script(AXE)
    return json.loads(driver.execute_async_script(RUN_AXE))


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_no_serious_or_critical_accessibility_violation_on_any_page(browser, live_server, users,  # noqa: F811
                                                                       make_ticket, width, height):
    from kb.demo import seed_articles
    from kb.models import Article

    seed_articles()
    article = Article.objects.filter(is_public=True, status=Article.Status.PUBLISHED).order_by("id").first()
    ticket = make_ticket().ticket
    make_ticket(title="噪音扰民", content="楼下商铺晚上音响很吵。")
    browser.set_window_size(width, height)
    found = {}
    for page in PUBLIC_PAGES:
        page = page.format(article=article.pk)
        browser.get(f"{live_server.url}{page}")
        if problems := violations(browser):
            found[page] = problems
    for username, pages in STAFF_PAGES:
        for page in pages:
            page = page.format(ticket=ticket.pk)
            log_in(browser, live_server.url, username, page.split("?")[0])
            browser.get(f"{live_server.url}{page}")
            if problems := violations(browser):
                found[f"{username} {page}"] = problems
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
