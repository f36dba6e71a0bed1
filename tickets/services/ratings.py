"""Ratings (评价): the citizen's verdict on a resolution, from the web, WeChat, SMS or a callback."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tickets import letter_rules as rules
from tickets.errors import AlreadyRated, InvalidInput, TransitionNotAllowed
from tickets.models import EventKind, Rating, Satisfaction, Status
from tickets.services import notifications
from tickets.services.events import record_event

MAX_COMMENT = rules.COMMENT_MAX


def rate(ticket_id: int, *, solved, satisfaction, comment: str = "", source: str, recorded_by=None,
         send_thanks: bool = False) -> Rating:
    """Store the rating for the current resolution and let it settle the ticket (close, or reopen once).

    Only a `resolved` ticket can be rated, and each resolution only once (the `round` is the number
    of reopens so far); a second rating of the same resolution raises AlreadyRated (409).
    `send_thanks` queues the thank-you SMS in the same transaction — for channels where the citizen
    sees no page confirming the rating (an SMS reply).
    """
    from tickets.services.engine import locked_ticket
    from tickets.services.transitions import settle_after_rating

    errors = {}
    if not isinstance(solved, bool):
        errors["solved"] = ["请选择问题是否已解决。"]
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = ["请选择满意、基本满意或不满意。"]
    if comment is None:
        comment = ""
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
        errors["comment"] = [f"评价内容应为不超过{MAX_COMMENT}字的文本。"]
    if errors:
        raise InvalidInput(fields=errors)
    with locked_ticket(ticket_id) as ticket:
        if ticket.ratings.filter(round=ticket.reopen_count).exists():
            raise AlreadyRated()
        if ticket.status != Status.RESOLVED:
            raise TransitionNotAllowed("信件办结后才能评价。")
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    ticket=ticket, round=ticket.reopen_count, solved=solved, satisfaction=satisfaction,
                    comment=comment.strip(), source=source, department=ticket.lead_department,
                    recorded_by=recorded_by,
                )
        except IntegrityError as exc:
            raise AlreadyRated() from exc
        label = f"{'已解决' if solved else '未解决'},{Satisfaction(satisfaction).label}"
        record_event(ticket, EventKind.CALLBACK if recorded_by else EventKind.RATED, actor=recorded_by,
                     actor_label="" if recorded_by else "市民", department=ticket.lead_department,
                     text=comment.strip(), public_label=f"市民评价：{label}",
                     data={"solved": solved, "satisfaction": satisfaction, "source": source, "round": rating.round})
        settle_after_rating(ticket, rating)
        if send_thanks:
            notifications.queue_rating_thanks(ticket, rating)
        return rating
