# danvan — the targets researchers and developers run. `make` alone lists them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data

.DEFAULT_GOAL := help
.PHONY: help install test demo serve crawl build nightly mirror eval bench clean

help: ## list the targets
	@echo "danvan — make targets (data directory: $(abspath $(DATA)); DATA=DIR to change it):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "danvan needs Python 3.11 or newer (found %s); set PYTHON=..." % sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv/ with danvan and its test tools (does nothing when current)

test: install ## run the test suite
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests — that is a failure here" >&2; exit 1; fi; \
	exit $$rc

demo: install ## crawl the three embedded mirrors, extract, build $(DATA)/danvan.db
	$(PY) -m pipeline demo --data-dir $(DATA)

serve: install ## open the dataset in Datasette (http://127.0.0.1:8001)
	$(PY) -m pipeline serve --data-dir $(DATA)

crawl: install ## crawl the site (polite, incremental) into $(DATA)/raw/ [SITES="a b" BASE_URL=… DELAY=…]
	$(PY) -m pipeline crawl --data-dir $(DATA) $(foreach s,$(SITES),--site $(s)) $(if $(BASE_URL),--base-url $(BASE_URL)) $(if $(DELAY),--delay $(DELAY))

build: install ## parse the archive, extract, load $(DATA)/danvan.db
	$(PY) -m pipeline build --data-dir $(DATA)

nightly: install ## unattended crawl + build + checks + report (for cron) [SITES="a b"]
	$(PY) -m pipeline nightly --data-dir $(DATA) $(foreach s,$(SITES),--site $(s))

mirror: install ## serve the three embedded mirrors on 127.0.0.1:8000, 8001, 8002
	$(PY) -m pipeline mirror

eval: install ## score the extractors against the gold set
	$(PY) -m pipeline eval

bench: install ## measure extraction, crawl, build and search speed
	$(PY) -m pipeline bench --data-dir $(DATA)

clean: ## remove generated data (keeps the mirror and gold set) and the venv
	rm -rf $(DATA)/raw $(DATA)/danvan.db* $(DATA)/published $(DATA)/bench $(DATA)/logs $(DATA)/reports $(VENV)
