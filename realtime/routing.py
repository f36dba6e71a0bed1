"""WebSocket routes. Consumers live in realtime.consumers."""

websocket_urlpatterns: list = []
