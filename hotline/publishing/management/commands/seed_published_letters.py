"""python manage.py seed_published_letters — three demo letters taken through the loop and published
（one in 曝光纠错）, for a demo of the public columns. Idempotent. Kept out of seed_demo, whose demo
tickets load only into an empty ticket table (run this after seed_demo)."""

from django.core.management.base import BaseCommand

from hotline.publishing.demo import seed_publications


class Command(BaseCommand):
    help = "Publish three demo letters (来信选登, 曝光纠错). Run after seed_demo."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"seed_published_letters: {seed_publications()} published letters."))
