/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_FLAGS_H
#define CLONETRACE_NAMES_FLAGS_H

/*
 * The kernel's flag names, as one table: every flag of the calls
 * clonetrace records (clone, clone3, unshare, setns, execveat) with the
 * bit it sets.  The tracer writes the trace with these names, the readers
 * read it with them and decode's line of -v prints them; no other file
 * spells them.  Pure: no I/O.
 */

#include <stddef.h>
#include <stdint.h>

struct sbuf;

/* Which call's flags argument a flag name belongs to (bits of ct_flag.sets). */
enum ct_flagset {
	FLAGS_CLONE = 1 << 0,		/* clone, clone3 (and vfork's implied ones) */
	FLAGS_UNSHARE = 1 << 1,		/* unshare(2): 0x00100000 is UNSHARE_EMPTY_MNTNS */
	FLAGS_SETNS = 1 << 2,		/* setns(2) nstype: the CLONE_NEW* kinds */
	FLAGS_EXECVEAT = 1 << 3,	/* execveat(2) flags (printed by -v, not in the trace) */
	FLAGS_TRACE = FLAGS_CLONE | FLAGS_UNSHARE | FLAGS_SETNS,	/* names a trace holds */
};

struct ct_flag {
	uint64_t val;
	const char *name;
	unsigned sets;			/* enum ct_flagset bits */
};

/* Every flag, in bit order; ends with a row whose name is NULL. */
extern const struct ct_flag ct_flags[];

/*
 * Calls f(ctx, name) for each flag of the set found in v, in bit order, and
 * returns the bits no flag of the set names (never dropped: the printers
 * write them as one hex number).
 */
uint64_t flags_walk(unsigned set, uint64_t v, void (*f)(void *ctx, const char *name), void *ctx);
/* The name of exactly v in set; NULL if none. */
const char *flag_name(unsigned set, uint64_t v);
/* The value of a flag name of set; 0 if unknown. */
uint64_t flag_value(unsigned set, const char *name);
/* "CLONE_VM|CLONE_FS|0x10000000000" added to b; "0" when v is 0. */
void flags_add(struct sbuf *b, unsigned set, uint64_t v);
/* The same into buf[n], as snprintf.  Returns length wanted. */
int flags_format(unsigned set, uint64_t v, char *buf, size_t n);

/*
 * The flags unshare(2) acts on for flags f: the kernel adds CLONE_THREAD and
 * CLONE_FS to CLONE_NEWUSER, CLONE_SIGHAND to CLONE_VM, CLONE_THREAD to
 * CLONE_SIGHAND and CLONE_FS to CLONE_NEWNS (kernel/fork.c ksys_unshare()),
 * and UNSHARE_EMPTY_MNTNS (Linux 7.1) makes a new mount namespace.
 */
uint64_t unshare_implied_flags(uint64_t f);

#endif
