"""Writes of the weekend appointment service. Every door (REST, portal, consoles, tests) calls these.

Each function takes the booking row under a lock (`SELECT … FOR UPDATE`), checks the seed's rule,
runs the transition on the model, saves and logs one `BookingEvent`; SMS go to the outbox in the
same transaction. `now` may be passed (tests); otherwise `rules.now()`.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Max
from django_fsm import TransitionNotAllowed as FsmRefused

from hotline.appointments import notices, rules
from hotline.appointments.errors import (ActiveBookingExists, Blacklisted, BookingClosed, HolidayClosed,
                                         InvalidIdNumber, NotAllowedNow, TooLateToCancel)
from hotline.appointments.models import (ACTIVE_STATUSES, BlacklistEntry, Booking, BookingEvent, CancelReason,
                                         Period, Service, Status)
from tickets.errors import InvalidInput, NotFound
from tickets.identity import InvalidIdentity, validate_resident_id
from tickets.models import SpecialDay
from tickets.phones import is_mobile, normalize_phone
from tickets.working_time import load_calendar

STAFF_CANCEL_REASONS = (CancelReason.MATERIALS_INCOMPLETE, CancelReason.OUT_OF_SCOPE, CancelReason.OTHER)


# --- checks --------------------------------------------------------------------------------------

def check_id_number(value) -> str:
    try:
        return validate_resident_id(value)
    except InvalidIdentity as exc:
        raise InvalidIdNumber(exc.message, fields={"id_number": [exc.message]}) from None


def check_mobile(value) -> str:
    """The notice goes out by SMS: the number must be a mobile (canonical form, tickets.phones)."""
    phone = normalize_phone(value)
    if phone is None or not is_mobile(phone):
        raise InvalidInput("请填写有效的手机号码，预约告知单将以短信发送。", fields={"phone": ["请填写11位手机号码。"]})
    return phone


def check_bookable_day(day: date, now: datetime) -> None:
    """The seed's 预约时间 and 节假日 rules for one requested day."""
    if day.weekday() < 5:
        raise InvalidInput("双休日预约服务只能预约周六或周日。", fields={"date": ["请选择周六或周日。"]})
    if not rules.is_open(now):
        raise BookingClosed(rules.closed_message(now))
    saturday, sunday = rules.this_weekend(now)
    if day not in (saturday, sunday):
        raise BookingClosed(f"只能预约本周六、日（{saturday:%m月%d日}、{sunday:%m月%d日}）的服务；"
                            f"其他周末请在当周的周一至周五12:00前预约。")
    special = SpecialDay.objects.filter(date=day).first()
    calendar = load_calendar()
    if day in calendar.holidays:
        name = special.name if special and special.name else "法定节假日"
        raise HolidayClosed(f"{rules.day_label(day)}为{name}假期，政务服务大厅不办理业务，请勿在节假日预约。")
    if day in calendar.makeup_workdays:
        raise BookingClosed(f"{rules.day_label(day)}为调休工作日，政务服务大厅按工作日正常办公，无需预约，"
                            f"请在工作时间直接前往办理。")


def check_not_blacklisted(id_number: str) -> None:
    if BlacklistEntry.objects.filter(id_number=id_number, lifted_at__isnull=True).exists():
        raise Blacklisted()


def check_no_active_booking(id_number: str) -> None:
    active = Booking.objects.filter(id_number=id_number, status__in=ACTIVE_STATUSES).first()
    if active is not None:
        raise ActiveBookingExists(f"该身份证号已有一个有效的预约（预约号{active.number}，{rules.day_label(active.date)}），"
                                  f"办理完毕或取消后才能再次预约。", active_booking=active.number)


def _service(code) -> Service:
    service = Service.objects.filter(code=code, is_active=True).first() if isinstance(code, str) else None
    if service is None:
        raise InvalidInput("请选择开放预约的办理事项。", fields={"service": ["该事项不存在或暂不开放预约。"]})
    return service


