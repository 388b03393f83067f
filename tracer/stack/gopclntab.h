/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_GOPCLNTAB_H
#define CLONETRACE_TRACER_STACK_GOPCLNTAB_H

/*
 * Go's own function table, the pclntab (gopclntab.c, pure: bytes in,
 * names out).  The Go runtime needs it to walk its stacks, so a Go
 * program keeps it when stripped (go build -ldflags=-s, Debian's runc and
 * podman): function names and entries, file:line of each pc, and the
 * calls inlined at a pc (the FUNCDATA_InlTree tree, indexed by the
 * PCDATA_InlTreeIndex table; from Go 1.16 on).  The formats are Go's
 * debug/gosym/pclntab.go and runtime/symtab.go's: Go 1.2 to 1.15 (magic
 * 0xfffffffb), 1.16 and 1.17 (0xfffffffa), 1.18 and 1.19 (0xfffffff0),
 * 1.20 on (0xfffffff1); either byte order, 4- or 8-byte pointers.  Every
 * address is the program's own (link-time, as its ELF headers give them).
 */

#include <stdbool.h>
#include <stdint.h>

/* The program's file at its own addresses: len bytes at addr, or NULL where it has none. */
struct go_image {
	const unsigned char *(*at)(void *ctx, uint64_t addr, uint64_t len);
	void *ctx;
};

struct gopclntab {
	const unsigned char *tab;	/* the table, not owned */
	uint64_t size, addr;		/* its size and address */
	int version;			/* 12 (Go 1.2-1.15), 116 (1.16, 1.17), 118 (1.18, 1.19), 120 (1.20-) */
	bool big_endian;
	unsigned quantum, ptrsize;
	uint64_t nfunc, nfiles;
	uint64_t text_start;		/* 1.18 on: what function entries are offsets from */
	uint64_t funcnametab, cutab, filetab, pctab, functab;	/* offsets in tab */
	uint64_t funcdata;		/* what a function's offset in functab is from */
	uint64_t gofunc;		/* 1.18 on: go:func.*, the funcdata's base; 0 unknown */
	struct go_image img;		/* where inline trees are read (1.16 on) */
};

/* A function or a call inlined in it. */
struct go_frame {
	const char *function;		/* in the table; NULL if it names none */
	const char *file;		/* in the table; NULL if unknown */
	int line;			/* 0 if unknown */
};

/*
 * t over the table of size bytes at address addr: 0, or -1 if it is no
 * pclntab of a known format (each offset it holds must lie in it).  The
 * inline trees are read through img (at NULL: none are).
 */
int gopclntab_init(struct gopclntab *t, const void *tab, uint64_t size, uint64_t addr, struct go_image img);
/*
 * Go 1.18 on: find the module's moduledata (runtime.firstmoduledata) in
 * data, size bytes of the program's writable data, and take from it where
 * go:func.* starts, which the inline trees' offsets are from: whether it
 * found it.  (Before 1.18 they are addresses.)
 */
bool gopclntab_find_gofunc(struct gopclntab *t, const unsigned char *data, uint64_t size);
/*
 * What the table says of pc (a return address: give the call's, one less):
 * up to max frames in out, innermost first: the calls inlined at pc, each
 * with the file:line in it (the first's is pc's, each next one's where it
 * made the call before it), then the function itself, with the file:line
 * of the outermost call (or of pc).  Their number; 0 if no function holds
 * pc.  *entry: the function's start.
 */
int gopclntab_frames(const struct gopclntab *t, uint64_t pc, struct go_frame *out, int max, uint64_t *entry);

#endif
