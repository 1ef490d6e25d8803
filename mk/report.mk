# mk/report.mk: `watcherd report` (the morning brief) and the docs check. Included at the end of the Makefile.
#
#   make test-report   the report in headless Chromium: seeds, 0 and 10,000 alerts, no console errors, not blank
#   make test-docs     every config key, command flag and record field appears in docs/
#   make bench-report  time `watcherd report` (release) over 10,000 alerts; prints a table
#
# zlib reads logrotate's compressed logs; Chromium renders the report in the browser test.
APT_PACKAGES += zlib1g-dev chromium
APT_PROBES += /usr/include/zlib.h /usr/bin/chromium

.PHONY: test-report test-docs bench-report

test: test-report test-docs

test-report: build
	python3 scripts/report-browser-test.py $(BUILD_DIR)/watcherd

test-docs: build
	python3 scripts/check-docs.py $(BUILD_DIR)/watcherd

## bench-report: builds logs of 10,000 alerts from the seeds' records and times `watcherd report` over them.
bench-report: build
	python3 scripts/bench-report.py $(BUILD_DIR)/watcherd
