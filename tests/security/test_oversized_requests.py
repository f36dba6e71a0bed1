"""A 90 KB URL or header block is answered (414 / 431), never dropped: on the embedded server (daphne,
through hotline.http_limits) and in nginx's site file, which answers them itself in production."""

import contextlib
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from twisted.internet.testing import StringTransport

from hotline import http_limits
from realtime.liveserver import free_port

LONG = b"a" * 90_000


def answer_of(data: bytes) -> bytes:
    """What a LimitedHTTPChannel writes back for `data`, fed as one network read."""
    from twisted.web import http

    channel = http_limits.LimitedHTTPChannel()
    channel.factory = http.HTTPFactory()
    channel.requestFactory = http.Request  # daphne's needs its server; the refusals come before any request
    transport = StringTransport()
    channel.makeConnection(transport)
    channel.dataReceived(data)
    channel.connectionLost(None)
    return transport.value()


def split(response: bytes) -> tuple[int, dict, bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_a_90_kb_url_on_the_api_is_a_414_in_the_error_shape():
    status, headers, body = split(answer_of(b"GET /api/v1/kb/search/?q=" + LONG + b" HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert status == 414 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "uri_too_long"
    assert int(headers["Content-Length"]) == len(body)


def test_a_90_kb_url_on_a_page_is_a_414_in_chinese_text():
    status, headers, body = split(answer_of(b"GET /faq/?q=" + LONG + b" HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert status == 414 and "text/plain" in headers["Content-Type"]
    assert body.decode() == http_limits.MESSAGES[414][1]


def test_a_url_cut_short_by_the_network_is_still_a_414():
    status, _, body = split(answer_of(b"GET /api/v1/tickets/?q=" + LONG))
    assert status == 414 and json.loads(body)["error"]["code"] == "uri_too_long"


def test_one_90_kb_header_is_a_431_for_the_path_it_was_sent_to():
    status, _, body = split(answer_of(b"GET /api/v1/letters/ HTTP/1.1\r\nHost: x\r\nCookie: " + LONG + b"\r\n\r\n"))
    assert status == 431 and json.loads(body)["error"]["code"] == "headers_too_large"


def test_many_headers_together_over_the_limit_are_a_431():
    headers = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 8_000) for i in range(12))
    status, _, body = split(answer_of(b"GET /kb/ HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"))
    assert status == 431 and body.decode() == http_limits.MESSAGES[431][1]


def test_a_garbled_request_line_is_a_400_in_chinese():
    status, _, body = split(answer_of(b"GARBAGE\r\n\r\n"))
    assert status == 400 and body.decode() == http_limits.MESSAGES[400][1]


def test_headers_a_little_over_twisted_default_still_reach_the_app():
    """nginx lets 4 x 16 KB through; the embedded server must not be stricter than the proxy in front."""
    headers = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 10_000) for i in range(3))
    assert answer_of(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n") == b""  # no refusal written


def test_the_http_factory_builds_limited_channels_once_installed():
    # install() itself imports daphne.server, which installs twisted's reactor: the server test below runs it.
    from daphne.http_protocol import HTTPFactory

    class Installed(HTTPFactory):
        protocol = http_limits._limited_channel  # what install() sets on HTTPFactory

    built = Installed(server=None).buildProtocol(("127.0.0.1", 1))
    assert isinstance(built._channel, http_limits.LimitedHTTPChannel)


def test_bad_websocket_frames_get_a_close_code_not_a_dropped_connection():
    """autobahn fails a socket by dropping TCP unless told not to; daphne's options (set after the
    factory is made, as daphne.server does) must leave that choice alone."""
    factory = http_limits.CleanClosingWebSocketFactory(None, server="daphne")
    factory.setProtocolOptions(autoPingTimeout=20, allowNullOrigin=True, openHandshakeTimeout=5,
                               maxMessagePayloadSize=1024 * 1024, maxFramePayloadSize=1024 * 1024)
    assert factory.failByDrop is False
    assert factory.maxMessagePayloadSize == 1024 * 1024


@contextlib.contextmanager
def serving(command: list[str], port: int, *, seconds: float, **options):
    """`command` running until the block ends, once something listens on `port`."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, **options)
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, "the server exited before listening"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def embedded_server():
    """daphne as runhotline starts it (with http_limits installed), in its own process."""
    port = free_port()
    script = ("import django; django.setup(); from hotline import http_limits; http_limits.install(); "
              "from daphne.cli import CommandLineInterface; "
              f"CommandLineInterface().run(['-b', '127.0.0.1', '-p', '{port}', 'config.asgi:application'])")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    with serving([sys.executable, "-c", script], port, seconds=30, cwd=settings.BASE_DIR, env=env,
                 stderr=subprocess.DEVNULL):
        yield port


def exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def test_the_running_embedded_server_answers_a_90_kb_url_and_a_1_mb_one(embedded_server):
    for size in (90_000, 1_000_000):
        answer = exchange(embedded_server, b"GET /api/v1/kb/search/?q=" + b"a" * size + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        status, _, body = split(answer)
        assert status == 414 and json.loads(body)["error"]["code"] == "uri_too_long"
    answer = exchange(embedded_server, b"GET /faq/ HTTP/1.1\r\nHost: x\r\nCookie: " + LONG + b"\r\n\r\n")
    assert split(answer)[0] == 431


# --- nginx, in front in production -------------------------------------------------------------------

DEPLOY = Path(settings.BASE_DIR) / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def prod_module():
    """deploy/prod.py (not a package), for the same `render` that `make prod` writes nginx's files with."""
    spec = importlib.util.spec_from_file_location("deploy_prod", DEPLOY / "prod.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_nginx_site_answers_every_refusal_itself_in_chinese():
    site = (DEPLOY / "nginx" / "hotline.conf.template").read_text(encoding="utf-8")
    assert "large_client_header_buffers 4 16k;" in site
    for status in ("400", "413", "414", "494 =431", "502 504 =503"):
        assert f"error_page {status} " in site
    pages = dict(re.findall(r"location = /_errors/(\w+/\d+) \{[^']*'([^']*)'", site))
    assert {"api/400", "api/413", "api/414", "api/431", "api/503", "page/400", "page/413", "page/431",
            "page/503"} <= set(pages)
    for name, body in pages.items():
        if name.startswith("api/"):
            error = json.loads(body.replace("\\n", ""))["error"]
            assert error["code"] and re.search(r"[\u4e00-\u9fff]", error["message"]), name
        else:
            assert '<html lang="zh-hans">' in body and re.search(r"[\u4e00-\u9fff]", body), name


@pytest.fixture
def nginx_in_front(tmp_path):
    """nginx from the production templates, in front of a port where nothing listens (so 502 → 503)."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    prod = prod_module()
    port, dead = free_port(), free_port()
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / sub).mkdir()
    site = tmp_path / "site.conf"
    site.write_text(prod.render(DEPLOY / "nginx/hotline.conf.template", LISTEN=f"127.0.0.1:{port}",
                                UPSTREAMS=f"    server 127.0.0.1:{dead};", STATIC_ROOT=str(tmp_path),
                                ACCESS_LOG=str(tmp_path / "access.log")))
    main = tmp_path / "nginx.conf"
    main.write_text(prod.render(DEPLOY / "nginx/main.conf.template", WORKERS="1", RUN_DIR=str(tmp_path),
                                MIME_TYPES="/etc/nginx/mime.types", SITE=str(site)))
    with serving([NGINX, "-c", str(main), "-p", str(tmp_path)], port, seconds=10):
        yield port


@pytest.mark.parametrize("request_bytes,status,kind,code", [
    (b"GET /api/v1/kb/search/?q=" + LONG + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "json", "uri_too_long"),
    (b"GET /faq/?q=" + LONG + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "json", "uri_too_long"),
    (b"GET /api/v1/letters/ HTTP/1.1\r\nHost: x\r\nCookie: " + LONG + b"\r\n\r\n", 431, "json", "headers_too_large"),
    (b"GET /faq/ HTTP/1.1\r\nHost: x\r\nCookie: " + LONG + b"\r\n\r\n", 431, "html", None),
    (b"POST /api/v1/letters/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 413, "json", "too_large"),
    (b"POST /portal/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 413, "html", None),
    (b"GET /api/v1/kb/search/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 503, "json", "service_unavailable"),
    (b"GET /faq/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 503, "html", None),
], ids=["url-api", "url-page", "header-api", "header-page", "body-api", "body-page", "down-api", "down-page"])
def test_nginx_answers_oversized_requests_and_a_down_backend_in_chinese(nginx_in_front, request_bytes, status, kind, code):
    got, headers, body = split(exchange(nginx_in_front, request_bytes))
    assert got == status
    text = body.decode()
    if kind == "json":
        assert headers["Content-Type"].startswith("application/json")
        error = json.loads(text)["error"]
        assert error["code"] == code and re.search(r"[\u4e00-\u9fff]", error["message"])
    else:
        assert headers["Content-Type"].startswith("text/html") and '<html lang="zh-hans">' in text
    if status == 503:
        assert headers["Retry-After"] == "5"
