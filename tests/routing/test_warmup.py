"""Warm-up: a serving process loads jieba, the catalogue index and the model once, in the background;
tests and management commands do not pay for it."""

import threading

import pytest

from tickets.routing import catalogue as catalogue_module
from tickets.routing import learning, warmup


@pytest.fixture
def fresh_warmup(monkeypatch):
    monkeypatch.setattr(warmup, "_thread", None)
    monkeypatch.setattr(warmup, "_pid", None)
    yield


@pytest.mark.parametrize(("argv0", "env", "worker", "expected"), [
    ("/srv/hotline/.venv/bin/daphne", "", False, True),
    ("/usr/lib/python3/site-packages/daphne/__main__.py", "", False, True),
    ("/srv/hotline/.venv/bin/gunicorn", "", False, True),
    ("manage.py", "", False, False),  # migrate, seed_demo, shell …
    ("/srv/hotline/.venv/bin/pytest", "", False, False),
    ("/srv/hotline/.venv/bin/celery", "", True, True),  # only worker processes ask with worker=True
    ("/srv/hotline/.venv/bin/daphne", "0", False, False),
    ("/srv/hotline/.venv/bin/celery", "off", True, False),
    ("manage.py", "1", False, True),
])
def test_only_serving_processes_warm_up_unless_told(monkeypatch, argv0, env, worker, expected):
    monkeypatch.setattr("sys.argv", [argv0, "whatever"])
    monkeypatch.setenv("ROUTING_WARMUP", env or "auto")
    assert warmup.wanted(worker=worker) is expected


def test_importing_the_asgi_application_in_tests_starts_no_warmup():
    import config.asgi  # noqa: F401 — the WebSocket tests import it the same way

    assert not any(thread.name == "routing-warmup" for thread in threading.enumerate())


def test_the_warmup_loads_the_segmenter_the_catalogue_and_the_model(catalogue, knowledge, reference_data):
    from tests.routing.test_suggestions import _history

    _history([("water", f"井盖松动{i}", "路上的井盖一踩就晃") for i in range(12)]
             + [("transport", f"公交晚点{i}", "公交车等了四十分钟也不来") for i in range(12)])
    learning.retrain()
    learning.forget_loaded_model()
    steps = warmup.warm()
    assert set(steps) == {"segmenter", "catalogue", "model", "suggestion"}
    assert catalogue_module._index is not None and catalogue_module._index.entries
    assert learning.loaded_model_id() is not None


def test_the_warmup_thread_starts_once_per_process(monkeypatch, fresh_warmup):
    calls = []
    monkeypatch.setenv("ROUTING_WARMUP", "1")
    monkeypatch.setattr(warmup, "warm", lambda: calls.append(1) or {"segmenter": 0.0})
    first = warmup.warm_in_background("web")
    assert first is not None
    first.join(timeout=5)
    assert warmup.warm_in_background("web") is None
    assert calls == [1] and warmup.timings["segmenter"] == 0.0


def test_a_failed_warmup_is_logged_and_leaves_the_process_running(monkeypatch, fresh_warmup, caplog):
    def broken():
        raise RuntimeError("database not there yet")

    monkeypatch.setenv("ROUTING_WARMUP", "1")
    monkeypatch.setattr(warmup, "warm", broken)
    warmup.warm_in_background("web").join(timeout=5)
    assert "warm-up (web) failed" in caplog.text


def test_each_celery_worker_process_warms_up(monkeypatch):
    from celery.signals import worker_process_init

    origins = []
    monkeypatch.setattr(warmup, "warm_in_background", lambda origin, *, worker=False: origins.append((origin, worker)))
    worker_process_init.send(sender=None)
    assert origins == [("celery worker", True)]
