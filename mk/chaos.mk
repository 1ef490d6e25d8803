# mk/chaos.mk: fault injection against the real binary (scripts/chaos.py).
#   make chaos         every scenario at full size (10,000 files with 20 kill -9, a 20,000-file burst, ...)
#   make chaos-quick   the reduced run that `make test` includes
.PHONY: chaos chaos-quick

chaos: build
	python3 scripts/chaos.py $(BUILD_DIR)/watcherd

chaos-quick: build
	python3 scripts/chaos.py --quick $(BUILD_DIR)/watcherd

test: chaos-quick
