/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_SYMBOLS_H
#define CLONETRACE_TRACER_STACK_SYMBOLS_H

/*
 * Names for module addresses (symbols.c, with elfutils' libdwfl): the
 * function from .symtab or .dynsym, of the file or of its separate debug
 * file (found by build-id, else by .gnu_debuglink), demangled; the source
 * file:line and the inlined calls from DWARF.  Each address is looked up
 * once per module; modules are shared by all processes (module.h).  Built
 * without libdw (DW=0), symbols-none.c answers nothing and the frames keep
 * libunwind's names.  The DWARF of a module is loaded by a thread while
 * the tracer goes on (frames get their lines when it is, at the latest at
 * stacks_settle).
 */

#include <stdint.h>

struct frame_record;
struct inlined_record;
struct module;
struct symbols;

struct symres {
	char *function;		/* NULL: no symbol holds the address */
	uint64_t start;		/* the function's start, a module address */
	char *file;		/* NULL: no line info */
	int line;
	struct inlined_record *inlined;	/* [n_inlined], innermost first (format/record.h) */
	int n_inlined;
};

/*
 * What module m's symbol tables say of its address addr (a return
 * address's caller: one less), the file opened as open_path; NULL if
 * nothing.  The answer is the module's, kept until symbols_free; its file,
 * line and inlined calls are symbols_lines'.
 */
const struct symres *symbols_lookup(struct module *m, const char *open_path, uint64_t addr);
/*
 * Set the file, line and inlined calls of addr (symbols_lookup'ed) in
 * frame f: now if m's DWARF is loaded, else when it is, by symbols_settle
 * (which holds a reference to f until then).
 */
void symbols_lines(struct module *m, uint64_t addr, struct frame_record *f);
/* Wait for the module's DWARF and complete the frames waiting for it. */
void symbols_settle(struct symbols *s);
void symbols_free(struct symbols *s);

#endif
