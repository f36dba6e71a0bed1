"""A stand-in for another platform (110, the provincial 12345 …): a real HTTP server that checks our
signatures, keeps what it heard (once per Idempotency-Key), can play "down", and signs its answers
the way a real platform must. Used by the tests and by `manage.py platform_stub` for the demo."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from hotline.transfers import signing


@dataclass
class StubPlatform:
    code: str
    secret: str
    host: str = "127.0.0.1"
    port: int = 8123
    self_code: str = "city-12345"  # who is allowed to call us (X-Hotline-Platform)
    down: bool = False  # answer 503 to everything, like a platform under maintenance
    received: list[dict] = field(default_factory=list)  # distinct messages, in arrival order
    attempts: int = 0  # every POST, duplicates and refusals included
    rejected: list[str] = field(default_factory=list)  # why a POST was refused (bad signature …)
    on_message: object = None  # callable(message) run after a new message is kept

    def __post_init__(self):
        self._keys: set[str] = set()
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/{self.code}/"

    # --- serving --------------------------------------------------------------------------------
    def start(self) -> StubPlatform:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 — http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = stub._receive(self.path, self.headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _receive(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        with self._lock:
            self.attempts += 1
            if self.down:
                return 503, {"error": "maintenance"}
            if path.rstrip("/") != f"/{self.code}":
                self.rejected.append(f"path {path}")
                return 404, {"error": "unknown path"}
            if headers.get(signing.PLATFORM_HEADER) != self.self_code or not signing.verify(
                    secret=self.secret, timestamp=headers.get(signing.TIMESTAMP_HEADER), body=body,
                    given=headers.get(signing.SIGNATURE_HEADER), max_skew=300):
                self.rejected.append("signature")
                return 401, {"error": "bad signature"}
            key = headers.get(signing.IDEMPOTENCY_HEADER, "")
            if not key:
                self.rejected.append("no idempotency key")
                return 400, {"error": "Idempotency-Key required"}
            if key in self._keys:
                return 200, {"ok": True, "duplicate": True}
            self._keys.add(key)
            message = {**json.loads(body), "_idempotency_key": key, "_event_header": headers.get(signing.EVENT_HEADER)}
            self.received.append(message)
        if callable(self.on_message):
            self.on_message(message)
        return 200, {"ok": True}

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.received)

    # --- speaking to the hotline -------------------------------------------------------------------
    def signed(self, event: str, payload: dict, *, key: str | None = None) -> tuple[bytes, dict[str, str]]:
        """Body and headers of a message from this platform, signed as the protocol says."""
        body = json.dumps({"event": event, **payload}, ensure_ascii=False).encode()
        headers = signing.signed_headers(secret=self.secret, sender=self.code, event=event,
                                         idempotency_key=key or f"{self.code}-{time.time_ns()}", body=body)
        return body, headers

    def send(self, url: str, event: str, payload: dict, *, key: str | None = None) -> requests.Response:
        body, headers = self.signed(event, payload, key=key)
        return requests.post(url, data=body, headers=headers, timeout=10)
