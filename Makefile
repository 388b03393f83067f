# SPDX-License-Identifier: MIT
# clonetrace: plain make.  make; make check; make demo; make bench

# Where `make install` puts things (GNU names; DESTDIR stages them).
PREFIX ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR ?= $(EXEC_PREFIX)/bin
DATAROOTDIR ?= $(PREFIX)/share
MANDIR ?= $(DATAROOTDIR)/man
DOCDIR ?= $(DATAROOTDIR)/doc/clonetrace
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -std=gnu11 -Wall -Wextra -Wno-unused-parameter
VERSION = 0.1.0

# STACK=0 builds without libunwind (no --stack); DW=0 without elfutils'
# libdw (stacks named by libunwind alone: no debug files, source lines,
# inlined calls or demangling), e.g. for the cross builds.
STACK ?= 1
DW ?= $(STACK)
PKGS = jansson $(if $(filter 1,$(STACK)),libunwind-ptrace libunwind-generic) $(if $(filter 1,$(DW)),libdw)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# samples write their ground truth with jansson, and need nothing else
SAMPLE_CFLAGS := $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
SAMPLE_LIBS := $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null)
# tracer/stack/demangle.c demangles C++ and Rust with GNU libiberty's
# demanglers (libiberty-dev: a static library, no pkg-config file)
DEMANGLE_LIBS = $(if $(filter 1,$(DW)),-liberty)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(DEMANGLE_LIBS)
# RENDER=0 builds the recorder alone (no Graphviz), e.g. for cross builds.
RENDER ?= 1
ifeq ($(RENDER),1)
RENDER_PKGS = libgvc
RENDER_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(RENDER_PKGS) 2>/dev/null)
RENDER_LIBS := $(shell $(PKG_CONFIG) --libs $(RENDER_PKGS) 2>/dev/null)
else
RENDER_CFLAGS = -DCT_NO_RENDER
endif

# EBPF=1 builds `record --ebpf` (tracer/ebpf/): libbpf (libbpf-dev), the BPF
# object compiled by clang and its skeleton made by bpftool.  The default is
# 1 where all three are there and the host is x86_64 or aarch64, else 0 (then
# --ebpf says in one line that it wasn't built).
CLANG ?= clang
BPFTOOL ?= $(firstword $(shell command -v bpftool 2>/dev/null) $(wildcard /usr/sbin/bpftool /sbin/bpftool))
BPF_ARCH := $(patsubst x86_64,x86,$(patsubst aarch64,arm64,$(shell uname -m)))
EBPF ?= $(if $(and $(filter x86 arm64,$(BPF_ARCH)),$(BPFTOOL),$(shell command -v $(CLANG) 2>/dev/null),$(shell $(PKG_CONFIG) --exists libbpf && echo y)),1,0)
ifeq ($(EBPF),1)
EBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf)
EBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf)
endif

ALL_CFLAGS = $(WARN) $(CPPFLAGS) -D_GNU_SOURCE $(CFLAGS) -I. -DCT_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(RENDER_CFLAGS) -MMD -MP
LIBS = $(PKG_LIBS) $(RENDER_LIBS) $(EBPF_LIBS)

B = build
# The house, one folder a room (docs/architecture.md): the ground floors
# that everything may use, pure of ptrace and of drawing, in CORE_DIRS (base/
# helpers, the kernel's names, decode/, the trace format both ways, the
# sharing model); the tracer; the readers (answers and drawing) in READ_DIRS.
CORE_DIRS = base names decode format model
READ_DIRS = answers draw cmd
CORE_SRC = $(foreach d,$(CORE_DIRS),$(wildcard $(d)/*.c $(d)/*/*.c))
# tracer/stack/: creation stacks with libunwind, or none.c without (STACK=0)
# tracer/stack/symbols.c names with libdw, or symbols-none.c without (DW=0)
# (and without demangle.c, which only symbols.c calls)
STACK_SRC = $(if $(filter 1,$(STACK)),$(filter-out tracer/stack/none.c $(if $(filter 1,$(DW)),tracer/stack/symbols-none.c,tracer/stack/symbols.c tracer/stack/demangle.c),$(wildcard tracer/stack/*.c)),tracer/stack/none.c)
# tracer/ebpf/: record --ebpf with libbpf, or none.c without (EBPF=0); the
# BPF program itself (probe.bpf.c) is compiled by clang, not by $(CC)
EBPF_SRC = $(if $(filter 1,$(EBPF)),$(filter-out %/none.c %.bpf.c,$(wildcard tracer/ebpf/*.c)),tracer/ebpf/none.c)
TRACER_SRC = $(wildcard tracer/*.c) $(STACK_SRC) $(EBPF_SRC)
RENDER_SRC = $(if $(filter 1,$(RENDER)),$(foreach d,$(READ_DIRS),$(wildcard $(d)/*.c $(d)/*/*.c)))
APP_SRC = main.c $(TRACER_SRC) $(RENDER_SRC) $(CORE_SRC)
APP_OBJ = $(APP_SRC:%.c=$(B)/%.o)
DECODE_OBJ = $(CORE_SRC:%.c=$(B)/%.o)
RENDER_OBJ = $(RENDER_SRC:%.c=$(B)/%.o)

