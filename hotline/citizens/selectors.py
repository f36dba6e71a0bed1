"""Reads for citizen accounts: who a token or session belongs to, the account's letters (我的信件),
and what staff see of a ticket's citizen."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hotline.citizens.models import CitizenAccount, CitizenToken, LegalEntity, WechatBinding
from tickets.errors import NotFound
from tickets.models import Ticket
from tickets.privacy import mask_id_number
from tickets.selectors import public_view


def account_for_token(key: str) -> CitizenAccount | None:
    """The active account of an unexpired citizen token, or None."""
    if not isinstance(key, str) or not key.startswith(CitizenToken.PREFIX) or len(key) > 100:
        return None
    token = (CitizenToken.objects.select_related("account")
             .filter(key_hash=CitizenToken.hash_key(key), expires_at__gt=timezone.now()).first())
    if token is None or not token.account.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        CitizenToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most every 5 minutes
    return token.account


def letters_of_account(account: CitizenAccount) -> QuerySet:
    """我的信件: every letter written with the account's (SMS-verified) phone number, through any
    channel — web, phone, WeChat, SMS — plus those a bound WeChat follower sent, newest first.
    Numbers are compared in their canonical form (tickets.phones), which is how tickets store them."""
    openids = list(WechatBinding.objects.filter(account=account).values_list("openid", flat=True))
    match = Q(citizen_phone=account.phone)
    if openids:
        match |= Q(citizen_openid__in=openids)
    return (Ticket.objects.filter(match).select_related("lead_department", "category")
            .order_by("-created_at", "-id"))


def letter_of_account(account: CitizenAccount, letter_number) -> Ticket:
    """One of the account's letters; anyone else's answers exactly like a missing one."""
    ticket = None
    if isinstance(letter_number, str) and letter_number.isdigit() and len(letter_number) <= 16:
        ticket = letters_of_account(account).filter(letter_number=letter_number).first()
    if ticket is None:
        raise NotFound("未找到该信件。")
    return ticket


def my_letter_view(ticket: Ticket) -> dict:
    """A letter as its owner sees it in 我的信件: the lookup body plus the channel it came by."""
    body = public_view(ticket)
    body["channel"] = ticket.channel
    body["channel_label"] = ticket.get_channel_display()
    return body


def account_of_follower(openid: str) -> CitizenAccount | None:
    binding = WechatBinding.objects.select_related("account").filter(openid=openid, account__is_active=True).first()
    return binding.account if binding else None


def letters_of_follower(openid: str, *, limit: int = 10) -> list[Ticket]:
    """What 查询 lists in WeChat: the follower's own letters, or — once bound — the account's."""
    account = account_of_follower(openid)
    letters = letters_of_account(account) if account else Ticket.objects.filter(citizen_openid=openid)
    return list(letters.order_by("-created_at", "-id")[:limit])


def letter_of_follower(openid: str, letter_number: str) -> Ticket:
    account = account_of_follower(openid)
    if account is not None:
        return letter_of_account(account, letter_number)
    from tickets.selectors.letters import letter_of_openid

    return letter_of_openid(openid, letter_number)


def profile(account: CitizenAccount) -> dict:
    """GET /api/v1/citizens/me/: the account as its holder sees it (ID numbers masked even here: a
    token on a lost phone should not give them away)."""
    entity = LegalEntity.objects.filter(account=account).first()
    return {
        "phone": account.phone,
        "real_name": account.real_name,
        "id_number": mask_id_number(account.id_number),
        "real_name_verified": account.has_real_name,
        "legal_person": _legal_person(entity, full=True),
        "wechat_bound": WechatBinding.objects.filter(account=account).exists(),
        "registered_at": timezone.localtime(account.created_at).isoformat(),
    }


def _legal_person(entity: LegalEntity | None, *, full: bool = False) -> dict | None:
    if entity is None:
        return None
    body = {"name": entity.name, "credit_code": entity.credit_code, "kind": entity.kind,
            "kind_label": entity.get_kind_display()}
    if full:
        body.update(legal_rep_name=entity.legal_rep_name, contact_phone=entity.contact_phone)
    return body


def staff_facts(ticket: Ticket, user) -> dict:
    """Registered with the core (tickets.selectors.citizen_facts): whether this ticket's phone number
    (or WeChat follower) is a verified citizen account, its real-name state, and a legal person's
    name and credit code. Masked as the rest of the ticket: ID numbers never in full."""
    account = None
    if ticket.citizen_phone:
        account = CitizenAccount.objects.filter(phone=ticket.citizen_phone, is_active=True).first()
    if account is None and ticket.citizen_openid:
        account = account_of_follower(ticket.citizen_openid)
    if account is None:
        return {"account": None}
    entity = LegalEntity.objects.filter(account=account).first()
    return {"account": {
        "verified": True,  # the phone number was proved by an SMS code
        "real_name_verified": account.has_real_name,
        "real_name": account.real_name,
        "id_number": mask_id_number(account.id_number),
        "legal_person": _legal_person(entity),
    }}
