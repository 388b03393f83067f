/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_VOCAB_H
#define CLONETRACE_FORMAT_VOCAB_H

/*
 * The trace's vocabulary, as tables: every flag name of the calls
 * clonetrace records, each namespace kind and each shared resource kind.
 * The tracer writes the trace with these names, render/ reads it with
 * them and decode's flag printer prints them; no other file spells them.
 * Pure: no I/O.
 */

#include <stdint.h>

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

/* Every flag, in bit order; ends with { 0, NULL, 0 }. */
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

/* Namespace kinds, in the order of the trace's "ns" object. */
enum ns_kind {
	NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_PID_FOR_CHILDREN,
	NS_TIME, NS_TIME_FOR_CHILDREN, NS_USER, NS_UTS, NS_COUNT
};

/*
 * One row per kind, as util-linux's nsenter.c namespace_files[]: the name is
 * the file in /proc/TID/ns/, the key in the trace's "ns" object, the word
 * before ":[inode]" in a namespace fd's link, and setns's "ns_type".
 */
struct ct_ns_kind {
	const char *name;
	uint64_t flag;			/* the CLONE_NEW* that makes a new one */
	enum ns_kind inherit;		/* a new child's namespace of this kind is its creator's
					   `inherit` one: pid comes from pid_for_children */
};
extern const struct ct_ns_kind ct_ns[NS_COUNT];
/* "mnt" -> NS_MNT; -1 if unknown. */
int ns_by_name(const char *name);
/* Every CLONE_NEW* flag. */
uint64_t ns_flags_all(void);

/* Resource kinds a task holds: two tasks share one iff they hold the same instance. */
enum res_kind { R_VM, R_FILES, R_FS, R_SIGHAND, R_SYSVSEM, R_IO, R_TGROUP, R_COUNT };

struct ct_res_kind {
	const char *name;		/* key in "shares", kind in "resources", "vm:3" */
	uint64_t share_flag;		/* the CLONE_* that makes a child share it */
	int kcmp;			/* the kcmp(2) type comparing it; -1: none */
};
extern const struct ct_res_kind ct_res[R_COUNT];
/* "files" -> R_FILES; -1 if unknown. */
int res_by_name(const char *name);

/* How a task ended, as "exit" says. */
enum exit_kind { EXIT_NONE, EXIT_CODE, EXIT_SIGNAL, EXIT_EXEC };

#endif
