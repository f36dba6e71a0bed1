from .calendar import DeadlineRule, SpecialDay, WorkingPeriod
from .org import Category, Department, DepartmentKind, Role, User
from .records import (
    Attachment, EventKind, ExtensionRequest, OutboundMessage, PersonalDataAccess, Rating, Reply, Satisfaction,
    SlaAlert, TicketEvent,
)
from .rollups import BreakdownStat, DailyTicketStat, UnitStat
from .search import TicketSearchEntry
from .routing import CatalogueEntry, DispatchModel, MonthlyTopic, RoutingSettings, TopicAlert
from .ticket import (
    FINAL_STATUSES, OPEN_STATUSES, REPLY_CLOCK_STATUSES, SIGN_CLOCK_STATUSES, TRANSITION_LABELS, TRANSITION_NAMES,
    Channel, LetterSequence, Priority, Status, Ticket, TicketType,
)

__all__ = [
    "Attachment", "BreakdownStat", "CatalogueEntry", "Category", "Channel", "DailyTicketStat", "DeadlineRule", "Department",
    "DepartmentKind", "DispatchModel", "EventKind", "MonthlyTopic", "RoutingSettings", "TopicAlert", "UnitStat",
    "ExtensionRequest", "FINAL_STATUSES", "LetterSequence", "OPEN_STATUSES", "OutboundMessage",
    "PersonalDataAccess", "Priority", "REPLY_CLOCK_STATUSES", "Rating", "Reply", "Role", "SIGN_CLOCK_STATUSES",
    "Satisfaction", "SlaAlert", "SpecialDay", "Status", "TRANSITION_LABELS", "TRANSITION_NAMES", "Ticket",
    "TicketEvent", "TicketSearchEntry", "TicketType", "User", "WorkingPeriod",
]
