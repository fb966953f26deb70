# The front door: `make run` to try the service, `make test` to check it.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

# `make run` is for a laptop: DEBUG on unless you say otherwise.
export DEBUG ?= true

.PHONY: run setup install install-test migrate load test test-fast lint fmt messages check-deploy clean bench fonts backup restore-drill

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_criteria
	$(BIN)/python manage.py scores -v 0

setup: migrate
	$(BIN)/python manage.py load_demo
	@echo
	@echo "  Ready. Open http://$(HOST)/  (Ctrl-C to stop)"
	@echo "  Criteria:        http://$(HOST)/criteria/"
	@echo "  Log in with one of the demo logins above; administration: http://$(HOST)/manage/"
	@echo "  A task worker runs beside the server (gap reports, portfolios, e-mail)."
	@echo

# The task worker (reports, portfolios, e-mail) runs beside the server, on the same database; both stop together.
run: setup
	@$(BIN)/python manage.py worker -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# Tests run with DEBUG off, as production does (see tests/pytest_env.py), on PYTEST_WORKERS processes (pytest-xdist;
# each test file stays in one process; PYTEST_WORKERS=0 runs them in this one).
PYTEST_WORKERS ?= 2
test: install-test
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	DEBUG=false $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Time and memory of the reports on a national cycle (400 agencies), on a throw-away database; see bench/national.py.
# BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres for PostgreSQL; BENCH_ARGS="--agencies 40 --repeat 1".
bench: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	$(BIN)/python -m bench.national $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l th --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The PDF variant of Sarabun (reports/fontbuild.py): run after changing a font in static/fonts/sarabun/.
fonts: install
	$(BIN)/python -m reports.fontbuild

# A backup of the database and the evidence files together, and the drill that proves a restore works.
backup: install
	$(BIN)/python manage.py backup var/backups/$$(date +%Y%m%d-%H%M%S)

restore-drill: install
	$(BIN)/python manage.py restore_drill

clean:
	rm -rf $(VENV) var/static
