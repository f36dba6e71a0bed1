"""The citizen's pages (portal, zh-hans, phone-sized): choose the service and see its materials,
book, look a booking up with its number and ID number, cancel, confirm the notice."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hotline.api.guards import Throttled
from hotline.appointments import guards, selectors, services
from hotline.appointments.forms import BookingForm, LookupForm
from hotline.appointments.models import Booking
from hotline.portal import access
from tickets.errors import HotlineError, InvalidInput, NotFound

GRANTS = "portal_appointments"


def _throttled(response, exc: Throttled):
    response.status_code = 429
    response["Retry-After"] = str(exc.retry_after)
    return response


def _add_errors(form, exc: HotlineError) -> None:
    for field, texts in (exc.fields or {None: [exc.message]}).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
    if exc.fields and exc.message not in sum(exc.fields.values(), []):
        form.add_error(None, exc.message)


def index(request):
    return render(request, "appointments/portal/index.html",
                  {"services": selectors.services(), "window": selectors.booking_window()})


@require_http_methods(["GET", "POST"])
def new_booking(request):
    window = selectors.booking_window()
    if request.method == "GET":
        chosen = request.GET.get("service", "")[:40]
        form = BookingForm(window=window, initial={"service": chosen})
        return _form_page(request, form, window)
    form = BookingForm(request.POST, window=window)
    if not form.is_valid():
        return _form_page(request, form, window)
    from datetime import date

    data = dict(form.cleaned_data, date=date.fromisoformat(form.cleaned_data["date"]))
    try:
        with guards.booking_attempt(request):
            booking = services.book(**data)
    except Throttled as exc:
        form.add_error(None, exc.message)
        return _throttled(_form_page(request, form, window), exc)
    except HotlineError as exc:
        _add_errors(form, exc)
        return _form_page(request, form, window, status=exc.status)
    access.grant(request, booking, key=GRANTS)
    return redirect("appointments:booking", number=booking.number)


def _form_page(request, form, window, status=200):
    services_by_code = {s.code: s for s in selectors.services()}
    return render(request, "appointments/portal/new.html",
                  {"form": form, "window": window, "services": services_by_code.values()}, status=status)


@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method == "GET":
        return render(request, "appointments/portal/lookup.html",
                      {"form": LookupForm(initial={"number": request.GET.get("number", "")[:16]})})
    form = LookupForm(request.POST)
    if form.is_valid():
        try:
            with guards.lookup_attempt(request, form.cleaned_data["number"]):
                booking = selectors.find_for_applicant(form.cleaned_data["number"], form.cleaned_data["id_number"])
                if booking is None:
                    raise NotFound("未找到该预约，请核对预约号和身份证号。")
        except Throttled as exc:
            form.add_error(None, exc.message)
            return _throttled(render(request, "appointments/portal/lookup.html", {"form": form}), exc)
        except NotFound as exc:
            form.add_error(None, exc.message)
        else:
            access.grant(request, booking, key=GRANTS)
            return redirect("appointments:booking", number=booking.number)
    return render(request, "appointments/portal/lookup.html", {"form": form}, status=200)


def _granted(request, number) -> Booking | None:
    booking = Booking.objects.select_related("service", "period").filter(number=number).first()
    return booking if booking is not None and access.may_see(request, booking.pk, key=GRANTS) else None


def booking_page(request, number):
    booking = _granted(request, number)
    if booking is None:
        return redirect(f"/appointments/lookup/?number={number}")
    return render(request, "appointments/portal/booking.html",
                  {"booking": selectors.citizen_view(booking), "error": request.session.pop("appointment_error", "")})


def _act(request, number, action):
    booking = _granted(request, number)
    if booking is None:
        return redirect(f"/appointments/lookup/?number={number}")
    try:
        action(booking)
    except (HotlineError, InvalidInput) as exc:
        request.session["appointment_error"] = exc.message
    return redirect("appointments:booking", number=number)


@require_POST
def cancel(request, number):
    return _act(request, number, lambda b: services.citizen_cancel(b.pk, id_number=b.id_number))


@require_POST
def confirm(request, number):
    return _act(request, number, lambda b: services.confirm_notice(b.pk, id_number=b.id_number))
