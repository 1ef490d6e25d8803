# mk/install.mk: `install` and `uninstall` for watcherd. Included by the main
# Makefile; needs GNU make. Every variable can be overridden on the command
# line or set before the include.
#
#   make install   [PREFIX=/usr/local] [DESTDIR=] [BUILD_DIR=.build/release]
#   make uninstall [same variables as for install]
#
# The main Makefile should add its build target as a prerequisite, for
# example `install: build`. This fragment only checks that
# $(BUILD_DIR)/watcherd exists. No -o/-g: DESTDIR installs run unprivileged.
# Users, groups and the drop folder come from sysusers.d and tmpfiles.d on
# the target host (see the note printed at the end of `install`).

# Keep the includer's default goal: this fragment must not become `make`'s target.
_watcherd_saved_goal := $(.DEFAULT_GOAL)

# The source tree root, i.e. the parent of this file's directory (expanded
# now, while this file is still the last entry of MAKEFILE_LIST).
ifndef WATCHERD_SRCDIR
WATCHERD_SRCDIR := $(patsubst %/,%,$(dir $(abspath $(dir $(lastword $(MAKEFILE_LIST))))))
endif

PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD_DIR  ?= $(WATCHERD_SRCDIR)/.build/release
INSTALL    ?= install

BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/watcherd
SYSCONFDIR ?= /etc
CONFDIR    ?= $(SYSCONFDIR)/watcherd
LOGROTATEDIR ?= $(SYSCONFDIR)/logrotate.d

# systemd reads units, sysusers.d and tmpfiles.d from /usr/lib/... and
# /usr/local/lib/... (see `systemd-analyze unit-paths`), so those two prefixes
# use their own lib/ directories. For any other prefix (/opt/...) systemd would
# never look there, so the files go to /etc instead.
ifneq ($(filter /usr /usr/local,$(patsubst %/,%,$(PREFIX))),)
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
else
UNITDIR     ?= $(SYSCONFDIR)/systemd/system
SYSUSERSDIR ?= $(SYSCONFDIR)/sysusers.d
TMPFILESDIR ?= $(SYSCONFDIR)/tmpfiles.d
endif

