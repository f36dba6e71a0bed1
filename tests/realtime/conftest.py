import pytest
from channels.db import database_sync_to_async
from django.db import connections


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A fresh channel layer per test: no in-memory group survives into the next test, and with
    REDIS_URL no connection pool is reused from another test's event loop."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
async def close_thread_connections():
    """Consumers query on the database thread, whose connections outlive a test (CONN_MAX_AGE) and
    would keep PostgreSQL from dropping the test database at the end."""
    yield
    await database_sync_to_async(connections.close_all)()
