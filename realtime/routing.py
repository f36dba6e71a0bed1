"""WebSocket routes (realtime/PROTOCOL.md). config.asgi wraps them in session-or-token auth."""

from django.urls import path

from realtime.consumers import AgentConsumer, DepartmentConsumer, TicketRoomConsumer, WallboardConsumer

websocket_urlpatterns: list = [
    path("ws/agent/", AgentConsumer.as_asgi()),
    path("ws/department/", DepartmentConsumer.as_asgi()),
    path("ws/tickets/<int:ticket_id>/", TicketRoomConsumer.as_asgi()),
    path("ws/wallboard/", WallboardConsumer.as_asgi()),
]
