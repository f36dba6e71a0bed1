"""What the citizen is told by SMS, through the hotline's outbox (tickets.OutboundMessage, delivered
by hotline.sms). The wording is registered with the core's message catalogue at start-up, so it
is rendered, queued and delivered like every other notice."""

from __future__ import annotations

from tickets.models import OutboundMessage
from tickets.services import notifications

from hotline.appointments import rules

TEMPLATES = {
    "appointment_received": "【12345政务服务】您的双休日预约申请已提交，预约号{number}（{service}，{day} {period}）。"
                            "工作人员审核后将以短信发送预约告知单，请留意。",
    "appointment_notice": "【12345政务服务】预约告知单：预约号{number}，{service}，请于{day} {time}到市政务服务大厅"
                          "{window}凭二代身份证取号确认。请携带：{materials}。{note}请凭预约号和身份证号登录网站确认预约；"
                          "无法前来请至少提前半天取消。",
    "appointment_cancelled": "【12345政务服务】您的预约{number}（{service}，{day}）已由工作人员取消，原因：{reason}。"
                             "如有疑问请拨打12345。",
    "appointment_blacklisted": "【12345政务服务】您预约成功后未履约已超过两次，按规定已列入预约黑名单，暂不能预约"
                               "双休日服务。如有异议请拨打12345。",
}

LABELS = {
    "appointment_received": "短信·双休日预约·申请已提交",
    "appointment_notice": "短信·双休日预约·告知单",
    "appointment_cancelled": "短信·双休日预约·工作人员取消（含原因）",
    "appointment_blacklisted": "短信·双休日预约·列入黑名单",
}


def register_templates() -> None:
    for name, text in TEMPLATES.items():
        notifications.DEFAULT_TEMPLATES.setdefault(name, text)
        notifications.TEMPLATE_LABELS.setdefault(name, LABELS[name])


def _send(booking, template: str, dedupe_key: str, **context) -> None:
    notifications.queue(channel=OutboundMessage.Channel.SMS, recipient=booking.phone, template=template,
                        ticket=None, dedupe_key=dedupe_key, number=booking.number, service=booking.service.name,
                        day=rules.day_label(booking.date), **context)


def notice_text(booking) -> str:
    """The 告知单 as the citizen reads it, on the page and (shortened) in the SMS."""
    materials = "、".join(line.strip() for line in booking.materials.splitlines() if line.strip()) or "无"
    return (f"预约号 {booking.number}：{booking.service.name}。请于{rules.day_label(booking.date)} "
            f"{booking.start_time:%H:%M}（时间段{booking.period.code}）到市政务服务大厅"
            f"{booking.window or '预约窗口'}凭二代身份证取号确认。请携带：{materials}。"
            + (f"{booking.staff_note}。" if booking.staff_note else ""))


def send_received(booking) -> None:
    _send(booking, "appointment_received", f"appt-received:{booking.pk}", period=booking.period.code)


def send_notice(booking, round_: int) -> None:
    materials = "、".join(line.strip() for line in booking.materials.splitlines() if line.strip()) or "无"
    _send(booking, "appointment_notice", f"appt-notice:{booking.pk}:{round_}", time=f"{booking.start_time:%H:%M}",
          window=booking.window or "预约窗口", materials=materials,
          note=f"{booking.staff_note}。" if booking.staff_note else "")


def send_cancelled(booking, reason: str) -> None:
    _send(booking, "appointment_cancelled", f"appt-cancelled:{booking.pk}", reason=reason)


def send_blacklisted(booking, entry) -> None:
    _send(booking, "appointment_blacklisted", f"appt-blacklisted:{entry.pk}")
