"""Four eyes: a reviewer cannot publish a version they wrote or edited, unless they are the only
knowledge editor and an administrator allows it."""

import pytest

from kb import services
from kb.models import Article, KnowledgeSettings
from tickets.errors import PermissionDenied
from tickets.models import Role, User

pytestmark = pytest.mark.django_db

ANSWER = "<p>请携带身份证到市住建局一楼窗口办理。</p>"


@pytest.fixture
def second_editor(users):
    return User.objects.create_user("kbeditor2", password="demo-pass-12345", role=Role.KB_EDITOR)


def _own_entry_in_review(users, author="kbeditor1"):
    article = services.create_article(by=users[author], question="物业维修基金怎么申请使用？", answer=ANSWER,
                                      department=users["housing1"].department)
    return services.submit(article.pk, by=users[author])


def _allow_self_approval():
    KnowledgeSettings(allow_self_approval=True).save()


def test_reviewer_cannot_publish_their_own_entry(users, second_editor):
    article = _own_entry_in_review(users)
    with pytest.raises(services.SelfApprovalRefused) as exc:
        services.publish(article.pk, by=users["kbeditor1"])
    assert exc.value.message == "不能审核通过自己编写的条目，请由另一位审核人审核。"
    assert exc.value.code == "self_approval" and isinstance(exc.value, PermissionDenied)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW and article.version == 0


def test_another_reviewer_publishes_it(users, second_editor):
    article = _own_entry_in_review(users)
    published = services.publish(article.pk, by=second_editor)
    assert published.status == Article.Status.PUBLISHED and published.version == 1


def test_reviewer_who_edited_a_handlers_draft_cannot_publish_it(users, second_editor):
    article = _own_entry_in_review(users, author="housing1")
    services.update_article(article.pk, by=users["kbeditor1"], answer="<p>改到二楼窗口办理。</p>")
    with pytest.raises(services.SelfApprovalRefused):
        services.publish(article.pk, by=users["kbeditor1"])
    assert services.publish(article.pk, by=second_editor).status == Article.Status.PUBLISHED


def test_reviewer_who_only_reviewed_before_may_publish_the_next_version(users, second_editor):
    """Authorship counts since the last publish: an earlier version's author may review a later one."""
    article = _own_entry_in_review(users)
    services.publish(article.pk, by=second_editor)
    services.update_article(article.pk, by=users["housing1"], answer="<p>新的答复口径。</p>")
    assert services.publish(article.pk, by=users["kbeditor1"]).version == 2


def test_the_only_editor_may_not_self_approve_without_the_admin_switch(users):
    article = _own_entry_in_review(users)
    with pytest.raises(services.SelfApprovalRefused):
        services.publish(article.pk, by=users["kbeditor1"])


def test_the_only_editor_may_self_approve_when_the_admin_allows_it(users):
    _allow_self_approval()
    article = _own_entry_in_review(users)
    assert services.publish(article.pk, by=users["kbeditor1"]).status == Article.Status.PUBLISHED


def test_the_admin_switch_does_nothing_once_there_is_a_second_editor(users, second_editor):
    _allow_self_approval()
    article = _own_entry_in_review(users)
    with pytest.raises(services.SelfApprovalRefused):
        services.publish(article.pk, by=users["kbeditor1"])


def test_an_inactive_second_editor_does_not_count(users, second_editor):
    second_editor.is_active = False
    second_editor.save()
    _allow_self_approval()
    article = _own_entry_in_review(users)
    assert services.publish(article.pk, by=users["kbeditor1"]).status == Article.Status.PUBLISHED


def test_reviewer_change_to_a_published_entry_goes_to_review_for_another_reviewer(users, second_editor):
    article = _own_entry_in_review(users, author="housing1")
    services.publish(article.pk, by=second_editor)
    changed = services.update_article(article.pk, by=second_editor, answer="<p>改到二楼窗口办理。</p>")
    assert changed.status == Article.Status.IN_REVIEW and changed.version == 1
    with pytest.raises(services.SelfApprovalRefused):
        services.publish(article.pk, by=second_editor)
    assert services.publish(article.pk, by=users["kbeditor1"]).version == 2


def test_publish_is_not_offered_to_the_author_but_is_to_another_reviewer(users, second_editor):
    article = _own_entry_in_review(users)
    assert services.available_actions(users["kbeditor1"], article) == ["send_back"]
    assert services.publish_refusal(users["kbeditor1"], article) == "不能审核通过自己编写的条目，请由另一位审核人审核。"
    assert services.available_actions(second_editor, article) == ["publish", "send_back"]
    assert services.publish_refusal(second_editor, article) == ""


def test_edit_page_shows_the_refusal_instead_of_the_publish_button(client, users, second_editor):
    article = _own_entry_in_review(users)
    client.force_login(users["kbeditor1"])
    page = client.get(f"/kb/manage/{article.pk}/").content.decode()
    assert "不能审核通过自己编写的条目，请由另一位审核人审核。" in page
    assert 'disabled title="不能审核通过自己编写的条目' in page
    response = client.post(f"/kb/manage/{article.pk}/publish/", follow=True)
    assert "不能审核通过自己编写的条目，请由另一位审核人审核。" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_the_admin_switches_self_approval_on_its_one_settings_page(client, users):
    client.force_login(users["admin"])
    response = client.get("/admin/kb/knowledgesettings/", follow=True)
    assert response.status_code == 200 and "允许唯一的知识库管理员审核自己编写的条目" in response.content.decode()
    response = client.post("/admin/kb/knowledgesettings/1/change/", {"allow_self_approval": "on"})
    assert response.status_code == 302
    assert KnowledgeSettings.current().allow_self_approval
    assert KnowledgeSettings.objects.count() == 1
