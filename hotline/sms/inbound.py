"""Ratings that come back by SMS: "<letter number> 1" (满意), 2 (基本满意) or 3 (不满意).

The sender's phone must be the letter's phone: that number received the invitation, so it is the
citizen's proof of ownership (as the password is on the web). Without a letter number, the
sender's most recent letter waiting for a rating is meant. The mapping to the two questions of a
rating: 1 and 2 count as solved, 3 as not solved (the SMS asks one question only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from hotline.sms.models import InboundSms
from tickets.errors import AlreadyRated, HotlineError
from tickets.models import Rating, Satisfaction, Status, Ticket
from tickets.phones import normalize_phone
from tickets.services.ratings import rate

CHOICES = {"1": (True, Satisfaction.SATISFIED), "2": (True, Satisfaction.BASIC),
           "3": (False, Satisfaction.UNSATISFIED)}
WORDS = (("不满意", "3"), ("基本满意", "2"), ("满意", "1"))
_LETTER = re.compile(r"(?<!\d)\d{15,16}(?!\d)")
_CHOICE = re.compile(r"(?<!\d)[123](?!\d)")
COMMENT_EDGES = " ,，.。;；:：、!！?？-—"  # what joins a choice to its comment

Outcome = InboundSms.Outcome


@dataclass(frozen=True)
class Result:
    outcome: str
    message: str
    ticket_id: int | None = None
    duplicate: bool = False


def parse(text: str) -> tuple[str | None, str | None, str]:
    """(letter number or None, choice "1"/"2"/"3" or None, the rest as a comment)."""
    letter = _LETTER.search(text)
    rest = _LETTER.sub(" ", text, count=1) if letter else text
    choice = _CHOICE.search(rest)
    if choice:
        rest = rest[:choice.start()] + rest[choice.end():]
    else:
        for word, digit in WORDS:
            if word in rest:
                choice, rest = digit, rest.replace(word, " ", 1)
                break
    value = choice.group() if isinstance(choice, re.Match) else choice
    # "不满意，还没修好": the comment is what follows the choice, without the comma that joined them.
    comment = " ".join(rest.split()).strip(COMMENT_EDGES)
    return (letter.group() if letter else None), value, comment[:200]


def _letter_for(sender: str, letter_number: str | None) -> Ticket | None:
    letters = Ticket.objects.filter(citizen_phone=sender)
    if letter_number:
        return letters.filter(letter_number=letter_number).first()
    return letters.filter(status=Status.RESOLVED).order_by("-resolved_at", "-id").first()


def receive(*, sender: str, text: str, provider_id: str = "") -> Result:
    """Act on one inbound SMS (once per gateway message id) and log it."""
    provider_id = provider_id or None
    if provider_id:
        seen = InboundSms.objects.filter(provider_id=provider_id).first()
        if seen is not None:
            return Result(seen.outcome, seen.detail, seen.ticket_id, duplicate=True)
    sender = normalize_phone(sender) or re.sub(r"\D", "", sender or "")
    result = _rate_from_sms(sender, text)
    try:
        with transaction.atomic():
            InboundSms.objects.create(provider_id=provider_id, sender=sender, text=text[:500], ticket_id=result.ticket_id,
                                      outcome=result.outcome, detail=result.message[:200])
    except IntegrityError:
        seen = InboundSms.objects.get(provider_id=provider_id)
        return Result(seen.outcome, seen.detail, seen.ticket_id, duplicate=True)
    return result


def _rate_from_sms(sender: str, text: str) -> Result:
    letter_number, choice, comment = parse(text)
    if choice is None:
        return Result(Outcome.NOT_UNDERSTOOD, "未能识别评价，请回复“信件编号 1”满意、2基本满意或3不满意。")
    ticket = _letter_for(sender, letter_number) if sender else None
    if ticket is None:
        return Result(Outcome.NOT_FOUND, "未找到本号码可评价的信件，请核对信件编号。")
    solved, satisfaction = CHOICES[choice]
    try:
        rate(ticket.pk, solved=solved, satisfaction=satisfaction, comment=comment, source=Rating.Source.SMS,
             send_thanks=True)
    except AlreadyRated as exc:
        return Result(Outcome.ALREADY_RATED, exc.message, ticket.pk)
    except HotlineError as exc:
        return Result(Outcome.NOT_RATEABLE, exc.message, ticket.pk)
    return Result(Outcome.RATED, f"已收到对信件{ticket.letter_number}的评价：{satisfaction.label}。", ticket.pk)
