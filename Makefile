# 12345 hotline. Quick start: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test bench install migrate seed worker beat web prod clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.txt 2> $(VENV)/pip.log || { cat $(VENV)/pip.log; exit 1; }
	$(PY) -c "import django, channels, django_fsm, celery, jieba, wechatpy, rest_framework"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py tickets_reindex --missing
	$(PY) manage.py runhotline

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

bench: migrate
	$(PY) -m bench

# Production pieces, each its own process (see README: Deployment).
web: install
	$(VENV)/bin/daphne -b $${HOST:-127.0.0.1} -p $${PORT:-8000} config.asgi:application
worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO
beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

# The production topology on one machine (README: Production): nginx on HOST:PORT in front of
# WEB_PROCESSES web processes, Celery workers and one beat; SIGTERM stops them all.
prod: install
	$(PY) deploy/prod.py

clean:
	rm -rf $(VENV) var/*.sqlite3*
