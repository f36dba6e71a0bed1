import pytest
from channels.db import database_sync_to_async
from django.db import connections


@pytest.fixture(autouse=True)
async def close_thread_connections():
    """Consumers query on the database thread, whose connections outlive a test (CONN_MAX_AGE) and
    would keep PostgreSQL from dropping the test database at the end. The loop's hub is stopped
    first: a receive task left for pytest-asyncio to cancel can hang the loop's teardown."""
    yield
    from realtime.hub import shutdown

    await shutdown()
    await database_sync_to_async(connections.close_all)()
