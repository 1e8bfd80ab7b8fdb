# traceapp — the two commands are `make run` (the app with demo data on http://127.0.0.1:5000)
# and `make test` (lint and the whole test suite). `make help` lists the rest.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi:app
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k scan -x"`.
PYTEST_ARGS ?=
# pytest-xdist workers: one per core by default; PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= auto

TRANSLATIONS := traceapp/translations
POT          := $(TRANSLATIONS)/messages.pot
PO_FILES     := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES     := $(PO_FILES:.po=.mo)
LINT_PATHS   := $(wildcard traceapp tests bench)

.DEFAULT_GOAL := help
.PHONY: help run setup test test-dates lint pytest compile extract translations bench bench-report clean distclean

help:
	@echo "make run           set up .venv, migrate instance/traceapp.sqlite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "                   (HOST=0.0.0.0 for phones on the same Wi-Fi; QR codes lead to the address it serves on)"
	@echo "make test          ruff and the whole pytest suite (PYTEST_ARGS=... to pass options)"
	@echo "make test-dates    the pytest suite again at six clock instants around local midnight"
	@echo "make lint          ruff check, ruff format --check and mypy"
	@echo "make compile       compile the translation catalogues (.po -> .mo)"
	@echo "make extract       extract messages into $(POT)"
	@echo "make translations  extract, then update the vi and en catalogues"
	@echo "make bench         run the benchmarks (bench/run.sh, bench/report_bench.py), figures go to docs/benchmarks.md"
	@echo "make bench-report  the plan report benchmark only (BENCH_DATABASE_URL=... adds PostgreSQL)"
	@echo "make clean         remove caches, compiled catalogues and test artifacts (keeps .venv and instance/)"
	@echo "make distclean     clean, and remove .venv"

# --- virtual environment: created once, reinstalled only when a requirements file changes ---------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

# --- translations ----------------------------------------------------------------------------------
# Compiled catalogues are git-ignored; each .mo is rebuilt when its .po changes. Fuzzy entries are kept (-f).
%.mo: %.po $(VENV)/.installed-runtime
	$(BIN)/pybabel compile --use-fuzzy --statistics -i $< -o $@

compile: $(MO_FILES)

extract: $(VENV)/.installed-runtime
	@mkdir -p $(dir $(POT))
	$(BIN)/pybabel --quiet extract -F babel.cfg --project=traceapp --sort-by-file --add-comments=TRANSLATORS: --ignore-dirs=".*" \
		-k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -o $(POT) .

translations: extract
	@for lang in vi en; do \
		if [ -f $(TRANSLATIONS)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching -i $(POT) -d $(TRANSLATIONS) -l $$lang || exit 1; \
		else \
			$(BIN)/pybabel init -i $(POT) -d $(TRANSLATIONS) -l $$lang || exit 1; \
		fi; \
	done

# --- run -------------------------------------------------------------------------------------------
setup: $(VENV)/.installed-runtime compile
	$(FLASK) setup

# The address the QR codes of `make run` lead to: where this server answers. HOST=0.0.0.0 (or ::) listens on every
# interface, so the codes name this machine's first network address instead, which a phone on the same Wi-Fi can
# open; an IPv6 address goes in brackets. An address you set yourself wins: TRACEAPP_PUBLIC_BASE_URL in the
# environment, or PUBLIC_BASE_URL in instance/config.py.
RUN_HOST    = $(if $(filter 0.0.0.0 ::,$(HOST)),$(or $(firstword $(shell hostname -I 2>/dev/null)),$(HOST)),$(HOST))
RUN_ADDRESS = http://$(if $(findstring :,$(RUN_HOST)),[$(RUN_HOST)],$(RUN_HOST)):$(PORT)

run: setup
	@if [ -z "$$TRACEAPP_PUBLIC_BASE_URL" ] && ! grep -qs '^PUBLIC_BASE_URL' instance/config.py; then \
		export TRACEAPP_PUBLIC_BASE_URL='$(RUN_ADDRESS)'; \
		echo "QR codes and labels lead to $$TRACEAPP_PUBLIC_BASE_URL"; \
	fi; \
	exec $(FLASK) run --debug --host $(HOST) --port $(PORT)

# --- checks ----------------------------------------------------------------------------------------
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev compile
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The suite again with the app's clock moved (TRACEAPP_TEST_CLOCK) to instants around the ward's local midnight:
# the last day of a month, 15/16 November, New Year's Eve, a leap day.
test-dates: $(VENV)/.installed-dev compile
	tests/at_dates.sh -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

test: lint pytest

# Both benchmarks run even when the first misses its targets; the exit status reports either failing.
bench: $(VENV)/.installed-dev compile
	bash bench/run.sh; scan=$$?; $(BIN)/python -m bench.report_bench; report=$$?; exit $$((scan || report))

# The plan report alone; BENCH_DATABASE_URL=postgresql+psycopg://... adds PostgreSQL.
bench-report: $(VENV)/.installed-dev compile
	$(BIN)/python -m bench.report_bench

# --- housekeeping ----------------------------------------------------------------------------------
clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache test-artifacts
	rm -f $(MO_FILES)

distclean: clean
	rm -rf $(VENV)
