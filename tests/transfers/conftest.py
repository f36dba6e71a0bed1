"""A stub platform on a real socket (127.0.0.1:8123) plays the other side of every transfer."""

import pytest

from hotline.transfers.models import Platform, PlatformKind
from hotline.transfers.stub import StubPlatform

STUB_PORT = 8123
INBOUND = "/api/v1/transfers/inbound/"


@pytest.fixture
def platforms(db):
    police = Platform.objects.create(code="police-110", name="市公安局110", kind=PlatformKind.POLICE_110,
                                     url=f"http://127.0.0.1:{STUB_PORT}/police-110/", secret="s" * 32)
    province = Platform.objects.create(code="province-12345", name="省12345平台", kind=PlatformKind.PROVINCIAL_12345,
                                       url=f"http://127.0.0.1:{STUB_PORT}/province-12345/", secret="p" * 32)
    return {"police": police, "province": province}


@pytest.fixture
def stub_for():
    """stub_for(platform) → a started StubPlatform with that platform's code and secret."""
    started = []

    def start(platform: Platform) -> StubPlatform:
        stub = StubPlatform(code=platform.code, secret=platform.secret, port=STUB_PORT).start()
        started.append(stub)
        return stub

    yield start
    for stub in started:
        stub.stop()


@pytest.fixture
def deliver_at_once(monkeypatch):
    """Run the delivery task in-process when it is enqueued, whatever the broker (eager or Redis)."""
    from hotline.transfers import tasks
    from hotline.transfers.delivery import deliver

    monkeypatch.setattr(tasks.deliver_transfers, "apply_async", lambda args, **kwargs: deliver(args[0]))


@pytest.fixture
def inbound(client):
    """POST a signed message from a stub platform to our inbound endpoint."""

    def post(stub: StubPlatform, event: str, payload: dict, *, key: str | None = None, headers=None):
        body, signed = stub.signed(event, payload, key=key)
        signed.update(headers or {})
        return client.post(INBOUND, data=body, content_type="application/json",
                           headers={k: v for k, v in signed.items() if k != "Content-Type"})

    return post
