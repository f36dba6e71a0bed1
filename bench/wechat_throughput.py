"""WeChat door: text messages handled per second in safe (AES) mode and the passive-reply time,
through the whole in-process stack (URL routing, signature, decryption, defused XML, ticket
registration, encrypted reply). WeChat gives up on a reply after 5 s and retries; the p95 must sit
far below that. BENCH_WECHAT_MESSAGES (default 500) new letters, each from its own follower, then
as many "查询" queries."""

import os
import time

from django.conf import settings
from django.test import Client
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bench._util import emit, summary_ms

BENCH = "wechat_throughput"


class SafeModeSender:
    """Builds callbacks the way the WeChat platform does, with wechatpy's own crypto."""

    def __init__(self):
        self.client = Client()
        self.crypto = WeChatCrypto(settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID)
        self.msg_id = int(time.time()) * 1_000_000

    def prepare(self, openid: str, text: str) -> tuple[str, str]:
        self.msg_id += 1
        timestamp, nonce = str(int(time.time())), str(self.msg_id % 10**9)
        xml = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
               f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               f"<Content><![CDATA[{text}]]></Content><MsgId>{self.msg_id}</MsgId></xml>")
        encrypted = self.crypto.encrypt_message(xml, nonce, timestamp)
        encrypt = encrypted.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
        signer, msg_signer = WeChatSigner(), WeChatSigner()
        signer.add_data(settings.WECHAT_TOKEN, timestamp, nonce)
        msg_signer.add_data(settings.WECHAT_TOKEN, timestamp, nonce, encrypt)
        path = (f"/wechat/callback/?signature={signer.signature}&timestamp={timestamp}&nonce={nonce}"
                f"&encrypt_type=aes&msg_signature={msg_signer.signature}")
        return path, f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"

    def send(self, path: str, body: str) -> float:
        started = time.perf_counter()
        response = self.client.post(path, data=body, content_type="text/xml")
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or b"<Encrypt>" not in response.content:
            raise RuntimeError(f"callback answered {response.status_code}: {response.content[:200]!r}")
        return elapsed


def run(sender: SafeModeSender, requests: list[tuple[str, str]], figure: str, unit_label: str, **extra) -> None:
    timings = []
    started = time.perf_counter()
    for path, body in requests:
        timings.append(sender.send(path, body))
    elapsed = time.perf_counter() - started
    emit(BENCH, f"{figure}_per_second", round(len(requests) / elapsed, 1), unit_label, count=len(requests), **extra)
    emit(BENCH, f"{figure}_reply_time_p95", summary_ms(timings)["p95"], "ms", **summary_ms(timings))


def main() -> None:
    count = int(os.environ.get("BENCH_WECHAT_MESSAGES", "500"))
    sender = SafeModeSender()
    followers = [f"oBench{index:022d}" for index in range(count)]
    # Build every request first, so the figures time the server, not the fake WeChat platform.
    letters = [sender.prepare(openid, f"小区{index}号楼门口路灯不亮,晚上出行不便,请尽快维修。")
               for index, openid in enumerate(followers)]
    run(sender, letters, "wechat_text_messages", "messages/s", mode="safe",
        note="each message a new letter: decrypt, defused XML, register_ticket, encrypted passive reply")
    queries = [sender.prepare(openid, "查询") for openid in followers]
    run(sender, queries, "wechat_query_messages", "messages/s", mode="safe", note="“查询”: the follower's letters")