def _period(code) -> Period:
    period = None
    if isinstance(code, str) and len(code) == 11 and code[5] == "-":
        try:
            start, end = time.fromisoformat(code[:5]), time.fromisoformat(code[6:])
        except ValueError:
            start = end = None
        if start is not None:
            period = Period.objects.filter(start=start, end=end, is_active=True).first()
    if period is None:
        codes = "、".join(p.code for p in Period.objects.filter(is_active=True))
        raise InvalidInput("请选择大厅开放的预约时间段。", fields={"period": [f"可选时间段：{codes}。"]})
    return period


def _new_number(day: date) -> str:
    return f"{day:%Y%m%d}{secrets.randbelow(10 ** 4):04d}"


def _log(booking: Booking, action: str, *, from_status: str = "", by=None, note: str = "", at=None) -> None:
    BookingEvent.objects.create(booking=booking, action=action, from_status=from_status, to_status=booking.status,
                                by=by if by is not None and by.is_authenticated else None, note=note[:300],
                                at=at or rules.now())


def _locked(booking_id: int) -> Booking:
    booking = (Booking.objects.select_for_update().select_related("service", "period")
               .filter(pk=booking_id).first())
    if booking is None:
        raise NotFound("未找到该预约。")
    return booking


def _run(booking: Booking, method: str) -> str:
    before = booking.status
    try:
        getattr(booking, method)()
    except FsmRefused:
        raise NotAllowedNow(f"预约当前为“{booking.get_status_display()}”，不能执行此操作。") from None
    return before


# --- the citizen ----------------------------------------------------------------------------------

def book(*, service, name, id_number, phone, date: date, period, now: datetime | None = None) -> Booking:
    """A citizen's booking (预约申请), waiting for staff review. Raises the rule it breaks."""
    now = now or rules.now()
    service_row = _service(service)
    period_row = _period(period)
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > 50:
        raise InvalidInput("请填写申请人姓名（不超过50字）。", fields={"name": ["请填写申请人姓名。"]})
    id_number = check_id_number(id_number)
    phone = check_mobile(phone)
    check_bookable_day(date, now)
    check_not_blacklisted(id_number)
    check_no_active_booking(id_number)
    for _ in range(5):
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    number=_new_number(rules.local(now).date()), service=service_row, name=name,
                    id_number=id_number, phone=phone, date=date, period=period_row,
                    materials=service_row.materials, created_at=now)
                _log(booking, "book", note=f"{service_row.name} {rules.day_label(date)} {period_row.code}", at=now)
                notices.send_received(booking)
                return booking
        except IntegrityError:
            # Either another request for this ID number won the race (the partial unique index), or
            # the random number collided: tell which, and retry only the latter.
            check_no_active_booking(id_number)
    raise InvalidInput("系统繁忙，请稍后重试。")


def citizen_cancel(booking_id: int, *, id_number, by=None, now: datetime | None = None) -> Booking:
    """The applicant cancels: allowed until half a day (12 h) before the booked start."""
    now = now or rules.now()
    with transaction.atomic():
        booking = _locked(booking_id)
        if not _same_applicant(booking, id_number):
            raise NotFound("未找到该预约，请核对预约号和身份证号。")
        if booking.status in ACTIVE_STATUSES and booking.status != Status.CHECKED_IN:
            deadline = rules.cancel_deadline(booking.date, booking.start_time)
            if now > deadline:
                raise TooLateToCancel(
                    f"距预约时间（{rules.day_label(booking.date)} {booking.start_time:%H:%M}）已不足半天，"
                    f"按规定需至少提前半天（截至{rules.local(deadline):%m月%d日 %H:%M}）取消，现已不能取消。"
                    f"如无法前来，请尽快拨打12345说明情况。", cancel_deadline=rules.local(deadline).isoformat())
        before = _run(booking, "cancel")
        booking.cancel_reason, booking.finished_at = CancelReason.CITIZEN, now
        booking.save()
        _log(booking, "cancel", from_status=before, by=by, note="申请人提前取消", at=now)
    return booking


