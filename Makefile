# Two commands set everything up: `make run` (portal with demo data) and `make test` (all checks).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt internships/*.pyx | md5sum | cut -c1-12)
PROD_ENV := DEBUG=false SECRET_KEY=check-deploy-$(shell printf '%064d' 0 | tr 0 x) \
	ALLOWED_HOSTS=careers.example.org DATABASE_URL=sqlite:///tmp/deploy-check.sqlite3

.PHONY: install system-deps messages run test lint vendor-static lock clean

$(STAMP): pyproject.toml constraints.txt $(wildcard internships/*.pyx)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

system-deps:
	bash scripts/system_deps.sh

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

run: install
	bash scripts/system_deps.sh gettext
	$(MAKE) --no-print-directory messages
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo
	@echo "Serving the JET Career Portal on http://127.0.0.1:8000 (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install system-deps lint messages
	$(BIN)/python manage.py makemigrations --check --dry-run -v1
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest

vendor-static:
	bash scripts/vendor_static.sh

# Regenerate the pinned versions after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/jetcareer-lock && $(PYTHON) -m venv /tmp/jetcareer-lock
	/tmp/jetcareer-lock/bin/pip install -q '.[dev]'
	/tmp/jetcareer-lock/bin/pip freeze --exclude jetcareer > constraints.txt

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
