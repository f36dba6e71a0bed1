"""WebSocket consumers, one per endpoint of realtime/PROTOCOL.md."""

from realtime.consumers.streams import AgentConsumer, DepartmentConsumer, WallboardConsumer
from realtime.consumers.ticket_room import TicketRoomConsumer

__all__ = ["AgentConsumer", "DepartmentConsumer", "TicketRoomConsumer", "WallboardConsumer"]
