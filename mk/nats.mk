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

## bench-nats: what publishing to NATS costs at 1,000 files/s (daemon CPU against JSONL only, 8 alternating rounds:
## median, quartiles and range, and whether the +10 % goal is met) and one vs two daemons draining one work queue,
## against a local nats-server (release build); part of make bench.
bench-nats: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --nats-only --binary $(BUILD_DIR)/watcherd --json .build/bench-nats.json

bench: bench-nats

.PHONY: install-nats-dropin uninstall-nats-dropin test-install-nats

## install-nats-dropin: the network drop-in for a daemon that talks to NATS, as
## $(UNITDIR)/watcherd.service.d/nats.conf, with IPAddressAllow= set to NATS_ALLOW (the brokers' IP addresses or
## prefixes, space-separated; default 127.0.0.1). An existing drop-in (an admin's allow list) is kept.
## `make install NATS=1 [NATS_ALLOW="10.0.0.5 10.0.0.6"]` installs it along with the rest.
NATS_ALLOW ?= 127.0.0.1
NATS_DROPIN_DIR = $(DESTDIR)$(UNITDIR)/watcherd.service.d
install-nats-dropin:
	@for a in $(NATS_ALLOW); do \
		echo "$$a" | grep -Eq '^[0-9A-Fa-f:.]+(/[0-9]+)?$$' || \
			{ echo "install-nats-dropin: NATS_ALLOW entry '$$a' is not an IP address or prefix (IPAddressAllow= takes no host names)" >&2; exit 1; }; \
	done
	$(INSTALL) -d '$(NATS_DROPIN_DIR)'
	@if [ -e '$(NATS_DROPIN_DIR)/nats.conf' ]; then \
		echo "install-nats-dropin: keeping existing $(NATS_DROPIN_DIR)/nats.conf (its IPAddressAllow= is the admin's)"; \
	else \
		awk -v allow='$(NATS_ALLOW)' '/^IPAddressAllow=/ { n = split(allow, a, " "); for (i = 1; i <= n; i++) print "IPAddressAllow=" a[i]; next } { print }' \
			'$(WATCHERD_SRCDIR)/systemd/watcherd.service.d/nats.conf' > '$(NATS_DROPIN_DIR)/nats.conf.tmp' && \
		chmod 0644 '$(NATS_DROPIN_DIR)/nats.conf.tmp' && \
		mv -f '$(NATS_DROPIN_DIR)/nats.conf.tmp' '$(NATS_DROPIN_DIR)/nats.conf' && \
		echo "installed $(NATS_DROPIN_DIR)/nats.conf (IPAddressAllow= $(NATS_ALLOW))"; \
	fi

## uninstall-nats-dropin: removes the drop-in (part of make uninstall: the unit it extends is removed too).
uninstall-nats-dropin:
	rm -f '$(NATS_DROPIN_DIR)/nats.conf'
	@rmdir '$(NATS_DROPIN_DIR)' 2>/dev/null || true

ifeq ($(NATS),1)
install: install-nats-dropin
endif
uninstall: uninstall-nats-dropin

## test-install-nats: make install NATS=1 into a scratch DESTDIR puts the drop-in next to the unit, with the
## given brokers, passing check-systemd-nats; plain install leaves it out; an admin's drop-in is kept; uninstall removes it.
test-install-nats: build-static
	MAKE='$(MAKE)' scripts/test-install-nats.sh

test: test-install-nats
