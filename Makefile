# The two commands of the README:
#   make demo   sets everything up and renders the example letter into out/
#   make test   sets everything up and runs the linters, type checker and tests
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: demo test test-min test-sdist setup system lint typecheck pytest bench bench-quick bench-doc profiles docs gallery languages reference golden clean

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
	$(BIN)/python -m pip install -q -e '.[test]' --group dev
	touch $@

setup: system $(VENV)/.installed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q -n auto

# The lowest versions pyproject.toml allows, in a venv of their own, running the
# test suite of a freshly built sdist: a floor that no longer works, or a file the
# tests read that the sdist leaves out, fails here rather than for a user.
MIN_VENV = .venv-min
SDIST = build/sdist
test-min: setup
	$(PYTHON) -m venv $(MIN_VENV)
	$(PYTHON) scripts/lowest_pins.py pyproject.toml > $(MIN_VENV)/constraints.txt
	$(MIN_VENV)/bin/python -m pip install -q --upgrade pip
	rm -rf $(SDIST) && mkdir -p $(SDIST)
	$(BIN)/hatchling build -t sdist -d $(SDIST)
	tar -xzf $(SDIST)/letterkit-*.tar.gz -C $(SDIST)
	cd $(SDIST)/letterkit-*/ && \
	  $(CURDIR)/$(MIN_VENV)/bin/python -m pip install -q -c $(CURDIR)/$(MIN_VENV)/constraints.txt -e '.[test]' && \
	  $(CURDIR)/$(MIN_VENV)/bin/python -m pytest -q -x -n auto -p no:cacheprovider

# The same run: the sdist's suite is the one on the lowest pins.
test-sdist: test-min

# Every speed target beside its reference (benchmarks/bench.py; tens of minutes).
bench: setup
	$(BIN)/python benchmarks/bench.py

# The same rows with tiny counts: proves the script works; CI asserts no timing.
bench-quick: setup
	$(BIN)/python benchmarks/bench.py --quick

# Record a run, with the machine's load, in docs/benchmarks.md.
bench-doc: setup
	$(BIN)/python benchmarks/bench.py --into docs/benchmarks.md

# Where the time goes, kept in benchmarks/profiles/ so the next change starts from data.
profiles: setup
	$(BIN)/python benchmarks/profiles.py benchmarks/profiles

languages: setup
	PATH=$(BIN):$$PATH $(BIN)/python scripts/languages.py

# docs/reference.md, generated from the schema (a test checks it is current).
reference: setup
	$(BIN)/python scripts/reference.py > docs/reference.md

golden: setup
	$(BIN)/pytest -q tests --update-golden

clean:
	rm -rf out build dist .venv-min .pytest_cache .mypy_cache .ruff_cache

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
