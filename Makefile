# Set-up and the project's main jobs. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install browser demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@echo "installing the project and its test dependencies into $(VENV) (pip shows its progress)"
	$(BIN)/pip install --progress-bar on -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Only the tests need a browser (kg serve's pages in headless Chromium); the demo never does, so it never needs root.
browser:
	@command -v chromium >/dev/null || (echo "installing Chromium for the browser tests (needs root)" && \
		apt-get update && apt-get install -y --no-install-recommends chromium)

demo: install
	$(BIN)/kg build
	$(BIN)/kg demo

test: install browser
	$(BIN)/python -m pytest

bench: install  # 10k, 100k, 1M triples (about 20 minutes); results into docs/benchmarks.md. Not part of 'make test'.
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/names.py --write docs/benchmarks.md

clean:
	rm -rf $(VENV) .kg .pytest_cache
