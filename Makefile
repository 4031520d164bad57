# The test command: lint, the pure-Python core suite, then the Odoo suite on a private PostgreSQL.
#   make test                     everything (the Odoo suite runs when an Odoo 18 is found)
#   make test MODULES=dist_wms    install and test one addon with its dependencies
#   REQUIRE_ODOO=1 make test      fail instead of skipping when no Odoo is found
PYTHON ?= python3

.PHONY: test lint core odoo

test:
	MODULES="$(MODULES)" $(PYTHON) tools/run_tests.py

lint:
	SKIP_CORE=1 SKIP_ODOO=1 $(PYTHON) tools/run_tests.py

core:
	$(PYTHON) -m pytest tests -q

odoo:
	SKIP_LINT=1 SKIP_CORE=1 REQUIRE_ODOO=1 MODULES="$(MODULES)" $(PYTHON) tools/run_tests.py
