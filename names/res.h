/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_RES_H
#define CLONETRACE_NAMES_RES_H

/* The kernel objects a task holds and may share: each kind's name, CLONE_* flag and kcmp(2) type. */

#include <stdint.h>

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

#endif
