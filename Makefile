# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo dev test lint bench clean

# The install compiles the analysis hot path with mypyc (setup.py): an edit to its sources
# installs again, so the compiled build is never older than the code.
$(BIN)/helpdesk-empathy: pyproject.toml setup.py $(wildcard helpdesk_empathy/analysis/*.py)
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/helpdesk-empathy
	$(BIN)/helpdesk-empathy demo

dev: $(BIN)/helpdesk-empathy
	$(BIN)/helpdesk-empathy dev --simulate

test: $(BIN)/helpdesk-empathy
	$(BIN)/ruff check helpdesk_empathy tests bench worker.py wsgi.py setup.py
	$(BIN)/ruff format --check helpdesk_empathy tests bench worker.py wsgi.py setup.py
	$(BIN)/pytest

lint: $(BIN)/helpdesk-empathy
	$(BIN)/ruff check --fix helpdesk_empathy tests bench worker.py wsgi.py setup.py
	$(BIN)/ruff format helpdesk_empathy tests bench worker.py wsgi.py setup.py

bench: $(BIN)/helpdesk-empathy
	$(BIN)/python bench/bench_sentiment.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build
	find . -path ./$(VENV) -prune -o -name '*.so' -print -exec rm {} +
