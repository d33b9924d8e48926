# microcred desktop — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint typecheck contracts unit sysdeps-run sysdeps-test catalogs dist bench clean

run: sysdeps-run $(STAMP)
	$(BIN)/python -m microcred_desktop

test: sysdeps-test $(STAMP) lint typecheck contracts unit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

sysdeps-run:
	@tools/sysdeps.sh run

sysdeps-test:
	@tools/sysdeps.sh test

lint: $(STAMP)
	$(BIN)/ruff check microcred_desktop resources tests tools

typecheck: $(STAMP)
	$(BIN)/mypy microcred_desktop/domain microcred_desktop/storage

contracts: $(STAMP)
	$(BIN)/lint-imports

# The whole suite, headless, against a real GNOME Keyring on a private D-Bus session.
unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen tools/with-keyring.sh $(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

catalogs: $(STAMP)
	$(BIN)/python tools/catalogs.py

dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
