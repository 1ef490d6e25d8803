# mk/replay.mk: what `watcherd replay` adds to the build. Included by the main Makefile.
# zlib reads the rotated, compressed article and alert logs (articles.jsonl.2.gz).
APT_PACKAGES += zlib1g-dev
APT_PROBES += /usr/include/zlib.h
