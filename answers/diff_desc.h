/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_DESC_H
#define CLONETRACE_ANSWERS_DIFF_DESC_H

/*
 * Inside `clonetrace diff`: each task of one trace described in words that
 * survive a rerun (no pid, time or inode; made-up names written alike,
 * diff_norm.h), hung in a tree of processes (a thread under its process's
 * first task, a process under the first task of the process that made it,
 * whichever of its threads did), and a signature of its whole subtree
 * shared between the two traces compared, so equal subtrees have equal
 * signatures.
 */

#include "answers/filter.h"
#include "base/strmap.h"
#include "format/trace.h"

/* What is compared of a task; one string each. */
enum diff_field {
	DF_KIND, DF_COMM, DF_EXE, DF_ARGV, DF_EXECS, DF_EXEC_FAILURES, DF_CONTAINER,
	DF_CALL, DF_RESULT, DF_VIOLATES, DF_CALLS,
	DF_NS,				/* + enum ns_kind */
	DF_SHARE = DF_NS + NS_COUNT,	/* + enum share_kind */
	DF_COUNT = DF_SHARE + R_COUNT,
};

struct diff_task {
	const char *f[DF_COUNT];	/* compared; interned: owned by the side's strings */
	const char *show[DF_COUNT];	/* shown, where it is not f's (made-up names); or NULL */
	const char *what;		/* what ran: the exec chain, else comm (threads' digits as #) */
	const char *label;		/* "comm [call]" in paths, interned; every task's */
	long long id, tid;		/* as in the trace */
	int up;				/* the nearest kept task above, -1: a top */
	int kid, sib;			/* kept children, in order of id; -1: none */
	int sig;			/* signature of the subtree */
	int size;			/* kept tasks in the subtree */
	bool thread;
};

/* One trace in words: all that comparing needs, so that the trace itself may go once built. */
struct diff_side {
	const struct trace *t;		/* while building only */
	struct filter_match m;		/* likewise */
	struct diff_task *k;		/* per task of t; only kept ones are filled, but .label */
	int top;			/* first kept top, then .sib; -1: none */
	int kept;			/* tasks kept */
	struct strmap strings;		/* interned strings */
};

/*
 * Builds the side of t; sigs holds the signatures of both sides, each its
 * number.  counts: a signature counts alike children (else it only lists them).
 */
void diff_side_build(struct diff_side *s, const struct trace *t, const struct filter *f,
		     struct strmap *sigs, bool counts);
void diff_side_free(struct diff_side *s);

/* A task's path from the top ("runc > init [clone3 NEWPID]"), of at most max labels. */
void diff_path(struct sbuf *b, const struct diff_side *s, int task, int max);
/* The name of a field for people: "exe", "creating call", "ns net", "sharing vm". */
void diff_field_name(struct sbuf *b, enum diff_field f);

#endif
