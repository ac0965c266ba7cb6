# cevns-edu — the two commands a learner needs are `make lab` and `make test`.
# Everything is installed into .venv from pinned versions (constraints.txt), so committed
# notebook outputs reproduce. No target ever writes to a notebook a learner may have edited,
# except `make execute-notebooks` (developers), which refuses to touch uncommitted edits.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.cevns-edu-installed
LABEXT := $(VENV)/share/jupyter/labextensions/cevns-edu-frames
PORT   ?= 8888
# `make present` has its own port (Voila's usual one), so the dashboard and `make lab` run side by side
PRESENT_PORT ?= 8866
# a kernel pre-started and the dashboard pre-built before anyone opens the page: the first figure appears in ~2 s
PRESENT_ARGS ?= --preheat_kernel=True --pool_size=1
# The learner's own copy of the course (notebooks + guide + gallery); `make lab` creates it and never
# overwrites a file in it. Choose another folder with `make lab WORKSPACE=~/somewhere`.
WORKSPACE ?= $(HOME)/cevns-course
LAB_ARGS  ?=
# The teacher's edition of the course (a worked solution after every exercise, and the guide): never for students
TEACHER_WORKSPACE ?= $(HOME)/cevns-teacher
# Printable worksheets (PDF + HTML), one per notebook; a build folder, ignored by git
HANDOUTS ?= build/handouts
# Local wheels of the course's dependencies (from the lock), so tests can install the built wheel into a
# fresh venv with no network (tests/test_wheel.py).
WHEELHOUSE := $(VENV)/wheelhouse
# Jupyter refuses to run as root unless told; containers and class VMs often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install wheelhouse workspace lab test test-fast test-quality docs bench present gallery handouts teacher execute-notebooks lock clean help

help:
	@echo "make lab      install everything (first time: ~1 min) and open the course in JupyterLab"
	@echo "make test     install if needed and run the whole suite (unit, physics, notebooks, browser), offline"
	@echo "make bench    time every frame (kernel, real browser, a class on one core), the fit, the notebooks (benchmarks/results.json)"
	@echo "make present  the presenter dashboard (Voila on port 8866, big fonts, no code; beside make lab on 8888)"
	@echo "make gallery  refresh the screenshots in docs/gallery (real browser)"
	@echo "make handouts printable worksheets, one PDF per notebook, in build/handouts (nbconvert + Chromium)"
	@echo "make teacher  the teacher's edition (worked solutions + guide) in TEACHER_WORKSPACE (default ~/cevns-teacher)"
	@echo "make install  just create .venv and install the project"
	@echo "make workspace  only create/refresh your copy of the course in WORKSPACE (default ~/cevns-course)"
	@echo "make docs     build the API reference into docs/api/_build/html (offline)"

install: $(STAMP) $(LABEXT)/package.json

# The course's page plugin (labextension/, plain JavaScript, no build): an editable install does not copy
# setup.py's data_files, so it is copied here, where JupyterLab and Voila find prebuilt extensions (a wheel
# installs it there itself). A copy, not a link: Voila serves no file from outside its folders.
$(LABEXT)/package.json: labextension/package.json labextension/static/remoteEntry.js | $(STAMP)
	@rm -rf $(LABEXT) && mkdir -p $(LABEXT) && cp -R labextension/. $(LABEXT)/

$(STAMP): pyproject.toml setup.py constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: install python3.11 and retry"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab,test,dev]" setuptools
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (cevns-edu)" >/dev/null
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	@# JupyterLab terminals of this venv: an interactive bash whose PATH starts with the venv (a login
	@# shell would reset PATH from /etc/profile), so `cevns-edu …` and `jupyter …` work as the course prints them
	@mkdir -p $(VENV)/etc/jupyter $(VENV)/etc/cevns-edu
	@printf '%s\n' '# cevns-edu: shell of JupyterLab terminals (written by make install)' \
		'[ -r /etc/bash.bashrc ] && . /etc/bash.bashrc' '[ -r "$$HOME/.bashrc" ] && . "$$HOME/.bashrc"' \
		'export VIRTUAL_ENV="$(abspath $(VENV))"' 'export PATH="$(abspath $(BIN)):$$PATH"' \
		> $(VENV)/etc/cevns-edu/terminal-bashrc
	@echo '{"ServerApp": {"terminado_settings": {"shell_command": ["bash", "--rcfile", "$(abspath $(VENV))/etc/cevns-edu/terminal-bashrc", "-i"]}}}' \
		> $(VENV)/etc/jupyter/jupyter_server_config.json
	@touch $(STAMP)
	@echo "cevns-edu installed in $(VENV)"

wheelhouse: $(WHEELHOUSE)/.complete

$(WHEELHOUSE)/.complete: pyproject.toml constraints.txt | $(STAMP)
	@$(BIN)/python -m pip download --quiet --only-binary=:all: -c constraints.txt -d $(WHEELHOUSE) ".[lab]" setuptools \
		&& touch $@ \
		|| echo "make wheelhouse: could not download the locked wheels (offline?); tests/test_wheel.py will say it cannot run"

workspace: install
	@out=$$($(BIN)/cevns-edu notebooks copy "$(WORKSPACE)") && echo "$$out" | grep "^Copied"

lab: workspace
	cd "$(WORKSPACE)" && PATH="$(abspath $(BIN)):$$PATH" VIRTUAL_ENV="$(abspath $(VENV))" \
		"$(abspath $(BIN))/jupyter" lab $(ALLOW_ROOT) --port=$(PORT) $(LAB_ARGS) 00_welcome.ipynb

present: install
	$(BIN)/voila notebooks/presenter.ipynb --port=$(PRESENT_PORT) --theme=light $(PRESENT_ARGS)

test: install wheelhouse
	tools/offline $(BIN)/python -m pytest

test-fast: install
	tools/offline $(BIN)/python -m pytest tests -m "not browser" --ignore=tests/quality -x -q

# ruff, mypy, the import-layer contract, the API reference (Sphinx, warnings as errors), environment, offline
test-quality: install
	tools/offline $(BIN)/python -m pytest tests/quality -q

# the API reference in docs/api/_build/html (offline; -W: a warning is an error)
docs: install
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs/api docs/api/_build/html

handouts: install
	$(BIN)/python tools/build_handouts.py "$(HANDOUTS)"

teacher: install
	$(BIN)/cevns-edu notebooks copy "$(TEACHER_WORKSPACE)" --solutions

gallery: install
	CEVNS_EDU_GALLERY=1 tools/offline $(BIN)/python -m pytest tests/browser -q

bench: install
	tools/offline $(BIN)/python benchmarks/run.py

execute-notebooks: install
	$(BIN)/python tools/execute_notebooks.py $(NB)

lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^cevns\|^pip==' \
		| (echo "# Lock file: the exact, tested versions (pip freeze of a working .venv, Python 3.11)."; \
		   echo "# Committed notebook outputs were produced with these. Regenerate: make lock"; cat) > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
