"""Writes for citizen accounts: SMS codes, signing in (tokens), real-name details, legal persons and
WeChat bindings.

The SMS-code rules (issue 13, as most government sites apply them): 6 digits, valid 5 minutes, at
most 5 tries, a new code for the same number no sooner than 60 s after the last, and ceilings per
number and per client address. A wrong, expired, used or never-sent code are one and the same
answer (`InvalidCode`), so nobody learns which numbers have accounts. The code travels only through
the SMS outbox, wrapped as a secret (scrubbed from the stored message once sent) and never logged.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hotline.api.guards import Counter, Throttled
from hotline.citizens.models import CitizenAccount, CitizenToken, LegalEntity, SmsCode, WechatBinding
from tickets.errors import HotlineError, InvalidInput, TransitionNotAllowed
from tickets.identity import InvalidIdentity, validate_credit_code, validate_resident_id
from tickets.models import OutboundMessage
from tickets.phones import is_mobile, normalize_phone
from tickets.services import notifications

CODES_PER_PHONE = Counter("citizen_codes_per_phone")
CODES_PER_ADDRESS = Counter("citizen_codes_per_address")
SIGN_IN_FAILURES_PER_ADDRESS = Counter("citizen_sign_in_failures_per_address")

MOBILE_MESSAGE = "请填写11位手机号码。"


class InvalidCode(HotlineError):
    code, status, default_message = "invalid_code", 400, "验证码错误或已失效，请重新获取。"


def rules() -> dict:
    return settings.CITIZENS


def mobile_number(value) -> str:
    """The canonical mobile number, or InvalidInput naming the field: only a mobile receives an SMS."""
    phone = normalize_phone(value) if isinstance(value, str) else None
    if not phone or not is_mobile(phone):
        raise InvalidInput(fields={"phone": [MOBILE_MESSAGE]})
    return phone


# --- SMS codes ------------------------------------------------------------------------------------

def _resend_key(phone: str, purpose: str) -> str:
    return f"citizens:resend:{purpose}:{phone}"


def _resend_wait(phone: str, purpose: str) -> int:
    """Claim the 60-second resend window for this number (atomically, in the shared cache); the
    seconds still to wait when another code went out within it, else 0."""
    seconds = rules()["RESEND_SECONDS"]
    key = _resend_key(phone, purpose)
    if cache.add(key, time.time() + seconds, seconds):
        return 0
    end = cache.get(key) or time.time() + 1
    return max(1, int(end - time.time() + 0.999))


def _reserve(pairs: list[tuple[Counter, str]], message: str) -> None:
    taken = []
    for counter, value in pairs:
        taken.append((counter, value))
        if not counter.reserve(value):
            wait = counter.retry_after(value)
            for done, done_value in taken:
                done.release(done_value)
            raise Throttled(message.format(minutes=max(1, (wait + 59) // 60)), retry_after=wait)


def request_code(phone, *, address: str, purpose: str = SmsCode.Purpose.SIGN_IN, context: str = "") -> SmsCode:
    """Send a new code to this mobile number through the SMS outbox. Throttled (429) when the last
    code went out less than RESEND_SECONDS ago or a ceiling (per number, per address) is reached."""
    phone = mobile_number(phone)
    wait = _resend_wait(phone, purpose)
    if wait:
        raise Throttled(f"验证码已发送，请{wait}秒后再重新获取。", retry_after=wait)
    try:
        _reserve([(CODES_PER_PHONE, phone), (CODES_PER_ADDRESS, address or "unknown")],
                 "获取验证码过于频繁，请{minutes}分钟后再试。")
        return _send_code(phone, address=address, purpose=purpose, context=context)
    except BaseException:
        cache.delete(_resend_key(phone, purpose))  # no code went out: the window is not used up
        raise


def _send_code(phone: str, *, address: str, purpose: str, context: str) -> SmsCode:
    code = f"{secrets.randbelow(10 ** rules()['CODE_LENGTH']):0{rules()['CODE_LENGTH']}d}"
    now = timezone.now()
    with transaction.atomic():
        row = SmsCode(phone=phone, purpose=purpose, context=context[:64], requested_from=(address or "")[:80],
                      created_at=now, expires_at=now + timedelta(seconds=rules()["CODE_TTL_SECONDS"]))
        row.set_code(code)
        row.save()
        notifications.queue(channel=OutboundMessage.Channel.SMS, recipient=phone, template="citizen_sms_code",
                            ticket=None, dedupe_key=f"citizen-code:{row.pk}", code=notifications.secret(code),
                            minutes=rules()["CODE_TTL_SECONDS"] // 60)
    return row


def check_code(phone: str, code, *, purpose: str, context: str = "") -> None:
    """Spend one try of the newest code for this number and purpose; InvalidCode unless it matches.
    A match uses the code up, so it opens exactly one session."""
    given = code.strip() if isinstance(code, str) else ""
    now = timezone.now()
    with transaction.atomic():
        row = (SmsCode.objects.select_for_update().filter(phone=phone, purpose=purpose, context=context[:64])
               .order_by("-id").first())
        usable = (row is not None and row.used_at is None and row.expires_at > now
                  and row.attempts < rules()["CODE_MAX_TRIES"])
        if usable and given.isdigit() and row.matches(given):
            SmsCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
            return
        if usable:
            SmsCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    raise InvalidCode()


# --- signing in -------------------------------------------------------------------------------------

def sign_in(phone, code, *, address: str) -> CitizenAccount:
    """The account of this mobile number (created at its first sign-in: registering is signing in),
    once the SMS code checks out. Failed tries also count against the client address."""
    phone = mobile_number(phone)
    address = address or "unknown"
    _reserve([(SIGN_IN_FAILURES_PER_ADDRESS, address)], "验证码错误次数过多，请{minutes}分钟后再试。")
    try:
        check_code(phone, code, purpose=SmsCode.Purpose.SIGN_IN)
    except InvalidCode:
        raise
    except BaseException:
        SIGN_IN_FAILURES_PER_ADDRESS.release(address)
        raise
    SIGN_IN_FAILURES_PER_ADDRESS.release(address)
    account, _ = CitizenAccount.objects.get_or_create(phone=phone)
    if not account.is_active:
        raise InvalidCode("该账号已停用，请拨打12345咨询。")
    CitizenAccount.objects.filter(pk=account.pk).update(last_login_at=timezone.now())
    return account


@dataclass(frozen=True)
class IssuedToken:
    key: str  # shown once to the client; only its hash is stored
    expires_at: object


def issue_token(account: CitizenAccount) -> IssuedToken:
    key = CitizenToken.PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=rules()["TOKEN_DAYS"])
    CitizenToken.objects.create(key_hash=CitizenToken.hash_key(key), account=account, expires_at=expires_at)
    # Expired tokens of this account go when a new one is issued: the table stays small.
    CitizenToken.objects.filter(account=account, expires_at__lte=timezone.now()).delete()
    return IssuedToken(key=key, expires_at=expires_at)


def revoke_token(key: str) -> None:
    CitizenToken.objects.filter(key_hash=CitizenToken.hash_key(key)).delete()


# --- real name and legal persons --------------------------------------------------------------------------

def _identity(validate, value, field: str) -> str:
    try:
        return validate(value if isinstance(value, str) else "")
    except InvalidIdentity as exc:
        raise InvalidInput(fields={field: [exc.message]}) from None


def _name(value, field: str, label: str, limit: int = 50) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise InvalidInput(fields={field: [f"请填写{label}。"]})
    if len(text) > limit:
        raise InvalidInput(fields={field: [f"{label}不能超过{limit}个字。"]})
    return text


def set_real_name(account_id: int, *, name, id_number) -> CitizenAccount:
    """实名认证: the name and resident ID number (GB 11643 check digit). Given once: afterwards they
    cannot be changed (409), and one ID number belongs to one account."""
    name = _name(name, "name", "姓名")
    number = _identity(validate_resident_id, id_number, "id_number")
    with transaction.atomic():
        account = CitizenAccount.objects.select_for_update().get(pk=account_id)
        if account.has_real_name:
            raise TransitionNotAllowed("实名信息已登记，不能更改。如有错误请携带身份证到政务服务大厅办理。")
        if CitizenAccount.objects.filter(id_number=number).exclude(pk=account.pk).exists():
            raise InvalidInput(fields={"id_number": ["该身份证号已被其他账号实名登记。"]})
        account.real_name, account.id_number, account.real_name_at = name, number, timezone.now()
        try:
            with transaction.atomic():
                account.save(update_fields=["real_name", "id_number", "real_name_at"])
        except IntegrityError:
            raise InvalidInput(fields={"id_number": ["该身份证号已被其他账号实名登记。"]}) from None
        return account


def register_legal_entity(account_id: int, *, kind, name, credit_code, legal_rep_name, legal_rep_id_number,
                          contact_phone) -> LegalEntity:
    """法人用户注册. Seed 003: the legal representative must first complete real-name registration as
    a natural person — here, the signed-in account itself, whose real name and ID number must be the
    representative's. The code is checked against GB 32100; one organisation registers once."""
    errors: dict[str, list[str]] = {}
    if kind not in LegalEntity.Kind.values:
        errors["kind"] = ["请选择法人类型。"]
    values = {}
    for field, check in (("name", lambda: _name(name, "name", "单位名称", 100)),
                         ("credit_code", lambda: _identity(validate_credit_code, credit_code, "credit_code")),
                         ("legal_rep_name", lambda: _name(legal_rep_name, "legal_rep_name", "法定代表人姓名")),
                         ("legal_rep_id_number",
                          lambda: _identity(validate_resident_id, legal_rep_id_number, "legal_rep_id_number")),
                         ("contact_phone", lambda: mobile_number(contact_phone))):
        try:
            values[field] = check()
        except InvalidInput as exc:
            for key, texts in exc.fields.items():
                errors["contact_phone" if key == "phone" else key] = texts
    if errors:
        raise InvalidInput(fields=errors)
    with transaction.atomic():
        account = CitizenAccount.objects.select_for_update().get(pk=account_id)
        if not account.has_real_name:
            raise TransitionNotAllowed("法人用户注册前，法定代表人须先完成自然人实名认证。")
        if (values["legal_rep_name"], values["legal_rep_id_number"]) != (account.real_name, account.id_number):
            raise InvalidInput(fields={"legal_rep_id_number": [
                "法定代表人姓名和身份证号须与本账号的实名信息一致（由法定代表人本人注册）。"]})
        if LegalEntity.objects.filter(account=account).exists():
            raise TransitionNotAllowed("本账号已注册法人用户。")
        if LegalEntity.objects.filter(credit_code=values["credit_code"]).exists():
            raise InvalidInput(fields={"credit_code": ["该统一社会信用代码已注册。"]})
        try:
            with transaction.atomic():
                return LegalEntity.objects.create(account=account, kind=kind, **values)
        except IntegrityError:
            raise InvalidInput(fields={"credit_code": ["该统一社会信用代码已注册。"]}) from None


