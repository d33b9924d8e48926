# microcred desktop — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint typecheck contracts unit sysdeps-run sysdeps-test catalogs dist dist-check package-linux bench clean

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

# The one-folder app dist/microcred/ from build.spec (on macOS also dist/microcred.app).
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec && \
	echo "dist: dist/microcred built in $$(( $$(date +%s) - start )) s, $$(du -sh dist/microcred | cut -f1)"

# The built app proves itself: its --self-test against a real keychain, then its window starting (offscreen).
dist-check: sysdeps-test dist
	tools/dist_check.sh dist/microcred

# The Debian package dist/microcred_VERSION_ARCH.deb, unpacked and smoke-run under Xvfb (screenshot in dist/).
package-linux: dist
	installers/linux/build-deb.sh dist/microcred dist
	installers/linux/smoke-deb.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
