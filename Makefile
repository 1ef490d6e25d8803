# watcherd — two commands do all set-up on a fresh Debian 12 with the Swift toolchain:
#   make run    install what is missing, build release, watch ./drop and write ./out/
#   make test   install what is missing, build, run every test and check
SHELL := /bin/bash
SWIFT ?= swift
BUILD_DIR ?= $(CURDIR)/.build/release
# The installed binary links the Swift runtime, Foundation and Dispatch statically, so it needs no toolchain
# (docs/install.md). It has its own scratch path: swift test cannot build with --static-swift-stdlib (the static
# resource folder has no Testing/XCTest), and switching the flag in one build folder recompiles everything.
STATIC_BUILD_DIR ?= $(CURDIR)/.build-static/release
APT_PACKAGES := libinotifytools0-dev libuchardet-dev libxml2-dev pkg-config systemd logrotate
# The header each package provides, to tell without apt whether it is installed.
APT_PROBES := /usr/include/inotifytools/inotifytools.h /usr/include/uchardet/uchardet.h /usr/include/libxml2/libxml/HTMLparser.h /usr/bin/pkg-config /usr/bin/systemd-analyze /usr/sbin/logrotate

.PHONY: all deps build build-static build-debug run test test-swift test-schemas test-systemd test-install test-bench bench bench-installed microbench eval install uninstall clean

all: build

## deps: install the Debian packages watcherd builds against, when any is missing (apt-get, as root or via sudo).
deps:
	@missing=0; for f in $(APT_PROBES); do [ -e "$$f" ] || missing=1; done; \
	if [ $$missing = 1 ]; then \
		echo "Installing $(APT_PACKAGES) ..."; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product watcherd

## build-static: the self-contained release binary that make install installs (.build-static/release/watcherd).
build-static: deps
	$(SWIFT) build -c release --static-swift-stdlib --product watcherd --scratch-path $(CURDIR)/.build-static

build-debug: deps
	$(SWIFT) build

## run: the daemon on embedded defaults (drop folder ./drop, logs in ./out/).
run: build
	$(BUILD_DIR)/watcherd run

## test: unit and integration tests (against the release binary) plus the systemd and install checks.
test: build test-swift test-schemas test-systemd test-install test-bench

test-swift: build
	WATCHERD_BIN=$(BUILD_DIR)/watcherd $(SWIFT) test -c release --disable-testable-imports

## test-schemas: the records of the seeds and parse fixtures validate against schemas/article.schema.json.
test-schemas: build
	python3 scripts/validate-schemas.py $(BUILD_DIR)/watcherd seeds/* Tests/Fixtures/parse/* Tests/Fixtures/encodings/*

test-systemd: build
	scripts/check-systemd.sh $(BUILD_DIR)/watcherd

test-install: build
	MAKE='$(MAKE)' scripts/test-install.sh

## test-bench: a 300-article smoke run of the benchmark; fails only when the tool itself breaks.
test-bench: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --smoke --binary $(BUILD_DIR)/watcherd --json .build/bench-smoke.json > .build/bench-smoke.txt || { cat .build/bench-smoke.txt; exit 1; }
	@echo "bench smoke: ok"

## eval: entity recognition against the gold sets, and story grouping on its pairs (release build).
eval: build
	$(BUILD_DIR)/watcherd eval
	$(BUILD_DIR)/watcherd eval-stories

## microbench: per-stage micro-benchmarks (normaliser, tokeniser, gazetteer matcher, rules, parser, record JSON,
## pipeline) under ordo-one/benchmark, in the separate Benchmarks/ package so that CI never builds the harness.
## Compare runs with `cd Benchmarks && swift package benchmark baseline update NAME` / `baseline compare NAME`.
microbench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress

## bench: the full benchmark (10,000 articles), release build; prints a table, writes .build/bench-results.json.
bench: build
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --binary $(BUILD_DIR)/watcherd
	$(MAKE) bench-installed

## bench-installed: sections 2 and 3 again (the daemon's latency, peak memory, start-up) with the binary that
## `make install` installs and the systemd unit runs: the Swift runtime and Foundation linked in, where the `make build`
## binary maps the toolchain's shared libraries, whose pages count in its resident memory. make bench ends with it.
bench-installed: build build-static
	$(SWIFT) build -c release --product watcherd-bench
	$(BUILD_DIR)/watcherd-bench --daemon-only --binary $(STATIC_BUILD_DIR)/watcherd --json .build/bench-installed.json

clean:
	rm -rf .build .build-static drop out

include mk/install.mk
install: build-static
install: BUILD_DIR := $(STATIC_BUILD_DIR)
include mk/chaos.mk
include mk/report.mk
include mk/vm.mk
include mk/ledger.mk
include mk/ner.mk
include mk/replay.mk
include mk/nats.mk
include mk/pages.mk
include mk/namelists.mk
