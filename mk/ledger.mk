# The ledger's on-disk index (docs/ledger.md): SQLite from Debian.
APT_PACKAGES += libsqlite3-dev
APT_PROBES += /usr/include/sqlite3.h

.PHONY: bench-ledger

## bench-ledger: READY time, RSS and ingest speed with a 10,000,000-entry ledger against an empty one (release build).
bench-ledger: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --binary $(BUILD_DIR)/watcherd --ledger $(or $(LEDGER),10000000)
