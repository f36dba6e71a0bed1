"""Demo data the other apps add to `seed_demo`: each registers its seeder in its AppConfig.ready(),
so the core's command never imports them (the knowledge base, the doors' own demo data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSeeder:
    label: str                 # what the count is of, for the command's summary ("knowledge entries")
    seed: Callable[[], int]    # idempotent; returns how many rows of its kind exist or were made
    order: int = 100           # lower runs first; the demo tickets (order 900) come after reference data


_seeders: dict[str, DemoSeeder] = {}


def register_demo_seeder(label: str, seed: Callable[[], int], *, order: int = 100) -> None:
    """Add an app's demo data to `seed_demo` (registering the same label again replaces it)."""
    _seeders[label] = DemoSeeder(label, seed, order)


def demo_seeders() -> list[DemoSeeder]:
    return sorted(_seeders.values(), key=lambda s: s.order)
