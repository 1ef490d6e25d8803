# mk/nats.mk: publishing records and alerts to NATS JetStream (Sources/Watcher/Stream, Sources/CNats).
# Debian's NATS C client to build against, and nats-server for the integration tests (Tests/WatcherdIntegrationTests/
# NatsIntegrationTests.swift, which start their own server on a free loopback port).
APT_PACKAGES += nats-server libnats-dev
APT_PROBES += /usr/sbin/nats-server /usr/include/nats/nats.h

.PHONY: test-systemd-nats

## test-systemd-nats: the unit with the NATS network drop-in passes verify and keeps exposure ≤ 2.0.
test-systemd-nats: build
	scripts/check-systemd-nats.sh $(BUILD_DIR)/watcherd

test: test-systemd-nats

.PHONY: bench-nats

## bench-nats: what publishing to NATS costs at 1,000 files/s (daemon CPU against JSONL only) and one vs two daemons
## draining one work queue, against a local nats-server (release build); part of make bench.
bench-nats: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --nats-only --binary $(BUILD_DIR)/watcherd --json .build/bench-nats.json

bench: bench-nats
