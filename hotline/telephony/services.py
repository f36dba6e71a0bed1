"""Recording what the telephony platform reports, and the call cards it pops on the agent console.

Events are idempotent: the platform may retry, and a replayed body inside the clock window is
answered like the first one but changes nothing and pops nothing. Events that arrive out of order
(an `answered` after the `hangup`) are ignored the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hotline.telephony import selectors
from hotline.telephony.models import Call
from realtime.groups import agent_audience, group_for
from realtime.publishing import send_to_groups
from tickets import privacy, roles
from tickets.errors import HotlineError, InvalidInput
from tickets.models import EventKind, Ticket, User
from tickets.phones import normalize_phone


EVENTS = ("ringing", "answered", "hangup")
# Signed events older or newer than this are refused: a captured request cannot be replayed later.
MAX_CLOCK_SKEW = timedelta(minutes=5)
_CALL_ID = re.compile(r"^[\w.:@#/-]{1,64}$")
_PHONE = re.compile(r"^\+?[0-9]{0,20}$")


class StaleEvent(HotlineError):
    code, status = "stale_timestamp", 401
    default_message = "事件时间与服务器时间相差超过5分钟，已拒绝（可能是重放的请求或时钟不同步）。"


class UnknownAgent(HotlineError):
    code, status, default_message = "unknown_agent", 400, "坐席账号不存在或不是话务员。"


@dataclass(frozen=True)
class CallEvent:
    event: str
    call_id: str
    caller: str | None
    agent: User | None
    at: datetime
    recording_url: str


@dataclass(frozen=True)
class Outcome:
    status: str  # "recorded", "duplicate" (already known) or "ignored" (arrived after a later event)
    call: Call


# --- reading the platform's body -------------------------------------------------------------------

def _text(data: dict, field: str, errors: dict, *, required: bool) -> str | None:
    value = data.get(field)
    if value is None:
        if required:
            errors[field] = ["此字段为必填项。"]
        return None
    if not isinstance(value, str):
        errors[field] = ["应为字符串。"]
        return None
    return value.strip()


def _moment(value: str | None, errors: dict) -> datetime | None:
    if value is None:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        errors["at"] = ["时间格式应为 ISO 8601，例如 2026-11-22T10:15:03+08:00。"]
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def parse_call_event(data, *, now: datetime | None = None) -> CallEvent:
    """Check a CTI body (already authenticated) and resolve its agent."""
    if not isinstance(data, dict):
        raise InvalidInput("请求体应为 JSON 对象。")
    errors: dict[str, list[str]] = {}
    event = _text(data, "event", errors, required=True)
    if event is not None and event not in EVENTS:
        errors["event"] = ["应为 ringing、answered 或 hangup。"]
    call_id = _text(data, "call_id", errors, required=True)
    if call_id is not None and not _CALL_ID.match(call_id):
        errors["call_id"] = ["通话编号应为 1 到 64 个字母、数字或 ._:-@#/ 字符。"]
    caller = _text(data, "caller", errors, required=event == "ringing")
    if caller is not None:
        raw = re.sub(r"[\s()-]", "", caller)
        if not _PHONE.match(raw):
            errors["caller"] = ["来电号码应为数字（号码隐藏时为空）。"]
        # The caller as every door stores it, so the screen pop finds their letters; a number that is
        # no Chinese phone (a foreign caller) is kept as the switch reported it.
        caller = normalize_phone(raw) or raw
    username = _text(data, "agent", errors, required=event in ("ringing", "answered"))
    at = _moment(_text(data, "at", errors, required=True), errors)
    recording_url = _text(data, "recording_url", errors, required=False) or ""
    if recording_url and (len(recording_url) > 500 or not recording_url.startswith(("http://", "https://"))):
        errors["recording_url"] = ["录音地址应为 http(s) 链接，且不超过500个字符。"]
    if errors:
        raise InvalidInput(fields=errors)
    now = now or timezone.now()
    if abs(now - at) > MAX_CLOCK_SKEW:
        raise StaleEvent(fields={"at": [f"服务器时间为 {timezone.localtime(now).isoformat()}。"]})
    agent = None
    if username:
        agent = User.objects.filter(username=username, is_active=True).select_related("department").first()
        if agent is None or not roles.has_any(agent, roles.INTAKE):
            raise UnknownAgent(fields={"agent": [f"坐席账号“{username}”不存在或不是话务员。"]})
    return CallEvent(event=event, call_id=call_id, caller=caller, agent=agent, at=at, recording_url=recording_url)


# --- recording -------------------------------------------------------------------------------------

def _push(agent, message: dict) -> None:
    """Send a call card to one agent's consoles once the call's row has committed."""
    if agent is None:
        return

    def send():
        send_to_groups([group_for(agent_audience(agent.pk))], {"type": "call.push", "message": message})

    # robust: a channel-layer outage must not turn a recorded call into an error for the platform.
    transaction.on_commit(send, robust=True)


def _locked_call(event: CallEvent) -> tuple[Call, bool]:
    call = Call.objects.select_for_update(of=("self",)).select_related("agent").filter(call_id=event.call_id).first()
    if call is not None:
        return call, False
    try:
        with transaction.atomic():
            return Call.objects.create(call_id=event.call_id, caller=event.caller or "", agent=event.agent,
                                       started_at=event.at), True
    except IntegrityError:  # the platform's retry raced the first delivery
        return Call.objects.select_for_update(of=("self",)).select_related("agent").get(call_id=event.call_id), False


def _ticket_for(call: Call) -> Ticket | None:
    return Ticket.objects.filter(call_id=call.call_id).order_by("id").first()


def record_call_event(event: CallEvent) -> Outcome:
    with transaction.atomic():
        call, created = _locked_call(event)
        if event.event == "ringing":
            if not created:
                return Outcome("duplicate", call)
            _push(call.agent, selectors.ringing_message(call))
            return Outcome("recorded", call)

        if event.event == "answered":
            if not created and call.state != Call.State.RINGING:
                return Outcome("duplicate" if call.state == Call.State.ANSWERED else "ignored", call)
            rang_at = call.agent
            call.state, call.answered_at, call.agent = Call.State.ANSWERED, event.at, event.agent
            call.caller = call.caller or event.caller or ""
            call.save()
            if rang_at is not None and rang_at != call.agent:
                _push(rang_at, selectors.ended_message(call, reason="transferred", agent=rang_at))
            _push(call.agent, reveal_answered_card(call, via="cti_answered"))
            return Outcome("recorded", call)

        if call.state == Call.State.ENDED and not created:
            return Outcome("duplicate", call)
        call.state, call.ended_at = Call.State.ENDED, event.at
        call.duration = max(0, int((event.at - call.answered_at).total_seconds())) if call.answered_at else 0
        call.recording_url = event.recording_url or call.recording_url
        call.caller = call.caller or event.caller or ""
        call.agent = call.agent or event.agent
        call.ticket = call.ticket or _ticket_for(call)
        call.save()
        _push(call.agent, selectors.ended_message(call))
        return Outcome("recorded", call)


def link_ticket_to_call(sender, event, **kwargs) -> None:
    """A ticket registered with a call_id belongs to that call (receiver of ticket_event_committed)."""
    if event.kind != EventKind.CREATED:
        return
    call_id = getattr(event.ticket, "call_id", "")
    if call_id:
        Call.objects.filter(call_id=call_id, ticket__isnull=True).update(ticket_id=event.ticket_id)


# --- cards that show the caller's number ----------------------------------------------------------

def reveal_answered_card(call: Call, *, via: str) -> dict:
    """The answered call's card with the full number, logged against the call (the caller may have
    no ticket yet): whoever saw a citizen's number can be told afterwards."""
    if call.agent_id:
        privacy.log_access(None, call.agent, via=via, fields="phone", call_id=call.call_id)
    return selectors.answered_message(call)


def cards_for_reconnecting_console(user) -> list[dict]:
    """The cards of this agent's calls in progress, for a console that (re)connects; an answered
    call's full number is shown again, and logged again."""
    return [selectors.ringing_message(call) if call.state == Call.State.RINGING
            else reveal_answered_card(call, via="cti_reconnect") for call in selectors.calls_in_progress(user)]
