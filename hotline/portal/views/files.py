"""Attachments, served only to whoever may see their ticket: staff who can see it, or the citizen in
a session that proved access. Everyone else gets the same 404 as for a file that does not exist."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from hotline.clients import client_ip
from hotline.portal import access
from tickets import privacy
from tickets.models import Attachment
from tickets.selectors import visible_tickets
from tickets.selectors.letters import citizen_may_open


def _staff_may_see(user, ticket_id: int) -> bool:
    return bool(user.is_authenticated and visible_tickets(user).filter(pk=ticket_id).exists())


@require_GET
def attachment(request, attachment_id):
    item = Attachment.objects.select_related("ticket").filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    staff = _staff_may_see(request.user, item.ticket_id)
    citizen = not staff and (access.may_see(request, item.ticket_id)
                             or access.token_opens(request.GET.get("t"), item.pk))
    if not (staff or citizen):
        raise Http404
    if citizen and not citizen_may_open(item):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if staff:
        privacy.log_access(item.ticket, request.user, via="attachment", fields=f"attachment:{item.pk}",
                           ip_address=client_ip(request))
    # Images are shown inline; a PDF is downloaded rather than opened in the site's origin.
    response = FileResponse(handle, content_type=item.content_type, filename=item.original_name,
                            as_attachment=item.content_type == "application/pdf")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