# Unit tests: tests/unit/t-*.c link with decode/ (and render/ for t-render-*).
# (t-stack-demangle needs libiberty, there only with DW=1)
UNIT_SRC = $(filter-out $(if $(filter 1,$(DW)),,tests/unit/t-stack-demangle.c),$(wildcard tests/unit/t-*.c))
UNIT_BIN = $(UNIT_SRC:%.c=$(B)/%)
# The same unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_BIN = $(UNIT_SRC:%.c=$(B)/asan/%)

SAMPLE_SRC = $(wildcard samples/*.c)
SAMPLE_BIN = $(SAMPLE_SRC:samples/%.c=$(B)/samples/%)

DEPS = $(APP_OBJ:.o=.d) $(UNIT_BIN:=.d) $(ASAN_BIN:=.d) $(SAMPLE_BIN:=.d) \
	$(SAN_OBJ:.o=.d) $(SAN_RENDER_OBJ:.o=.d)

.PHONY: all check check-arch check-build check-ship check-unit demo bench install uninstall deb clean deps fuzz samples stress

all: clonetrace samples

clonetrace: $(APP_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The BPF object, CO-RE (tracer/ebpf/kernel.h: no BTF needed to build), and
# the skeleton that embeds it in clonetrace (probes.c includes it).
BPF_OBJ = $(B)/tracer/ebpf/probe.bpf.o
BPF_SKEL = $(B)/tracer/ebpf/probe.skel.h
$(BPF_OBJ): tracer/ebpf/probe.bpf.c tracer/ebpf/kernel.h tracer/ebpf/wire.h
	@mkdir -p $(@D)
	$(CLANG) -g -O2 -Wall -target bpf -D__TARGET_ARCH_$(BPF_ARCH) \
		-I/usr/include/$(shell $(CC) -print-multiarch 2>/dev/null) -c -o $@ $<
$(BPF_SKEL): $(BPF_OBJ)
	$(BPFTOOL) gen skeleton $< name probe > $@.tmp && mv $@.tmp $@
ifeq ($(EBPF),1)
$(B)/tracer/ebpf/probes.o: $(BPF_SKEL)
$(B)/tracer/ebpf/%.o: ALL_CFLAGS += $(EBPF_CFLAGS) -I$(B)/tracer/ebpf
endif

samples: $(SAMPLE_BIN)

# The report's page, style and script, which draw/html_assets.c takes in with .incbin.
$(B)/draw/html_assets.o $(B)/asan/draw/html_assets.o: $(wildcard draw/html/*)

$(B)/samples/%: samples/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -D_GNU_SOURCE $(CFLAGS) -I. -MMD -MP -pthread -o $@ $< $(SAMPLE_CFLAGS) $(SAMPLE_LIBS)

# stack_chain linked statically without .eh_frame_hdr, where libunwind finds
# no unwind info: t-stack.py checks that the trace says so.
NOHDR_BIN = $(B)/samples/stack_chain-nohdr
$(B)/samples/%-nohdr: samples/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) -D_GNU_SOURCE $(CFLAGS) -I. -pthread -static -Wl,--no-eh-frame-hdr -o $@ $< \
		$(SAMPLE_CFLAGS) $(shell $(PKG_CONFIG) --static --libs jansson 2>/dev/null)

# The unit tests link the shared sources from one static library per build
# flavour, compiled once: $(B)/libct.a (decode/, format/, model/) and
# $(B)/libct-render.a (render/); the same under $(B)/asan/ with ASan+UBSan.
# t-render-* and t-format-* link render/ too; every other unit test libct.a alone.
SAN_OBJ = $(CORE_SRC:%.c=$(B)/asan/%.o)
SAN_RENDER_OBJ = $(RENDER_SRC:%.c=$(B)/asan/%.o)

$(B)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

$(B)/libct.a: $(DECODE_OBJ)
$(B)/libct-render.a: $(RENDER_OBJ)
$(B)/asan/libct.a: $(SAN_OBJ)
$(B)/asan/libct-render.a: $(SAN_RENDER_OBJ)
$(B)/libct.a $(B)/libct-render.a $(B)/asan/libct.a $(B)/asan/libct-render.a:
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/tests/unit/t-render%: tests/unit/t-render%.c $(B)/libct-render.a $(B)/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libct-render.a $(B)/libct.a $(LIBS)

$(B)/tests/unit/t-format%: tests/unit/t-format%.c $(B)/libct-render.a $(B)/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libct-render.a $(B)/libct.a $(LIBS)

# t-stack-X tests tracer/stack/X.c, one of its pure files (bytes or names in, names out)
STACK_UNIT = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/t-stack-*.c))
$(STACK_UNIT:%=$(B)/tests/unit/%): $(B)/tests/unit/t-stack-%: tests/unit/t-stack-%.c $(B)/tracer/stack/%.o $(B)/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/tracer/stack/$*.o $(B)/libct.a $(PKG_LIBS)

$(B)/tests/unit/%: tests/unit/%.c $(B)/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libct.a $(PKG_LIBS)

$(B)/asan/tests/unit/t-render%: tests/unit/t-render%.c $(B)/asan/libct-render.a $(B)/asan/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(B)/asan/libct-render.a $(B)/asan/libct.a $(LIBS)

$(B)/asan/tests/unit/t-format%: tests/unit/t-format%.c $(B)/asan/libct-render.a $(B)/asan/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(B)/asan/libct-render.a $(B)/asan/libct.a $(LIBS)

$(STACK_UNIT:%=$(B)/asan/tests/unit/%): $(B)/asan/tests/unit/t-stack-%: tests/unit/t-stack-%.c $(B)/asan/tracer/stack/%.o $(B)/asan/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(B)/asan/tracer/stack/$*.o $(B)/asan/libct.a $(PKG_LIBS)

$(B)/asan/tests/unit/%: tests/unit/%.c $(B)/asan/libct.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $< $(B)/asan/libct.a $(PKG_LIBS)

$(B)/bench/workload: bench/workload.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -pthread -o $@ $<

# check and demo first install missing Debian packages (as root; else they
# print the apt-get line and stop), then build with what is now installed,
# as many jobs at once as there are CPUs; tests/run runs the tests that way too.
NPROC := $(shell nproc 2>/dev/null || echo 2)
check:
	@tools/deps
	@$(MAKE) --no-print-directory -j$(NPROC) check-build
	@tests/run -j$(NPROC)

check-build: clonetrace samples $(NOHDR_BIN) $(UNIT_BIN) $(ASAN_BIN)

check-unit: $(UNIT_BIN) $(ASAN_BIN)
	@tests/run unit

# What ships, checked apart from make check (a minute and more, root): the
# Debian package built, linted, installed and removed (t-deb), make install
# and uninstall (t-install), and the big renders at full size (4,000 tasks,
# a 12,000-deep chain).  .ci/run runs it.
check-ship:
	@tools/deps
	@$(MAKE) --no-print-directory -j$(NPROC) clonetrace samples
	@tests/run -j$(NPROC) ship

# The race tests at their full counts: 1,000 rounds of fork against execve,
# 50 of detach against queued signals, 300 signals at random moments.
stress: clonetrace samples
	CT_RACE_ROUNDS=1000 tests/integration/t-exec_race.py
	CT_DETACH_ROUNDS=50 tests/integration/t-detach_signals.py
	CT_SIGNAL_ROUNDS=100 tests/integration/t-signal_race.py

# Installs the Debian packages the build and the tests need (root), or says which.
deps:
	@tools/deps

demo:
	@tools/deps build
	@$(MAKE) --no-print-directory all
	./clonetrace record -o demo.json -- $(B)/samples/fork_exec
	./clonetrace render -o demo.svg demo.json
	./clonetrace render -o demo.html demo.json
	./clonetrace show demo.json
	@echo "trace written to demo.json, its tree drawn in demo.svg, a report to explore it in demo.html"

# The integration tests under QEMU on x86_64, i386, aarch64, armhf, riscv64,
# s390x and ppc64le (docs/arch.md); ARCHES="aarch64 armhf" picks some.
ARCHES ?=
check-arch:
	@tests/arch/run $(ARCHES)

# libFuzzer target for the trace reader (needs clang); see fuzz/Makefile.
fuzz:
	$(MAKE) -C fuzz

bench: clonetrace $(B)/bench/workload
	bench/run

# What `make install` installs, as source:destination pairs; `make
# uninstall` removes exactly these files.
INSTALL_FILES = \
	clonetrace:$(BINDIR)/clonetrace \
	docs/clonetrace.1:$(MANDIR)/man1/clonetrace.1 \
	docs/trace-format.md:$(DOCDIR)/trace-format.md \
	docs/render.md:$(DOCDIR)/render.md \
	docs/stats.md:$(DOCDIR)/stats.md \
	completion/clonetrace.bash:$(BASHCOMPDIR)/clonetrace

install: clonetrace
	@set -e; for f in $(INSTALL_FILES); do \
		src=$${f%%:*} dst=$(DESTDIR)$${f#*:}; mode=644; \
		[ "$$src" = clonetrace ] && mode=755; \
		echo "install -m $$mode $$src $$dst"; \
		install -d "$$(dirname "$$dst")"; \
		install -m $$mode "$$src" "$$dst"; \
	done

# Removes those files and clonetrace's own DOCDIR; with DESTDIR (a staging
# root) also every directory left empty, up to DESTDIR.
uninstall:
	@for f in $(INSTALL_FILES); do \
		echo "rm -f $(DESTDIR)$${f#*:}"; rm -f "$(DESTDIR)$${f#*:}"; \
	done
	@rmdir "$(DESTDIR)$(DOCDIR)" 2>/dev/null || true
	@if [ -n "$(DESTDIR)" ]; then for f in $(INSTALL_FILES); do \
		d=$$(dirname "$${f#*:}"); \
		while [ "$$d" != / ] && [ "$$d" != . ]; do \
			[ ! -d "$(DESTDIR)$$d" ] || rmdir "$(DESTDIR)$$d" 2>/dev/null || break; \
			d=$$(dirname "$$d"); \
		done; \
	done; fi

# The Debian package, built by dpkg-buildpackage in a copy of the tree
# ($(DEBBUILD)/src; the checkout gets nothing but build/).  The .deb, with
# its .buildinfo and .changes, lands in $(DEBBUILD); lintian then checks it.
DEBBUILD = $(B)/deb
deb:
	@tools/deps build
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || { \
		echo "make deb: needs dpkg-dev and debhelper: apt-get install dpkg-dev debhelper" \
			"(tools/deps installs them with the tests' tools)" >&2; exit 1; }
	rm -rf $(DEBBUILD)
	mkdir -p $(DEBBUILD)/src
	{ git ls-files -co --exclude-standard 2>/dev/null || \
		find . -path ./$(B) -prune -o -path ./.git -prune -o -type f -print; } | \
		tar -cf - --ignore-failed-read -T - | tar -xf - -C $(DEBBUILD)/src
	cd $(DEBBUILD)/src && dpkg-buildpackage -b -us -uc -jauto
	@if command -v lintian >/dev/null; then \
		echo "lintian $(DEBBUILD)/*.changes"; \
		lintian --fail-on error $(DEBBUILD)/*.changes; \
	fi
	@ls $(DEBBUILD)/*.deb

clean:
	rm -rf $(B) clonetrace

-include $(DEPS)
