# The same isolation for call-card tests.
from tests.realtime.conftest import close_thread_connections  # noqa: F401
