"""python manage.py seed_demo — demo units, categories, calendar, deadline rules, knowledge base and
the demo users of CONTRACT.md. Idempotent: running it again changes nothing that is already there."""

from datetime import time

from django.core.management.base import BaseCommand
from django.db import transaction

from tickets import demo_data
from tickets.demo import demo_seeders
from tickets.demo_tickets import seed_tickets
from tickets.models import Category, DeadlineRule, Department, SpecialDay, User, WorkingPeriod
from tickets.services.deadlines import DEFAULT_RULES


class Command(BaseCommand):
    help = "Load the demo departments, categories, calendar, deadline rules, knowledge base and users."

    def handle(self, *args, **options):
        with transaction.atomic():
            departments = seed_departments()
            seed_categories()
            seed_calendar()
            seed_deadline_rules()
            created = seed_users()
        # The other apps' demo data (registered in their ready()), then the demo tickets, which may use it.
        counts = [f"{seeder.seed()} {seeder.label}" for seeder in demo_seeders()]
        tickets = seed_tickets()
        self.stdout.write(self.style.SUCCESS(
            f"seed_demo: {departments} departments, {Category.objects.count()} categories, "
            f"{SpecialDay.objects.count()} special days, {created} new users, {', '.join(counts + [''])}"
            f"{tickets} demo tickets."
        ))


def seed_departments() -> int:
    for order, (code, name, short, kind, parent, phone) in enumerate(
            demo_data.FIXED_DEPARTMENTS + demo_data.MORE_DEPARTMENTS):
        Department.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "duty_phone": phone, "sort_order": order,
                      "parent": Department.objects.get(code=parent) if parent else None},
        )
    return Department.objects.count()


def seed_categories() -> None:
    for code, name, parent, department in demo_data.CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "parent": Category.objects.get(code=parent) if parent else None,
                      "default_department": Department.objects.filter(code=department).first()},
        )


def seed_calendar() -> None:
    if not WorkingPeriod.objects.exists():
        for weekday in range(5):
            WorkingPeriod.objects.create(weekday=weekday, start=time(9), end=time(12))
            WorkingPeriod.objects.create(weekday=weekday, start=time(13), end=time(17))
    for day, name in demo_data.holiday_days():
        SpecialDay.objects.get_or_create(date=day, defaults={"kind": SpecialDay.Kind.HOLIDAY, "name": name})
    for day, name in demo_data.MAKEUP_WORKDAYS:
        SpecialDay.objects.get_or_create(date=day, defaults={"kind": SpecialDay.Kind.WORKDAY, "name": name})


def seed_deadline_rules() -> None:
    for (stage, ticket_type, priority), (amount, unit) in DEFAULT_RULES.items():
        DeadlineRule.objects.get_or_create(stage=stage, ticket_type=ticket_type, priority=priority,
                                           defaults={"amount": amount, "unit": unit})


def seed_users() -> int:
    created_count = 0
    for username, display, role, department, superuser in demo_data.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": display, "role": role, "is_superuser": superuser, "is_staff": True,
                      "department": Department.objects.filter(code=department).first() if department else None},
        )
        if created:
            user.set_password(demo_data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_count += 1
    return created_count