def confirm_notice(booking_id: int, *, id_number, by=None, now: datetime | None = None) -> Booking:
    """The applicant confirms the notice (申请人确认预约)."""
    now = now or rules.now()
    with transaction.atomic():
        booking = _locked(booking_id)
        if not _same_applicant(booking, id_number):
            raise NotFound("未找到该预约，请核对预约号和身份证号。")
        before = _run(booking, "confirm")
        booking.citizen_confirmed_at = now
        booking.save()
        _log(booking, "confirm", from_status=before, by=by, note="申请人确认告知单", at=now)
    return booking


def _same_applicant(booking: Booking, id_number) -> bool:
    try:
        return validate_resident_id(id_number) == booking.id_number
    except InvalidIdentity:
        return False


# --- staff ----------------------------------------------------------------------------------------

def review(booking_id: int, *, by, confirmed_time: time | None = None, window: str = "", materials: str = "",
           note: str = "", now: datetime | None = None) -> Booking:
    """Staff confirm a time within the range and the materials, and the notice (告知单) is sent.
    Reviewing again (a changed time) sends a new notice and asks for a new confirmation."""
    now = now or rules.now()
    with transaction.atomic():
        booking = _locked(booking_id)
        confirmed_time = confirmed_time or booking.period.start
        if not booking.period.start <= confirmed_time < booking.period.end:
            raise InvalidInput(f"确定时间应在预约时间段{booking.period.code}之内。",
                               fields={"confirmed_time": [f"请在{booking.period.code}之内选择。"]})
        materials = (materials or "").strip() or booking.service.materials
        before = _run(booking, "notify")
        booking.confirmed_time, booking.window = confirmed_time, (window or "").strip()[:50]
        booking.materials, booking.staff_note = materials, (note or "").strip()[:300]
        booking.notified_at, booking.citizen_confirmed_at = now, None
        booking.save()
        round_ = booking.events.filter(action="review").count() + 1
        _log(booking, "review", from_status=before, by=by, note=f"确定时间{confirmed_time:%H:%M}，发送告知单", at=now)
        notices.send_notice(booking, round_)
    return booking


def staff_cancel(booking_id: int, *, by, reason: str, note: str = "", now: datetime | None = None) -> Booking:
    """Staff cancel (materials incomplete, not this hall's business, …); the reason is texted."""
    now = now or rules.now()
    if reason not in STAFF_CANCEL_REASONS:
        raise InvalidInput("请选择取消原因。", fields={"reason": ["请选择取消原因。"]})
    note = (note or "").strip()
    if reason == CancelReason.OTHER and not note:
        raise InvalidInput("请说明取消原因。", fields={"note": ["选择“其他原因”时请填写说明。"]})
    with transaction.atomic():
        booking = _locked(booking_id)
        before = _run(booking, "cancel")
        booking.cancel_reason, booking.cancel_note, booking.finished_at = reason, note[:300], now
        booking.save()
        text = booking.cancel_text
        _log(booking, "staff_cancel", from_status=before, by=by, note=text, at=now)
        notices.send_cancelled(booking, text)
    return booking


