"""Each console opens for its roles, sends anonymous visitors to the login page and refuses others."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/console/agent/", "/console/dispatch/", "/console/inbox/", "/console/wallboard/"]

# page -> (users who may open it, users refused)
ACCESS = {
    "/console/agent/": (["agent1", "agent2", "dispatcher1", "admin"], ["housing1", "supervisor1", "kbeditor1"]),
    "/console/dispatch/": (["dispatcher1", "admin"], ["agent1", "housing1", "supervisor1", "kbeditor1"]),
    "/console/inbox/": (["housing1", "hrss1", "market1", "urban1"], ["agent1", "dispatcher1", "supervisor1"]),
    "/console/wallboard/": (["supervisor1", "dispatcher1", "admin"], ["agent1", "housing1", "kbeditor1"]),
}


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_login(client, page):
    response = client.get(page)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("page,username", [(p, u) for p, (ok, _) in ACCESS.items() for u in ok])
def test_page_opens_for_its_roles(login, page, username):
    response = login(username).get(page)
    assert response.status_code == 200
    assert "无法访问" not in response.content.decode()


@pytest.mark.parametrize("page,username", [(p, u) for p, (_, refused) in ACCESS.items() for u in refused])
def test_page_refuses_other_roles(login, page, username):
    response = login(username).get(page)
    assert response.status_code == 403
    assert "无权使用此工作台" in response.content.decode()


@pytest.mark.parametrize("username,target", [
    ("agent1", "/console/agent/"), ("dispatcher1", "/console/dispatch/"), ("housing1", "/console/inbox/"),
    ("supervisor1", "/console/wallboard/"), ("admin", "/console/dispatch/"),
])
def test_console_home_sends_each_role_to_its_desk(login, username, target):
    response = login(username).get("/console/")
    assert response.status_code == 302
    assert response.url == target


def test_console_home_refuses_a_role_without_a_desk(login):
    response = login("kbeditor1").get("/console/")
    assert response.status_code == 403
    assert "没有可用的工作台" in response.content.decode()
