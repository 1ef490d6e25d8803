# mk/pages.mk: article extraction measured on real Arabic news pages and texts (issue 17). Included by the Makefile.
#
#   make eval-pages   watcherd (`watcherd process`, release build) and trafilatura (PyPI, in a venv under .build/)
#                     side by side on Tests/Fixtures/pages: a table per page, totals for the dev and holdout parts
#                     (docs/extraction-eval.md). Also run by `make eval`.
#   make test-pages   watcherd alone against the floor in Tests/Fixtures/pages/floor.json; part of `make test`.

EVAL_PAGES_VENV ?= $(CURDIR)/.build/eval-pages-venv

.PHONY: eval-pages test-pages

# The venv needs ensurepip, which Debian ships in python3-venv.
$(EVAL_PAGES_VENV)/.installed: scripts/eval-pages-requirements.txt
	@python3 -c 'import ensurepip' 2>/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv >/dev/null; }
	python3 -m venv $(EVAL_PAGES_VENV)
	$(EVAL_PAGES_VENV)/bin/pip install -q -r scripts/eval-pages-requirements.txt
	touch $@

eval-pages: build $(EVAL_PAGES_VENV)/.installed
	python3 scripts/eval-pages.py --binary $(BUILD_DIR)/watcherd --traf-python $(EVAL_PAGES_VENV)/bin/python \
		--json .build/eval-pages.json

eval: eval-pages

test: test-pages
test-pages: build
	python3 scripts/eval-pages.py --binary $(BUILD_DIR)/watcherd --watcherd-only --floor Tests/Fixtures/pages/floor.json
