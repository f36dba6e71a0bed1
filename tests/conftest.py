"""Shared fixtures: the demo reference data and the demo users, loaded the way seed_demo loads them."""

import pytest


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A fresh channel layer per test, in every test that may open a socket or publish: no in-memory
    group survives into the next test, and with REDIS_URL no layer (its receive lock, its connection
    pool) is reused from another test's event loop, where it would leave a receive task that never
    ends and hang the loop's teardown."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def reference_data(db):
    from tickets.management.commands import seed_demo

    seed_demo.seed_departments()
    seed_demo.seed_categories()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()


@pytest.fixture
def users(reference_data):
    """The CONTRACT.md demo users by username (password demo-pass-12345)."""
    from tickets.management.commands import seed_demo
    from tickets.models import User

    seed_demo.seed_users()
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def make_ticket(users):
    """Register a ticket as a citizen would (web) or an agent (phone); returns the Registration."""
    from tickets.services.intake import register_ticket

    def make(**overrides):
        fields = {"channel": "web", "type": "complaint", "title": "小区门口路灯不亮",
                  "content": "裕华路 12 号小区门口的路灯坏了一周，晚上很黑。", "phone": "13812345678", "name": "张三"}
        fields.update(overrides)
        return register_ticket(**fields)

    return make


@pytest.fixture
def dispatched_ticket(make_ticket, users):
    from tickets.services import transitions

    registration = make_ticket()
    return transitions.dispatch(registration.ticket.pk, by=users["dispatcher1"], department="housing")
