"""Reads of the weekend appointment service: what a citizen may see, what the hall's staff work from."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q

from hotline.appointments import notices, rules
from hotline.appointments.models import (ACTIVE_STATUSES, BlacklistEntry, Booking, Period, Service, Status)
from tickets.identity import validate_resident_id
from tickets.privacy import mask_id_number, mask_phone
from tickets.working_time import load_calendar


def services() -> list[Service]:
    return list(Service.objects.filter(is_active=True))


def service_view(service: Service) -> dict:
    return {"code": service.code, "name": service.name, "materials": service.materials_list,
            "department": service.department, "notes": service.notes}


def periods() -> list[Period]:
    return list(Period.objects.filter(is_active=True))


def period_view(period: Period) -> dict:
    return {"code": period.code, "start": f"{period.start:%H:%M}", "end": f"{period.end:%H:%M}"}


def booking_window(now: datetime | None = None) -> dict:
    """Whether bookings are open now, and for which days (with why a day is refused)."""
    now = now or rules.now()
    calendar = load_calendar()
    saturday, sunday = rules.this_weekend(now)
    is_open = rules.is_open(now)
    days = []
    for day in (saturday, sunday):
        if day in calendar.holidays:
            refusal = "法定节假日，不办理业务"
        elif day in calendar.makeup_workdays:
            refusal = "调休工作日，大厅正常办公，无需预约"
        else:
            refusal = ""
        days.append({"date": day.isoformat(), "label": rules.day_label(day), "bookable": is_open and not refusal,
                     "refusal": refusal})
    return {"open": is_open, "message": "" if is_open else rules.closed_message(now), "days": days,
            "periods": [period_view(p) for p in periods()]}


def find_for_applicant(number, id_number) -> Booking | None:
    """The booking with this number whose applicant holds this ID number (else None, whichever is wrong)."""
    if not isinstance(number, str) or not number.strip().isdigit():
        return None
    try:
        id_number = validate_resident_id(id_number)
    except Exception:  # noqa: BLE001 — any malformed ID number simply matches nothing
        return None
    return (Booking.objects.select_related("service", "period")
            .filter(number=number.strip(), id_number=id_number).first())


def citizen_view(booking: Booking, now: datetime | None = None) -> dict:
    """The booking as its applicant sees it (ID number and phone masked, the notice when sent)."""
    now = now or rules.now()
    deadline = rules.cancel_deadline(booking.date, booking.start_time)
    notified = booking.status in (Status.NOTIFIED, Status.CONFIRMED, Status.CHECKED_IN, Status.DONE)
    return {
        "id": booking.number,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "service": {"code": booking.service.code, "name": booking.service.name},
        "name": booking.name,
        "id_number": mask_id_number(booking.id_number),
        "phone": mask_phone(booking.phone),
        "date": booking.date.isoformat(),
        "period": booking.period.code,
        "time": f"{booking.start_time:%H:%M}" if booking.confirmed_time else None,
        "window": booking.window or None,
        "materials": [line.strip() for line in booking.materials.splitlines() if line.strip()],
        "notice": notices.notice_text(booking) if notified and booking.notified_at else None,
        "notice_confirmed": booking.citizen_confirmed_at is not None,
        "queue_number": booking.queue_number or None,
        "cancel_deadline": rules.local(deadline).isoformat(),
        "cancel_deadline_label": f"{rules.local(deadline):%m月%d日 %H:%M}",
        "can_cancel": booking.status in (Status.PENDING, Status.NOTIFIED, Status.CONFIRMED) and now <= deadline,
        "can_confirm": booking.status == Status.NOTIFIED,
        "cancel_reason": booking.cancel_text if booking.status == Status.CANCELLED else None,
        "created_at": rules.local(booking.created_at).isoformat(),
    }


def review_queue():
    """Bookings waiting for staff review, the earliest day first."""
    return (Booking.objects.filter(status=Status.PENDING).select_related("service", "period")
            .order_by("date", "period__start", "id"))


def window_list(day: date):
    """The day's bookings at the window (not the cancelled ones), by time."""
    return (Booking.objects.filter(date=day).exclude(status=Status.CANCELLED)
            .select_related("service", "period").order_by("period__start", "confirmed_time", "id"))


def day_counts(day: date) -> dict:
    rows = Booking.objects.filter(date=day).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def blacklist(*, include_lifted: bool = False):
    entries = BlacklistEntry.objects.select_related("lifted_by")
    return entries if include_lifted else entries.filter(lifted_at__isnull=True)


def staff_view(booking: Booking) -> dict:
    """For hall staff: the ID number stays masked (it is checked against the card at the window)."""
    view = citizen_view(booking)
    view.update({"pk": booking.pk, "phone": mask_phone(booking.phone), "staff_note": booking.staff_note,
                 "active": booking.status in ACTIVE_STATUSES})
    return view


def history(booking: Booking):
    return booking.events.select_related("by").order_by("at", "id")


def pending_count() -> int:
    return Booking.objects.filter(Q(status=Status.PENDING)).count()
