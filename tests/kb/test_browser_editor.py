"""The knowledge editors' desk in a real browser (Debian's headless Chromium, Selenium, Django's live
server): an editor writes an answer with the rich-text editor (bold and a list), sees the live
preview, saves, reopens the entry and sees the preview again; what is stored is sanitised.
Screenshots under var/screenshots/."""

import pytest

from kb.models import Article
from tests.consoles.test_browser_working_day import log_in, wait
from tests.portal.test_browser import browser, screenshot  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def preview_html(driver) -> str:
    """The answer part of the sandboxed preview frame."""
    from selenium.webdriver.common.by import By

    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, "iframe.kb-preview"))
    try:
        return driver.find_element(By.CSS_SELECTOR, ".kb-answer").get_attribute("innerHTML")
    finally:
        driver.switch_to.default_content()


def test_editor_writes_bold_and_a_list_and_the_reopened_entry_shows_the_preview(browser, live_server,  # noqa: F811
                                                                                  users):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.set_window_size(1280, 1400)
    log_in(browser, live_server.url, "kbeditor1", "/kb/manage/new/")
    assert "第 1 版" in browser.find_element(By.CSS_SELECTOR, ".kb-head").text
    department = Select(browser.find_element(By.ID, "id_department"))
    assert department.first_selected_option.text == "请选择…"
    assert "---------" not in browser.page_source
    # The plain box is hidden behind the editor, which carries Chinese tooltips.
    assert not browser.find_element(By.ID, "id_answer").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".ql-toolbar .ql-bold").get_attribute("title") == "加粗"

    browser.find_element(By.ID, "id_question").send_keys("新生儿怎么上户口？")
    department.select_by_visible_text(department.options[1].text)
    editor = browser.find_element(By.CSS_SELECTOR, ".kb-editor .ql-editor")
    editor.click()
    editor.send_keys("请携带")
    browser.find_element(By.CSS_SELECTOR, ".ql-toolbar .ql-bold").click()
    editor.send_keys("以下材料")
    browser.find_element(By.CSS_SELECTOR, ".ql-toolbar .ql-bold").click()
    editor.send_keys("到派出所办理：", Keys.ENTER)
    browser.find_element(By.CSS_SELECTOR, '.ql-toolbar .ql-list[value="bullet"]').click()
    editor.send_keys("出生医学证明", Keys.ENTER, "父母户口簿")

    # The editor writes into the answer box; the live preview shows the sanitised answer.
    answer = browser.find_element(By.ID, "id_answer")
    wait(browser, lambda d: "父母户口簿" in answer.get_attribute("value"), message="the editor did not sync")
    assert "<strong>以下材料</strong>" in answer.get_attribute("value")
    assert "<ul><li>出生医学证明</li><li>父母户口簿</li></ul>" in answer.get_attribute("value")
    wait(browser, lambda d: "父母户口簿" in preview_html(d), message="the live preview did not update")
    screenshot(browser, "kb-editor-01-writing.png")

    # Something unsafe typed into the HTML source never reaches the stored answer.
    browser.find_element(By.CSS_SELECTOR, ".kb-source-toggle input").click()
    assert answer.is_displayed()
    answer.send_keys(Keys.END, '<p onclick="alert(1)">咨询电话<img src=x onerror="alert(2)"></p>')
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    wait(browser, lambda d: "/kb/manage/new/" not in d.current_url, message="the entry was not saved")

    article = Article.objects.get(question="新生儿怎么上户口？")
    assert article.answer == ("<p>请携带<strong>以下材料</strong>到派出所办理：</p>"
                              "<ul><li>出生医学证明</li><li>父母户口簿</li></ul><p>咨询电话</p>")

    # Reopened: the editor holds the formatted answer and the preview shows it without any typing.
    browser.get(f"{live_server.url}/kb/manage/{article.pk}/")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".kb-editor .ql-editor strong"),
         message="the reopened entry did not load into the editor")
    assert browser.find_element(By.CSS_SELECTOR, ".kb-editor .ql-editor strong").text == "以下材料"
    assert len(browser.find_elements(By.CSS_SELECTOR, ".kb-editor .ql-editor li")) == 2
    shown = preview_html(browser)
    assert "<strong>以下材料</strong>" in shown and "<li>父母户口簿</li>" in shown and "onclick" not in shown
    assert "第 1 版（未发布）" in browser.find_element(By.CSS_SELECTOR, ".kb-head").text
    screenshot(browser, "kb-editor-02-reopened.png")

    # Saving the reopened entry without a change changes nothing.
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    wait(browser, lambda d: "已保存" in d.page_source, message="the unchanged save did not come back")
    assert article.log.filter(action="edit").count() == 0


def test_an_answer_with_a_table_opens_in_html_source_mode_and_keeps_its_table(browser, live_server,  # noqa: F811
                                                                            users):
    from selenium.webdriver.common.by import By

    from kb import services

    article = services.create_article(
        by=users["kbeditor1"], question="社保缴费基数是多少？", department=users["hrss1"].department,
        answer="<p>2026年缴费基数：</p><table><tbody><tr><th>下限</th><td>4,000元</td></tr></tbody></table>")
    log_in(browser, live_server.url, "kbeditor1", f"/kb/manage/{article.pk}/")
    notice = browser.find_element(By.CSS_SELECTOR, ".kb-editor-notice")
    wait(browser, lambda d: notice.is_displayed(), message="no notice that tables need the HTML source")
    assert "表格" in notice.text
    assert browser.find_element(By.ID, "id_answer").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".kb-editor").is_displayed()
    # Leaving source mode is refused: the editor would drop the table.
    browser.find_element(By.CSS_SELECTOR, ".kb-source-toggle input").click()
    assert browser.find_element(By.CSS_SELECTOR, ".kb-source-toggle input").is_selected()
    assert "<td>4,000元</td>" in preview_html(browser)
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    wait(browser, lambda d: "已保存" in d.page_source, message="the save did not come back")
    article.refresh_from_db()
    assert "<td>4,000元</td>" in article.answer and article.log.filter(action="edit").count() == 0
