"""我要写信 and 信件查询: submit a letter, see its number and password, look it up, rate the reply."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from hotline.api import guards
from hotline.citizens import session as citizen_session
from hotline.clients import declared_too_large
from hotline.portal import access
from hotline.portal.forms import TYPE_GUIDES, LetterForm, LookupForm, RatingForm
from tickets.errors import HotlineError, InvalidInput, NotFound
from tickets import letter_rules
from tickets.models import Channel, Rating, Ticket, TicketType
from tickets.privacy import mask_phone
from tickets.selectors import public_view
from tickets.selectors.letters import citizen_attachments
from tickets.services import attachments
from tickets.services.intake import submit_letter
from tickets.services.ratings import rate

SUBMITTED_KEY = "portal_submitted"
# Five attachments at their largest plus the text fields: anything bigger is refused unread.
MAX_REQUEST_BYTES = attachments.MAX_FILES * attachments.MAX_BYTES + 1024 * 1024


def _throttled(response, exc: guards.Throttled):
    response.status_code = 429
    response["Retry-After"] = str(exc.retry_after)
    return response


def _form_errors(form, exc: InvalidInput) -> None:
    """Put the domain's field errors next to the form's fields (or on top when there is no such field)."""
    for field, texts in (exc.fields or {None: [exc.message]}).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def _letter_form_page(request, form, status=200):
    chosen = form["type"].value() or TicketType.CONSULTATION
    guides = [(value, label, *TYPE_GUIDES[value]) for value, label in TicketType.choices]
    return render(request, "portal/letter_form.html",
                  {"form": form, "guides": guides, "chosen_type": chosen,
                   "max_files": attachments.MAX_FILES}, status=status)


@csrf_exempt  # checked below, after the size check, so an oversized upload is refused before it is read
@require_http_methods(["GET", "POST"])
def new_letter(request):
    if request.method == "POST" and declared_too_large(request, MAX_REQUEST_BYTES):
        return render(request, "portal/too_large.html", {"max_mb": MAX_REQUEST_BYTES // (1024 * 1024)}, status=413)
    return _new_letter(request)


@csrf_protect
def _new_letter(request):
    if request.method == "GET":
        chosen = request.GET.get("type")
        initial = {"type": chosen} if chosen in TicketType.values else {}
        # A signed-in citizen's name and number are filled in (hotline.citizens).
        initial.update(citizen_session.letter_initial(request))
        return _letter_form_page(request, LetterForm(initial=initial or None))
    form = LetterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _letter_form_page(request, form)
    data = form.cleaned_data
    try:
        with guards.submission_allowed(request, data["phone"]):
            registration = submit_letter(channel=Channel.WEB, attachments=data["attachments"],
                                         **letter_rules.letter_kwargs(data))
    except guards.Throttled as exc:
        form.add_error(None, exc.message)
        return _throttled(_letter_form_page(request, form), exc)
    except InvalidInput as exc:
        _form_errors(form, exc)
        return _letter_form_page(request, form)
    ticket = registration.ticket
    access.grant(request, ticket)
    request.session[SUBMITTED_KEY] = {"letter_number": ticket.letter_number, "password": registration.password,
                                      "phone": mask_phone(ticket.citizen_phone)}
    return redirect("portal:letter-done")


def letter_done(request):
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("portal:letter-new")
    return render(request, "portal/letter_done.html", {"submitted": submitted})


@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method == "GET":
        return render(request, "portal/lookup.html",
                      {"form": LookupForm(initial={"letter_number": request.GET.get("number", "")[:32]})})
    form = LookupForm(request.POST)
    if form.is_valid():
        try:
            ticket = guards.guarded_lookup(request, form.cleaned_data["letter_number"], form.cleaned_data["password"])
        except guards.Throttled as exc:
            form.add_error(None, exc.message)
            return _throttled(render(request, "portal/lookup.html", {"form": form}), exc)
        except NotFound as exc:
            form.add_error(None, exc.message)
        else:
            access.grant(request, ticket)
            return redirect("portal:letter", letter_number=ticket.letter_number)
    return render(request, "portal/lookup.html", {"form": form})


def _granted_ticket(request, letter_number) -> Ticket | None:
    ticket = Ticket.objects.select_related("lead_department").filter(letter_number=letter_number).first()
    return ticket if ticket is not None and access.may_see(request, ticket.pk) else None


def _ask_password(letter_number):
    # The same answer whether or not the number exists: the password page.
    return redirect(f"{reverse('portal:lookup')}?number={letter_number}")


def letter(request, letter_number):
    ticket = _granted_ticket(request, letter_number)
    if ticket is None:
        return _ask_password(letter_number)
    return _letter_page(request, ticket, RatingForm())


def _letter_page(request, ticket, rating_form, status=200):
    letter = public_view(ticket)
    timeline = [{"at": parse_datetime(step["at"]), "label": step["label"]} for step in letter["timeline"]]
    return render(request, "portal/letter.html", {
        "letter": letter,
        "timeline": timeline,
        "ticket": ticket,
        "attachments": [a for a in citizen_attachments(ticket) if a.reply_id is None],
        "rating_form": rating_form,
    }, status=status)


@require_POST
def rate_letter(request, letter_number):
    ticket = _granted_ticket(request, letter_number)
    if ticket is None:
        return _ask_password(letter_number)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, ticket, form)
    try:
        rate(ticket.pk, solved=form.cleaned_data["solved"], satisfaction=form.cleaned_data["satisfaction"],
             comment=form.cleaned_data["comment"], source=Rating.Source.WEB)
    except InvalidInput as exc:
        _form_errors(form, exc)
        return _letter_page(request, ticket, form)
    except HotlineError as exc:  # already rated, or no longer awaiting a rating
        messages.error(request, exc.message)
    else:
        messages.success(request, "感谢您的评价！")
    return redirect("portal:letter", letter_number=letter_number)
