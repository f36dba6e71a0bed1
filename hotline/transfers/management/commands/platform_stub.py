"""python manage.py platform_stub — a local stand-in for the demo platforms (port 8123): it accepts
the hotline's signed transfers and, unless --silent, answers each one (accepted, then resolved)."""

import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from hotline.transfers.models import Platform
from hotline.transfers.stub import StubPlatform


class Command(BaseCommand):
    help = "Run a stub of the configured platforms on 127.0.0.1:8123 that answers transfers."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8123)
        parser.add_argument("--delay", type=float, default=5.0, help="seconds before each answer")
        parser.add_argument("--silent", action="store_true", help="accept transfers but never answer")

    def handle(self, *args, port, delay, silent, **options):
        stubs = []
        for platform in Platform.objects.filter(is_active=True):
            stub = StubPlatform(code=platform.code, secret=platform.secret, port=port,
                                self_code=settings.TRANSFERS["SELF_CODE"])
            if not silent:
                stub.on_message = self._answerer(stub, delay)
            stubs.append(stub)
        if not stubs:
            self.stderr.write("没有启用的外部平台，请先运行 seed_demo 或在后台配置。")
            return
        # One socket serves every platform: requests are routed by the code in the path.
        router = StubPlatform(code="", secret="", port=port)
        by_code = {stub.code: stub for stub in stubs}
        router._receive = lambda path, headers, body: (
            by_code[path.strip("/")]._receive(path, headers, body) if path.strip("/") in by_code
            else (404, {"error": "unknown platform"}))
        router.start()
        self.stdout.write(f"stub platforms {', '.join(by_code)} on http://127.0.0.1:{port}/<code>/ — Ctrl-C to stop")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            router.stop()

    def _answerer(self, stub: StubPlatform, delay: float):
        def answer(message):
            if message.get("event") != "transfer.created":
                self.stdout.write(f"[{stub.code}] {message.get('event')} {message.get('transfer_id')}")
                return

            def later():
                callback, reference = message.get("callback_url"), message.get("transfer_id")
                time.sleep(delay)
                stub.send(callback, "transfer.accepted", {"transfer_id": reference, "note": "已派警/已接单"})
                time.sleep(delay)
                stub.send(callback, "transfer.resolved", {"transfer_id": reference,
                                                          "reply": f"{stub.code} 已处置完毕（演示答复）。"})
            self.stdout.write(f"[{stub.code}] transfer {message.get('transfer_id')}: {message['ticket']['title']}")
            threading.Thread(target=later, daemon=True).start()
        return answer
