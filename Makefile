# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test bench screenshots package clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project's declared dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lipanel $(ARGS)

test: $(STAMP)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m benchmarks.run $(ARGS)

screenshots: $(STAMP)
	$(PY) -m tools.screenshots
	$(PY) -m tools.panel_screenshots
	$(PY) -m tools.actions_screenshots
	$(PY) -m tools.chronology_screenshots
	$(PY) -m tools.admin_screenshots
	$(PY) -m tools.document_screenshots

# The one-folder program in dist/lipanel/ (both lipanel and lipanel-admin), built in its own
# environment (build/venv) from the hash-locked requirements/build.lock, then the frozen
# smoke test on what was built. See docs/deployment.md.
package: $(STAMP)
	$(PY) packaging/build.py
	LIPANEL_FROZEN_REQUIRED=1 $(PY) -m pytest -m frozen -p no:cacheprovider -q tests/e2e/test_frozen_smoke.py

clean-venv:
	rm -rf $(VENV)
