"""The hall's console pages (/console/appointments/): the review queue, the day's window list with
check-in by ID number, done / no-show, one booking's review, and the blacklist. Thin: each POST
calls one service and comes back with a message."""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hotline.appointments import access, rules, selectors, services
from hotline.appointments.forms import CheckInForm, LiftForm, ReviewForm, StaffCancelForm
from hotline.appointments.models import Booking
from hotline.consoles.access import console_for
from tickets.errors import HotlineError
from tickets.privacy import mask_id_number

hall = console_for(access.HALL_STAFF)
TABS = (("queue", "待审核"), ("day", "当日窗口"), ("blacklist", "黑名单"))


def _day(value) -> date:
    try:
        return date.fromisoformat(value) if value else rules.local(rules.now()).date()
    except (TypeError, ValueError):
        return rules.local(rules.now()).date()


@hall
def desk(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in dict(TABS) else "queue"
    day = _day(request.GET.get("date"))
    context = {"tabs": TABS, "tab": tab, "day": day, "day_label": rules.day_label(day),
               "pending": selectors.pending_count(), "check_in_form": CheckInForm(), "lift_form": LiftForm(),
               "weekend": rules.this_weekend(rules.now())}
    if tab == "queue":
        context["rows"] = selectors.review_queue()[:200]
    elif tab == "day":
        context["rows"] = selectors.window_list(day)
        context["counts"] = selectors.day_counts(day)
    else:
        context["entries"] = [(entry, mask_id_number(entry.id_number))
                              for entry in selectors.blacklist(include_lifted=request.GET.get("all") == "1")[:200]]
    return render(request, "appointments/console/desk.html", context)


@hall
def booking(request, pk):
    row = get_object_or_404(Booking.objects.select_related("service", "period"), pk=pk)
    review_form = ReviewForm(initial={"time": row.confirmed_time or row.period.start, "materials": row.materials,
                                      "window": row.window or ReviewForm.base_fields["window"].initial,
                                      "note": row.staff_note})
    return render(request, "appointments/console/booking.html", {
        "row": row, "view": selectors.staff_view(row), "masked_id": mask_id_number(row.id_number),
        "history": selectors.history(row), "review_form": review_form, "cancel_form": StaffCancelForm(),
        "no_shows": services.no_shows_counted(row.id_number)})


def _done(request, action, ok: str, back: str):
    try:
        action()
    except HotlineError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(back)


@hall
@require_POST
def review(request, pk):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审核内容有误：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("appointments:console-booking", pk=pk)
    data = form.cleaned_data
    return _done(request, lambda: services.review(pk, by=request.user, confirmed_time=data["time"],
                                                  window=data["window"], materials=data["materials"],
                                                  note=data["note"]),
                 "已确定时间和材料，告知单已通过短信发送。", f"/console/appointments/{pk}/")


@hall
@require_POST
def cancel(request, pk):
    form = StaffCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择取消原因。")
        return redirect("appointments:console-booking", pk=pk)
    return _done(request, lambda: services.staff_cancel(pk, by=request.user, reason=form.cleaned_data["reason"],
                                                        note=form.cleaned_data["note"]),
                 "预约已取消，原因已通过短信告知申请人。", f"/console/appointments/{pk}/")


@hall
@require_POST
def finish(request, pk):
    back = request.POST.get("back") or f"/console/appointments/{pk}/"
    return _done(request, lambda: services.finish(pk, by=request.user), "已办理完毕。", _safe(back, pk))


@hall
@require_POST
def no_show(request, pk):
    back = request.POST.get("back") or f"/console/appointments/{pk}/"
    return _done(request, lambda: services.mark_no_show(pk, by=request.user), "已标记为未履约。", _safe(back, pk))


def _safe(back: str, pk) -> str:
    return back if back.startswith("/console/appointments/") else f"/console/appointments/{pk}/"


@hall
@require_POST
def check_in(request):
    form = CheckInForm(request.POST)
    back = "/console/appointments/?tab=day"
    if not form.is_valid():
        messages.error(request, "请填写身份证号。")
        return redirect(back)
    result = {}

    def act():
        result["booking"] = services.check_in(id_number=form.cleaned_data["id_number"], by=request.user)

    try:
        act()
    except HotlineError as exc:
        messages.error(request, exc.message)
    else:
        row = result["booking"]
        messages.success(request, f"取号成功：{row.queue_number}({row.name}，{row.service.name}，"
                                  f"{row.start_time:%H:%M})。")
    return redirect(back)


@hall
@require_POST
def lift(request, entry_id):
    form = LiftForm(request.POST)
    back = "/console/appointments/?tab=blacklist"
    if not form.is_valid():
        messages.error(request, "请填写解除原因。")
        return redirect(back)
    return _done(request, lambda: services.lift_blacklist(entry_id, by=request.user, reason=form.cleaned_data["reason"]),
                 "已解除黑名单，操作已记录。", back)
