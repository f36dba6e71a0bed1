import pytest


@pytest.fixture
def indexed(make_ticket, django_capture_on_commit_callbacks):
    """Register tickets the way the services do and let their events' after-commit work run, which
    is what keeps the search index current."""

    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_ticket(**fields).ticket

    return make
