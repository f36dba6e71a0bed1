"""Run the benchmarks: python -m bench [name ...]

Each module in bench/ with a `main()` runs against a fresh test database (SQLite, or a test_ copy
of DATABASE_URL's database) so the demo data is never touched. Figures are JSON lines on stdout:
{"bench": <module>, "name": <figure>, "value": <number>, "unit": <unit>, ...}.
"""

import importlib
import json
import os
import pkgutil
import sys
import time
import traceback


# Benchmarks that run against the configured database itself (they load data worth keeping between
# runs) and only when named: see bench/city_scale.py.
OWN_DATABASE = {"city_scale"}


def _modules(selected):
    import bench

    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    if not selected:
        return [n for n in names if n not in OWN_DATABASE]
    return [n for n in names if n in selected]


def _own_database(argv) -> None:
    """city_scale alone: the embedded default is a SQLite file of its own, never the demo database."""
    from pathlib import Path

    if not os.environ.get("DATABASE_URL"):
        path = Path(__file__).resolve().parent.parent / "var" / "city_scale.sqlite3"
        path.parent.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    selected = argv[1:]
    if selected and set(selected) <= OWN_DATABASE:
        _own_database(selected)
    import django

    django.setup()
    if selected and set(selected) <= OWN_DATABASE:
        return _run(selected)
    if set(selected) & OWN_DATABASE:
        print("city_scale runs alone: python -m bench city_scale", file=sys.stderr)
        return 2
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = 0
    try:
        for name in _modules(selected):
            module = importlib.import_module(f"bench.{name}")
            if not hasattr(module, "main"):
                continue
            started = time.perf_counter()
            try:
                module.main()
            except Exception:  # noqa: BLE001 — one broken benchmark must not hide the others' figures
                failures += 1
                traceback.print_exc()
                print(json.dumps({"bench": name, "name": "error", "value": 1, "unit": "failed"}), flush=True)
            print(json.dumps({"bench": name, "name": "wall_time", "value": round(time.perf_counter() - started, 2),
                              "unit": "s"}), flush=True)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
    return 1 if failures else 0


def _run(names) -> int:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    failures = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        try:
            module.main()
        except Exception:  # noqa: BLE001
            failures += 1
            traceback.print_exc()
            print(json.dumps({"bench": name, "name": "error", "value": 1, "unit": "failed"}), flush=True)
        print(json.dumps({"bench": name, "name": "wall_time", "value": round(time.perf_counter() - started, 2),
                          "unit": "s"}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
