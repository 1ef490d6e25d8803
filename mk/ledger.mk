# The ledger's on-disk index (docs/ledger.md): SQLite from Debian.
APT_PACKAGES += libsqlite3-dev
APT_PROBES += /usr/include/sqlite3.h

.PHONY: bench-ledger test-bench-ledger

## bench-ledger: READY time, RSS and ingest speed with a 10,000,000-entry ledger against an empty one (release
## build). The entries are written straight into the index by watcherd-bench, not through the daemon.
bench-ledger: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --binary $(BUILD_DIR)/watcherd --ledger $(or $(LEDGER),10000000) --json .build/bench-ledger.json

bench: bench-ledger

## test-bench-ledger: a small run of the same (20,000 entries, 200 files); fails if a file is lost or recorded twice.
test-bench-ledger: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --smoke --binary $(BUILD_DIR)/watcherd --ledger 20000 --json .build/bench-ledger-smoke.json > .build/bench-ledger-smoke.txt || { cat .build/bench-ledger-smoke.txt; exit 1; }
	@echo "ledger bench smoke: ok"

test: test-bench-ledger
