import pytest


@pytest.fixture(autouse=True)
def clean_outbox_state():
    """Each test starts with an empty memory SMS backend, fresh template wording and WeChat client."""
    from hotline.sms import templates
    from hotline.sms.backends import MemoryBackend
    from hotline.wechat import client

    MemoryBackend.outbox.clear()
    templates.forget_edits()
    client.reset()
    yield
    MemoryBackend.outbox.clear()
    templates.forget_edits()
    client.reset()
