# make demo   render the seed to out/war-danger-1927.m4b (installs what is missing first)
# make test   the test suite (same set-up)
# make bench  the benchmark table of bench/run.py (long: renders the seed several times)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEED   := seeds/war-danger-1927.txt
DEMO   := out/war-danger-1927.m4b

.PHONY: demo test bench setup system-deps clean

system-deps:
	@bash scripts/system-deps.sh

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: system-deps $(VENV)/.installed

demo: setup
	$(BIN)/dramatize render $(SEED) --cast voices/cast.toml -o $(DEMO)
	$(BIN)/dramatize check $(DEMO)

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache .hypothesis
