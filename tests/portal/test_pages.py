"""The home page and the staff sign-in pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_shows_channels_hours_and_request_types(client, reference_data):
    page = client.get("/").content.decode()
    for text in ("12345", "我要写信", "信件查询", "微信", "7×24", "周一至周五 09:00–12:00、13:00–17:00"):
        assert text in page, text
    for label in ("咨询", "求助", "投诉", "举报", "建议", "表扬", "其他"):
        assert f"<strong>{label}</strong>" in page


def test_home_page_works_without_a_calendar(client, db):
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("username, target", [
    ("agent1", "/console/agent/"), ("dispatcher1", "/console/dispatch/"), ("housing1", "/console/inbox/"),
    ("supervisor1", "/console/wallboard/"), ("kbeditor1", "/kb/manage/"), ("admin", "/admin/"),
])
def test_login_sends_each_role_to_its_desk(client, users, username, target):
    response = client.post("/accounts/login/", {"username": username, "password": "demo-pass-12345"})
    assert response.status_code == 302 and response["Location"] == target


def test_login_honours_a_safe_next_and_ignores_an_unsafe_one(client, users):
    safe = client.post("/accounts/login/?next=/console/agent/", {"username": "housing1", "password": "demo-pass-12345",
                                                                 "next": "/console/agent/"})
    assert safe["Location"] == "/console/agent/"
    client.logout()
    unsafe = client.post("/accounts/login/", {"username": "housing1", "password": "demo-pass-12345",
                                              "next": "https://evil.example/"})
    assert unsafe["Location"] == "/console/inbox/"


def test_login_page_is_chinese_and_wrong_password_says_so(client, users):
    assert "工作人员登录" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "agent1", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode() or "不正确" in response.content.decode()


def test_repeated_failed_logins_are_throttled(client, users):
    for _ in range(10):
        client.post("/accounts/login/", {"username": "agent1", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "agent1", "password": "demo-pass-12345"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_logout_asks_on_get_and_signs_out_on_post(client, users):
    client.force_login(users["agent1"])
    assert "确定要退出吗" in client.get("/accounts/logout/").content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
