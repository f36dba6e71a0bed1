"""Recompute the statistics' daily roll-ups from the tickets and ratings (tickets.services.rollups).

    python manage.py rebuild_rollups              # every day
    python manage.py rebuild_rollups --days 3     # today and the two days before

Needed after writes that bypass the service layer (bulk loads, raw SQL, fixtures); harmless at any
time — the service layer keeps the roll-ups current by itself.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tickets.services.rollups import rebuild


class Command(BaseCommand):
    help = "重新计算统计汇总表（每日 × 单位 × 分类 × 类型）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="只重算最近几天（含今天）")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days 应为正整数。")
        since = timezone.localdate() - timedelta(days=days - 1) if days else None
        rows = rebuild(since)
        self.stdout.write(f"已重算统计汇总：{rows} 行" + (f"（自 {since} 起）" if since else ""))