# --- WeChat ------------------------------------------------------------------------------------------

def request_wechat_binding(openid: str, phone) -> SmsCode:
    """A follower asks to bind the account of this number: a code goes to the number (the follower's
    openid stands in for the client address in the limits)."""
    return request_code(phone, address=f"wechat:{openid}", purpose=SmsCode.Purpose.WECHAT_BIND, context=openid)


def confirm_wechat_binding(openid: str, code) -> CitizenAccount:
    """The follower sent back the code: bind its openid to the account of the number the code went
    to (creating the account, as signing in would)."""
    pending = (SmsCode.objects.filter(purpose=SmsCode.Purpose.WECHAT_BIND, context=openid[:64])
               .order_by("-id").first())
    if pending is None:
        raise InvalidCode("请先发送“绑定 手机号”获取验证码。")
    check_code(pending.phone, code, purpose=SmsCode.Purpose.WECHAT_BIND, context=openid)
    account, _ = CitizenAccount.objects.get_or_create(phone=pending.phone)
    WechatBinding.objects.update_or_create(openid=openid[:64], defaults={"account": account,
                                                                          "bound_at": timezone.now()})
    return account


def unbind_wechat(openid: str, *, account: CitizenAccount | None = None) -> bool:
    bindings = WechatBinding.objects.filter(openid=openid[:64])
    if account is not None:
        bindings = bindings.filter(account=account)
    return bindings.delete()[0] > 0
