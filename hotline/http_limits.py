"""The embedded server (daphne on twisted) answers an oversized request line 414 and oversized
headers 431, in the API's error shape under /api/ and as Chinese text elsewhere, instead of
dropping the connection; and a WebSocket frame it cannot take (over 1 MB, invalid UTF-8, a protocol
error) gets a close frame with RFC 6455's code (1009, 1007, 1002) instead of a cut TCP connection.

Why a hook: twisted's HTTPChannel reads the request line and headers with `LineReceiver`, whose
`lineLengthExceeded` closes the socket without a word when one line passes 16 KB (a 90 KB URL gets
"empty reply from server"), and headers over `totalHeadersSize` get a bare `400 Bad Request`.
Daphne builds its channels through `HTTPFactory.protocol` and offers no setting for either, so
`install()` points that factory at `LimitedHTTPChannel`. Likewise autobahn, under daphne, fails a
WebSocket "by drop" unless told otherwise, and daphne does not tell it: `CleanClosingWebSocketFactory`
does. In production nginx sits in front and
answers these itself (deploy/nginx); its limits are the smaller ones, so this never fires there.
"""

from __future__ import annotations

import json

from daphne.ws_protocol import WebSocketFactory
from twisted.web import http

from hotline.api.errors import error_body

LINE_MAX = 16 * 1024          # one request line or header line (twisted's own default)
HEADERS_MAX = 80 * 1024       # all of them: above nginx's 4 x 16 KB, so behind nginx nginx decides
LINGER_SECONDS = 5            # how long a refused client may keep sending before the socket is cut

MESSAGES = {
    400: ("bad_request", "请求格式不正确。"),
    414: ("uri_too_long", "请求地址过长，请缩短查询条件后重试。"),
    431: ("headers_too_large", "请求头过大（例如 Cookie 过多），请清理浏览器 Cookie 后重试。"),
}
REASONS = {400: b"Bad Request", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


def refusal(status: int, target: bytes) -> bytes:
    """The whole HTTP response for a request refused before it was parsed: JSON for the API (the
    request target is all that is known of it), a Chinese text line for the pages."""
    code, message = MESSAGES[status]
    if target.startswith(b"/api/"):
        body = json.dumps(error_body(code, message), ensure_ascii=False).encode()
        content_type = b"application/json"
    else:
        body = message.encode()
        content_type = b"text/plain; charset=utf-8"
    head = b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (
        status, REASONS[status], content_type, len(body))
    return head + body


def is_request_line(line: bytes) -> bool:
    """`GET /path HTTP/1.1` (perhaps cut short), not `Name: value`: a method has no colon."""
    method, _, rest = line.partition(b" ")
    return bool(method) and b":" not in method and rest[:1] in (b"/", b"h", b"H", b"*")


def request_target(line: bytes) -> bytes:
    """The target of a request line that may be cut short: `GET /api/... HTTP/1.1` → `/api/...`."""
    return line[:LINE_MAX].partition(b" ")[2].partition(b" ")[0]


class LimitedHTTPChannel(http.HTTPChannel):
    MAX_LENGTH = LINE_MAX
    totalHeadersSize = HEADERS_MAX

    _target = b""
    _refused = False
    _linger = None

    def lineReceived(self, line):
        if is_request_line(line):
            self._target = request_target(line)
        return super().lineReceived(line)

    def lineLengthExceeded(self, line):
        if is_request_line(line):
            self._refuse(414, request_target(line))
        else:
            self._refuse(431, self._target)

    def _respondToBadRequestAndDisconnect(self):
        too_large = self._receivedHeaderSize > self.totalHeadersSize
        self._refuse(431 if too_large else 400, self._target)

    def _refuse(self, status: int, target: bytes) -> None:
        """Answer, then stop reading and half-close: a client still sending its long request reads
        the answer instead of a reset; one that never stops is cut after LINGER_SECONDS."""
        if self._refused:
            return
        self._refused = True
        self.dataReceived = self.lineReceived = lambda *args: None
        self.transport.write(refusal(status, target))
        if hasattr(self.transport, "loseWriteConnection") and hasattr(self.transport, "abortConnection"):
            self.transport.loseWriteConnection()
            self._linger = self.callLater(LINGER_SECONDS, self.transport.abortConnection)
        else:
            self.transport.loseConnection()

    def connectionLost(self, reason):
        if self._linger is not None and self._linger.active():
            self._linger.cancel()
        super().connectionLost(reason)


class CleanClosingWebSocketFactory(WebSocketFactory):
    def resetProtocolOptions(self):
        super().resetProtocolOptions()
        self.failByDrop = False  # close with the code RFC 6455 names, then drop


def _limited_channel(factory) -> http._GenericHTTPChannelProtocol:
    return http._GenericHTTPChannelProtocol(LimitedHTTPChannel())


def install() -> None:
    """Make daphne build `LimitedHTTPChannel`s and clean-closing WebSockets (call before it starts)."""
    from daphne import server
    from daphne.http_protocol import HTTPFactory

    HTTPFactory.protocol = _limited_channel
    server.WebSocketFactory = CleanClosingWebSocketFactory
