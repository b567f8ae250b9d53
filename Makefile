# The two commands of the README:
#   make demo   sets everything up and renders the example letter into out/
#   make test   sets everything up and runs the linters, type checker and tests
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: demo test setup system lint typecheck pytest bench docs gallery languages golden clean

demo: setup
	$(BIN)/letterkit render --output out examples/solidarity-2008.yaml

test: setup lint typecheck pytest

system:
	scripts/system-deps.sh

$(BIN)/python: | system
	$(PYTHON) -m venv $(VENV)

# Re-install when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: system $(VENV)/.installed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench.py

languages: setup
	PATH=$(BIN):$$PATH $(BIN)/python scripts/languages.py

golden: setup
	$(BIN)/pytest -q tests --update-golden

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache

# The README's pictures: the first page of each example letter.
DOC_EXAMPLES = solidarity-2008 persian-solidarity
docs: setup
	$(BIN)/letterkit render -q -f pdf --output out $(DOC_EXAMPLES:%=examples/%.yaml)
	for name in $(DOC_EXAMPLES); do \
	  pdftoppm -png -r 60 -f 1 -l 1 -singlefile out/$$name.pdf docs/$$name || exit 1; \
	done

# The gallery: every letter of examples/gallery, page by page, as pictures.
GALLERY = $(wildcard examples/gallery/*.yaml)
gallery: setup
	rm -rf out/gallery docs/gallery
	mkdir -p out/gallery docs/gallery
	$(BIN)/letterkit render -q -f pdf --output out/gallery $(GALLERY)
	for pdf in out/gallery/*.pdf; do \
	  pdftoppm -png -r 50 $$pdf docs/gallery/$$(basename $$pdf .pdf) || exit 1; \
	done