def check_in(*, id_number, by, day: date | None = None, now: datetime | None = None) -> Booking:
    """取号确认: the applicant shows the ID card at the window; today's booking for it takes a number."""
    now = now or rules.now()
    day = day or rules.local(now).date()
    id_number = check_id_number(id_number)
    with transaction.atomic():
        candidate = Booking.objects.filter(id_number=id_number, date=day, status__in=ACTIVE_STATUSES).first()
        if candidate is None:
            raise NotFound(f"{rules.day_label(day)}没有该身份证号的有效预约。")
        booking = _locked(candidate.pk)
        if booking.status == Status.PENDING:
            raise NotAllowedNow("该预约尚未审核发送告知单，请先完成审核。")
        before = _run(booking, "check_in")
        booking.checked_in_at = now
        for _ in range(5):  # two windows taking numbers at the same moment: the unique index decides
            taken = Booking.objects.filter(date=day).exclude(queue_number="").aggregate(n=Max("queue_number"))["n"]
            booking.queue_number = f"Y{int(taken[1:]) + 1 if taken else 1:03d}"
            try:
                with transaction.atomic():
                    booking.save()
                break
            except IntegrityError:
                continue
        else:
            raise NotAllowedNow("取号繁忙，请重试。")
        _log(booking, "check_in", from_status=before, by=by, note=f"取号{booking.queue_number}", at=now)
    return booking


def finish(booking_id: int, *, by, now: datetime | None = None) -> Booking:
    now = now or rules.now()
    with transaction.atomic():
        booking = _locked(booking_id)
        before = _run(booking, "finish")
        booking.finished_at = now
        booking.save()
        _log(booking, "finish", from_status=before, by=by, note="窗口办理完毕", at=now)
    return booking


def mark_no_show(booking_id: int, *, by, note: str = "", now: datetime | None = None) -> Booking:
    """Not there 30 minutes after the start and not reachable by phone; the third no-show
    (since any lift) puts the applicant on the blacklist."""
    now = now or rules.now()
    with transaction.atomic():
        booking = _locked(booking_id)
        allowed_from = rules.no_show_from(booking.date, booking.start_time)
        if booking.status in (Status.NOTIFIED, Status.CONFIRMED) and now < allowed_from:
            raise NotAllowedNow(f"预约时间开始半小时后（即{rules.local(allowed_from):%m月%d日 %H:%M}起）"
                                f"仍未到达且联系不到，方可标记未履约。")
        before = _run(booking, "mark_no_show")
        booking.finished_at = now
        booking.save()
        _log(booking, "no_show", from_status=before, by=by, note=(note or "超过预约时间半小时未到达且联系不到")[:300],
             at=now)
        _blacklist_if_due(booking, now)
    return booking


def _blacklist_if_due(booking: Booking, now: datetime) -> BlacklistEntry | None:
    if BlacklistEntry.objects.filter(id_number=booking.id_number, lifted_at__isnull=True).exists():
        return None
    count = no_shows_counted(booking.id_number)
    if count <= rules.NO_SHOWS_TOLERATED:
        return None
    entry = BlacklistEntry.objects.create(id_number=booking.id_number, name=booking.name, no_shows=count,
                                          created_at=now)
    notices.send_blacklisted(booking, entry)
    return entry


def no_shows_counted(id_number: str) -> int:
    """No-shows since the last lift of a blacklist entry (a lift starts the count afresh)."""
    last_lift = (BlacklistEntry.objects.filter(id_number=id_number, lifted_at__isnull=False)
                 .aggregate(at=Max("lifted_at"))["at"])
    no_shows = Booking.objects.filter(id_number=id_number, status=Status.NO_SHOW)
    if last_lift is not None:
        no_shows = no_shows.filter(finished_at__gt=last_lift)
    return no_shows.count()


def lift_blacklist(entry_id: int, *, by, reason: str, now: datetime | None = None) -> BlacklistEntry:
    """Staff lift an entry, saying why; the row stays, with who and when."""
    now = now or rules.now()
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput("请填写解除原因。", fields={"reason": ["请填写解除原因。"]})
    with transaction.atomic():
        entry = BlacklistEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise NotFound("未找到该黑名单记录。")
        if entry.lifted_at is not None:
            raise NotAllowedNow("该黑名单记录已解除。")
        entry.lifted_at, entry.lifted_by, entry.lift_reason = now, by, reason[:300]
        entry.save()
    return entry
