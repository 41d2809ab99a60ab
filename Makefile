# Otbor — the commands CI and developers run. Python 3.11 is the only prerequisite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test test-faults backup-restore-check lint check-deploy bench-engine bench-web bench-recompute install demo messages clean

# The development environment: the runtime (requirements.txt, all the Dockerfile installs)
# plus the tools of tests, lint and benchmarks (requirements-dev.txt).
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

## make run: the demo on embedded defaults (SQLite, filesystem broker, a real worker)
run: $(STAMP)
	$(PY) -m engine.warm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) scripts/run_demo.py

## make test: the whole suite but the fault tests; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set.
## TEST_WORKERS pytest-xdist processes (tests wait on the database and the browser: more than the cores)
TEST_WORKERS ?= 3
test: $(STAMP)
	$(PY) -m engine.warm
	OTBOR_TESTING=1 $(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist load -m "not faults" $(PYTEST_ARGS)

## make test-faults: only the fault-injection tests (kill workers, restart a private Redis on 6380)
test-faults: $(STAMP)
	$(PY) -m engine.warm
	OTBOR_TESTING=1 $(BIN)/pytest -p no:cacheprovider -m faults $(PYTEST_ARGS)

## make backup-restore-check: demo data -> backup -> restore into a new database -> identical?
backup-restore-check: $(STAMP)
	OTBOR_PYTHON=$(PY) scripts/backup_restore_check.sh

## make lint: ruff, import-linter, mypy (strict on the engine and the scoring rules), migrations, checks, formatting
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	OTBOR_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	OTBOR_TESTING=1 $(PY) manage.py check
	$(BIN)/ruff format --check .

## make check-deploy: Django's deployment checklist under production-like settings
check-deploy: $(STAMP)
	env -u OTBOR_TESTING DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=otbor.example \
	  DATABASE_URL=postgres://otbor:otbor@127.0.0.1:5432/otbor \
	  DJANGO_SECRET_KEY='check-deploy-Zq8vN3kR7tLw2XpB9sYdH4mFj6cUe1GaT5oKiVr0nQxEb-Wl7' \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench-engine: $(STAMP)
	$(PY) bench/engine.py

## make bench-web: gunicorn + locust (20 users, 20 s warm-up + 120 s) on PostgreSQL otbor_bench; see bench/README.md
bench-web: $(STAMP)
	$(PY) bench/web/run.py $(BENCH_ARGS)

## make bench-recompute: a call of 5,000 applications recomputed by 1 and 2 Celery worker processes on PostgreSQL otbor_bench_recompute; see bench/README.md
bench-recompute: $(STAMP)
	$(PY) bench/recompute.py $(BENCH_ARGS)

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf var
