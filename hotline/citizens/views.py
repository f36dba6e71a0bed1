"""The citizen-account pages of the portal (phone-sized, zh-hans): sign in with an SMS code, 我的信件，
the profile with real-name details and WeChat binding, and legal-person registration."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from hotline.api import guards
from hotline.citizens import selectors, services, session
from hotline.citizens.forms import LegalEntityForm, RealNameForm, SignInForm
from hotline.citizens.models import LegalEntity, WechatBinding
from hotline.portal import access
from tickets.errors import HotlineError, InvalidInput, NotFound
from tickets.phones import mask_phone


def citizen_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = session.current_account(request)
        if account is None:
            return redirect(f"{reverse('citizens:login')}?next={request.path}")
        request.citizen = account
        return view(request, *args, **kwargs)

    return wrapped


def _errors_onto(form, exc: HotlineError) -> None:
    for field, texts in (exc.fields or {None: [exc.message]}).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return reverse("citizens:letters")


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.method == "GET" and session.current_account(request):
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    context = {"form": form, "next": _next_url(request), "code_sent": False, "status": 200}
    if request.method == "POST" and form.is_valid():
        phone, address = form.cleaned_data["phone"], guards.client_address(request)
        try:
            if request.POST.get("action") == "send":
                services.request_code(phone, address=address)
                context["code_sent"] = True
                context["sent_to"] = mask_phone(services.mobile_number(phone))
            else:
                session.sign_in(request, services.sign_in(phone, form.cleaned_data["code"], address=address))
                return redirect(context["next"])
        except guards.Throttled as exc:
            form.add_error(None, exc.message)
            context["status"], context["retry_after"] = 429, exc.retry_after
            context["code_sent"] = request.POST.get("action") != "send"
        except services.InvalidCode as exc:
            form.add_error("code", exc.message)
            context["code_sent"] = True
        except InvalidInput as exc:
            _errors_onto(form, exc)
    elif request.method == "POST":
        context["code_sent"] = request.POST.get("action") != "send"
    context["resend_after"] = services.rules()["RESEND_SECONDS"]
    return render(request, "citizens/sign_in.html", context, status=context.pop("status"))


@require_POST
def sign_out(request):
    session.sign_out(request)
    messages.success(request, "已退出登录。")
    return redirect("portal:home")


@citizen_required
def my_letters(request):
    page = Paginator(selectors.letters_of_account(request.citizen), 10).get_page(request.GET.get("page"))
    letters = [selectors.my_letter_view(ticket) for ticket in page.object_list]
    return render(request, "citizens/my_letters.html", {"account": request.citizen, "page": page,
                                                         "letters": letters})


@citizen_required
def open_letter(request, letter_number):
    """One of my letters, on the portal's letter page (reply, timeline, rating): owning it is the
    proof, so no password is asked — the session is granted the letter as a lookup would."""
    try:
        ticket = selectors.letter_of_account(request.citizen, letter_number)
    except NotFound:
        messages.error(request, "未找到该信件。")
        return redirect("citizens:letters")
    access.grant(request, ticket)
    return redirect("portal:letter", letter_number=ticket.letter_number)


@citizen_required
@require_http_methods(["GET", "POST"])
def profile(request):
    account = request.citizen
    form = RealNameForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "unbind":
        services.unbind_wechat(request.POST.get("openid", ""), account=account)
        messages.success(request, "已解除微信绑定。")
        return redirect("citizens:profile")
    if request.method == "POST" and form.is_valid():
        try:
            services.set_real_name(account.pk, name=form.cleaned_data["name"],
                                   id_number=form.cleaned_data["id_number"])
        except HotlineError as exc:
            _errors_onto(form, exc)
            status = exc.status
        else:
            messages.success(request, "实名信息已登记。")
            return redirect("citizens:profile")
    return render(request, "citizens/profile.html", {
        "account": account, "profile": selectors.profile(account), "form": form,
        "bindings": WechatBinding.objects.filter(account=account).order_by("bound_at"),
        "legal_entity": LegalEntity.objects.filter(account=account).first(),
    }, status=status)


@citizen_required
@require_http_methods(["GET", "POST"])
def legal_person(request):
    account = request.citizen
    existing = LegalEntity.objects.filter(account=account).first()
    initial = {"legal_rep_name": account.real_name, "contact_phone": account.phone}
    form = LegalEntityForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.register_legal_entity(account.pk, **form.cleaned_data)
        except HotlineError as exc:
            _errors_onto(form, exc)
            status = exc.status
        else:
            messages.success(request, "法人用户注册成功。")
            return redirect("citizens:profile")
    return render(request, "citizens/legal_person.html",
                  {"account": account, "form": form, "existing": existing}, status=status)
