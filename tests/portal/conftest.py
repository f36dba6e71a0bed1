import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

# The smallest files that carry each format's real signature.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clear_cache():
    """Throttle counters live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def upload():
    def make(name="photo.jpg", content=JPEG, content_type="image/jpeg"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return make


@pytest.fixture
def letter_form_data(reference_data):
    def data(**overrides):
        fields = {"type": "complaint", "title": "门口路灯不亮", "content": "裕华路12号小区东门路灯坏了一周。",
                  "phone": "13912345678", "name": "李四", "address": "裕华路12号", "category": "300200"}
        fields.update(overrides)
        return fields

    return data

