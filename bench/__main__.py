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


def _modules(selected):
    import bench

    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    return [n for n in names if not selected or n in selected]


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = 0
    try:
        for name in _modules(argv[1:]):
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
