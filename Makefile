# The two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
OUT ?= public

.PHONY: demo test test-fast lint setup system-demo system-test bench clean

demo: setup system-demo
	$(BIN)/innocast demo --out $(OUT)

test: setup system-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The quick loop while developing: everything but the tests marked slow.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow"

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

system-demo:
	bash scripts/setup-system.sh demo

system-test:
	bash scripts/setup-system.sh test

bench: setup system-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .innocast .pytest_cache