WATCHERD_SCHEMAS := $(sort $(wildcard $(WATCHERD_SRCDIR)/schemas/*.json))
WATCHERD_CONFIG  := $(WATCHERD_SRCDIR)/config/watcherd.yaml

.PHONY: install uninstall

install:
	@test -x '$(BUILD_DIR)/watcherd' || { echo "install: $(BUILD_DIR)/watcherd is missing: build first" >&2; exit 1; }
	@test -f '$(WATCHERD_CONFIG)' || { echo "install: $(WATCHERD_CONFIG) is missing" >&2; exit 1; }
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(UNITDIR)' '$(DESTDIR)$(SYSUSERSDIR)' \
		'$(DESTDIR)$(TMPFILESDIR)' '$(DESTDIR)$(LOGROTATEDIR)' '$(DESTDIR)$(CONFDIR)' \
		'$(DESTDIR)$(DATADIR)/schemas'
	$(INSTALL) -m 0755 '$(BUILD_DIR)/watcherd' '$(DESTDIR)$(BINDIR)/watcherd'
	sed 's#^\(Exec[A-Za-z]*=\)/usr/local/bin/watcherd #\1$(BINDIR)/watcherd #' \
		'$(WATCHERD_SRCDIR)/systemd/watcherd.service' > '$(DESTDIR)$(UNITDIR)/watcherd.service.tmp'
	@grep -q '^ExecStart=$(BINDIR)/watcherd ' '$(DESTDIR)$(UNITDIR)/watcherd.service.tmp' || \
		{ echo "install: could not rewrite ExecStart for $(BINDIR)" >&2; rm -f '$(DESTDIR)$(UNITDIR)/watcherd.service.tmp'; exit 1; }
	chmod 0644 '$(DESTDIR)$(UNITDIR)/watcherd.service.tmp'
	mv -f '$(DESTDIR)$(UNITDIR)/watcherd.service.tmp' '$(DESTDIR)$(UNITDIR)/watcherd.service'
	sed 's#^\(Exec[A-Za-z]*=\)/usr/local/bin/watcherd #\1$(BINDIR)/watcherd #' \
		'$(WATCHERD_SRCDIR)/systemd/watcherd-report.service' > '$(DESTDIR)$(UNITDIR)/watcherd-report.service.tmp'
	@grep -q '^ExecStart=$(BINDIR)/watcherd ' '$(DESTDIR)$(UNITDIR)/watcherd-report.service.tmp' || \
		{ echo "install: could not rewrite ExecStart of watcherd-report.service for $(BINDIR)" >&2; rm -f '$(DESTDIR)$(UNITDIR)/watcherd-report.service.tmp'; exit 1; }
	chmod 0644 '$(DESTDIR)$(UNITDIR)/watcherd-report.service.tmp'
	mv -f '$(DESTDIR)$(UNITDIR)/watcherd-report.service.tmp' '$(DESTDIR)$(UNITDIR)/watcherd-report.service'
	$(INSTALL) -m 0644 '$(WATCHERD_SRCDIR)/systemd/watcherd-report.timer' '$(DESTDIR)$(UNITDIR)/watcherd-report.timer'
	$(INSTALL) -m 0644 '$(WATCHERD_SRCDIR)/systemd/watcherd.sysusers' '$(DESTDIR)$(SYSUSERSDIR)/watcherd.conf'
	$(INSTALL) -m 0644 '$(WATCHERD_SRCDIR)/systemd/watcherd.tmpfiles' '$(DESTDIR)$(TMPFILESDIR)/watcherd.conf'
	sed 's#/usr/local/bin/watcherd #$(BINDIR)/watcherd #' '$(WATCHERD_SRCDIR)/systemd/watcherd.logrotate' > '$(DESTDIR)$(LOGROTATEDIR)/watcherd'
	chmod 0644 '$(DESTDIR)$(LOGROTATEDIR)/watcherd'
	$(if $(WATCHERD_SCHEMAS),$(INSTALL) -m 0644 $(foreach f,$(WATCHERD_SCHEMAS),'$(f)') '$(DESTDIR)$(DATADIR)/schemas/')
	$(INSTALL) -m 0644 '$(WATCHERD_CONFIG)' '$(DESTDIR)$(DATADIR)/watcherd.yaml.example'
	@# The name tagger's model and word lists are embedded in the binary: their origins, licences and credits go with it.
	$(INSTALL) -m 0644 '$(WATCHERD_SRCDIR)/data/ner/README.md' '$(DESTDIR)$(DATADIR)/ner-data-credits.md'
	@# Never overwrite an admin's config. 0644 because the daemon (user watcherd) reads it.
	@if [ -e '$(DESTDIR)$(CONFDIR)/watcherd.yaml' ]; then \
		echo "install: keeping existing $(DESTDIR)$(CONFDIR)/watcherd.yaml (default is in $(DATADIR)/watcherd.yaml.example)"; \
	else \
		echo "$(INSTALL) -m 0644 $(WATCHERD_CONFIG) $(DESTDIR)$(CONFDIR)/watcherd.yaml"; \
		$(INSTALL) -m 0644 '$(WATCHERD_CONFIG)' '$(DESTDIR)$(CONFDIR)/watcherd.yaml'; \
	fi
	@echo "install: done. On the target host, as root:"
	@echo "  systemd-sysusers watcherd.conf && systemd-tmpfiles --create watcherd.conf"
	@echo "  systemctl daemon-reload && systemctl enable --now watcherd.service"
	@echo "  systemctl enable --now watcherd-report.timer   # daily report in /var/lib/watcherd/reports"

# Removes what `install` put in place. The config stays if it differs from the
# default that was installed with it, i.e. if an admin edited it.
uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/watcherd' \
		'$(DESTDIR)$(UNITDIR)/watcherd.service' \
		'$(DESTDIR)$(UNITDIR)/watcherd-report.service' \
		'$(DESTDIR)$(UNITDIR)/watcherd-report.timer' \
		'$(DESTDIR)$(SYSUSERSDIR)/watcherd.conf' \
		'$(DESTDIR)$(TMPFILESDIR)/watcherd.conf' \
		'$(DESTDIR)$(LOGROTATEDIR)/watcherd'
	rm -f '$(DESTDIR)$(DATADIR)/schemas/'*.json
	@if [ -f '$(DESTDIR)$(CONFDIR)/watcherd.yaml' ]; then \
		if [ -f '$(DESTDIR)$(DATADIR)/watcherd.yaml.example' ] && \
		   cmp -s '$(DESTDIR)$(CONFDIR)/watcherd.yaml' '$(DESTDIR)$(DATADIR)/watcherd.yaml.example'; then \
			echo "rm -f $(DESTDIR)$(CONFDIR)/watcherd.yaml (unmodified default)"; \
			rm -f '$(DESTDIR)$(CONFDIR)/watcherd.yaml'; \
		else \
			echo "uninstall: keeping $(DESTDIR)$(CONFDIR)/watcherd.yaml (modified by an admin); remove it by hand if unwanted"; \
		fi; \
	fi
	rm -f '$(DESTDIR)$(DATADIR)/watcherd.yaml.example' '$(DESTDIR)$(DATADIR)/ner-data-credits.md'
	@for d in '$(DESTDIR)$(DATADIR)/schemas' '$(DESTDIR)$(DATADIR)' '$(DESTDIR)$(CONFDIR)'; do \
		rmdir "$$d" 2>/dev/null || true; \
	done
	@echo "uninstall: done. Users, groups, /var/spool/watcherd, /var/lib/watcherd and /var/log/watcherd are left alone."

.DEFAULT_GOAL := $(_watcherd_saved_goal)
