import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tickets.services import transitions
from tickets.services.intake import register_ticket


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_api(users):
    def client(username):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=users[username])[0].key}")
        return c

    return client


@pytest.fixture
def resolved_letter(users):
    """A letter taken through the loop to `resolved`, by default with the citizen's consent."""

    def make(*, consent=True, department="urban", reply="经核查，路灯已于当日修复。联系人：王建国，电话0311-86001001。",
             **fields):
        body = {"channel": "web", "type": "complaint", "title": "裕华路12号翠苑小区路灯不亮",
                "content": "我叫张三，电话13812345678，住翠苑小区3号楼2单元501室，门口路灯坏了一周。",
                "phone": "13812345678", "name": "张三", "publish_consent": consent}
        body.update(fields)
        ticket = register_ticket(**body).ticket
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department=department)
        transitions.accept(ticket.pk, by=users[f"{department}1"])
        transitions.reply(ticket.pk, by=users[f"{department}1"], text=reply)
        return transitions.approve_reply(ticket.pk, by=users["dispatcher1"])

    return make
