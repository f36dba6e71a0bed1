"""Attachments (附件): photos and PDFs that come with a citizen's letter or with a department's reply.

One set of limits and checks for both: `check_uploads` validates whatever door the files came in by.

The type is decided from the first bytes of the file, never from its name or the browser's
Content-Type, so a script renamed `photo.jpg` is refused. Files are stored under MEDIA_ROOT (outside
the web root) with a random name; only a permission-checked view serves them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import File

from tickets.errors import InvalidInput
from tickets.models import Attachment, Ticket

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 200

# (content type, extension, test on the first bytes). WEBP is a RIFF container, so it needs two marks.
_SIGNATURES = (
    ("image/jpeg", "jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", "png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/gif", "gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", "webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", "pdf", lambda head: head.startswith(b"%PDF-")),
)
ALLOWED_LABEL = "JPG、PNG、GIF、WEBP 图片或 PDF 文件"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content passed the checks; `file` is positioned at its start."""

    file: File
    original_name: str
    content_type: str
    extension: str
    size: int


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) recognised from a file's first bytes, or None."""
    for content_type, extension, matches in _SIGNATURES:
        if matches(head):
            return content_type, extension
    return None


def check_uploads(files, field: str = "attachments") -> list[CheckedUpload]:
    """Validate a citizen's uploads (Django UploadedFile objects or any File). Raises InvalidInput
    naming every bad file, so the form can say which one to replace."""
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise InvalidInput(fields={field: [f"最多上传{MAX_FILES}个附件。"]})
    errors, checked = [], []
    for upload in files:
        name = _display_name(getattr(upload, "name", "") or "附件")
        size = upload.size if getattr(upload, "size", None) is not None else _measure(upload)
        if size == 0:
            errors.append(f"“{name}”是空文件。")
            continue
        if size > MAX_BYTES:
            errors.append(f"“{name}”超过{MAX_BYTES // (1024 * 1024)}MB。")
            continue
        upload.seek(0)
        sniffed = sniff_content_type(upload.read(16))
        upload.seek(0)
        if sniffed is None:
            errors.append(f"“{name}”不是{ALLOWED_LABEL}。")
            continue
        checked.append(CheckedUpload(file=upload, original_name=name, content_type=sniffed[0],
                                     extension=sniffed[1], size=size))
    if errors:
        raise InvalidInput(fields={field: errors})
    return checked


def store_attachments(ticket: Ticket, uploads: list[CheckedUpload], *, reply=None, by=None) -> list[Attachment]:
    """Store checked uploads for a ticket — the citizen's (no `reply`) or a department's evidence for
    `reply`. Call inside the transaction that creates the ticket or the reply, so a failed store
    leaves no letter or reply without the files that were sent with it."""
    if Attachment.objects.filter(ticket=ticket, reply=reply).count() + len(uploads) > MAX_FILES:
        where = "每次答复" if reply is not None else "每件信件"
        raise InvalidInput(fields={"attachments": [f"{where}最多{MAX_FILES}个附件。"]})
    stored = []
    for upload in uploads:
        digest = hashlib.sha256()
        upload.file.seek(0)
        for chunk in upload.file.chunks():
            digest.update(chunk)
        upload.file.seek(0)
        attachment = Attachment(ticket=ticket, reply=reply, uploaded_by=by if getattr(by, "pk", None) else None,
                                original_name=upload.original_name,
                                content_type=upload.content_type, size=upload.size, sha256=digest.hexdigest())
        # A random stored name: the citizen's file name never reaches the file system.
        attachment.file.save(f"{uuid.uuid4().hex}.{upload.extension}", upload.file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def _display_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "附件"
    return name[-MAX_NAME:]


def _measure(upload) -> int:
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size
