/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_NS_H
#define CLONETRACE_NAMES_NS_H

/* The kernel's namespace kinds: each one's name and the CLONE_NEW* flag that makes one. */

#include <stddef.h>
#include <stdint.h>

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
	enum ns_kind own;		/* the kind of namespace it names: pid_for_children a
					   pid namespace, time_for_children a time one */
};
extern const struct ct_ns_kind ct_ns[NS_COUNT];
/* "mnt" -> NS_MNT; -1 if unknown.  _n: the first n bytes of name. */
int ns_by_name(const char *name);
int ns_by_name_n(const char *name, size_t n);
/* The kinds a namespace can be of (not *_for_children), as a bit mask of enum ns_kind. */
unsigned ns_own_kinds(void);
/* Every CLONE_NEW* flag. */
uint64_t ns_flags_all(void);

#endif
