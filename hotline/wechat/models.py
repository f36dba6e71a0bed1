"""What the WeChat door remembers: who follows the account, and which messages it already handled."""

from django.db import models
from django.utils import timezone


class Follower(models.Model):
    """A WeChat user of the official account, known only by the openid WeChat gives us.

    `open_ticket` and `last_message_at` make a burst of messages one letter: text that arrives
    within the merge window, while that letter is still `received`, is added to it. Pictures and
    locations sent before any text wait in `pending_media` and join the next letter.
    """

    openid = models.CharField("OpenID", max_length=64, unique=True)
    subscribed = models.BooleanField("关注中", default=False)
    subscribed_at = models.DateTimeField("关注时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("取消关注时间", null=True, blank=True)
    open_ticket = models.ForeignKey("tickets.Ticket", verbose_name="正在补充的信件", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    last_message_at = models.DateTimeField("最近消息", null=True, blank=True)
    pending_media = models.JSONField("待归入信件的图片和位置", default=list, blank=True)
    created_at = models.DateTimeField("首次互动", default=timezone.now)

    class Meta:
        verbose_name = "公众号用户"
        verbose_name_plural = "公众号用户"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.openid


class ProcessedMessage(models.Model):
    """One message (or event) WeChat delivered, stored in the transaction that acted on it.

    WeChat retries a message it got no answer to within 5 seconds, up to three times; the unique
    `key` (MsgId, or sender + time + event for events) makes the retry find this row and get the
    same `reply` instead of a second letter. The reply may carry a query password; housekeeping
    scrubs it after a few minutes, long after WeChat stops retrying.
    """

    key = models.CharField("消息标识", max_length=120, unique=True)
    openid = models.CharField("OpenID", max_length=64, db_index=True)
    kind = models.CharField("类型", max_length=40)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name="信件", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reply = models.TextField("被动回复", blank=True)
    created_at = models.DateTimeField("接收时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "已处理消息"
        verbose_name_plural = "已处理消息"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.key
