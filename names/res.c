/* SPDX-License-Identifier: MIT */
/* The kernel objects a task may share (res.h): each kind's CLONE_* flag and kcmp(2) type. */
#include <string.h>
#include <linux/kcmp.h>

#include "names/compat.h"
#include "names/res.h"

const struct ct_res_kind ct_res[R_COUNT] = {
	[R_VM] = { .name = "vm", .share_flag = CLONE_VM, .kcmp = KCMP_VM },
	[R_FILES] = { .name = "files", .share_flag = CLONE_FILES, .kcmp = KCMP_FILES },
	[R_FS] = { .name = "fs", .share_flag = CLONE_FS, .kcmp = KCMP_FS },
	[R_SIGHAND] = { .name = "sighand", .share_flag = CLONE_SIGHAND, .kcmp = KCMP_SIGHAND },
	[R_SYSVSEM] = { .name = "sysvsem", .share_flag = CLONE_SYSVSEM, .kcmp = KCMP_SYSVSEM },
	[R_IO] = { .name = "io", .share_flag = CLONE_IO, .kcmp = KCMP_IO },
	/* kcmp(2) has no type for the thread group: /proc's Tgid tells */
	[R_TGROUP] = { .name = "thread_group", .share_flag = CLONE_THREAD, .kcmp = -1 },
};

int res_by_name(const char *name)
{
	for (int k = 0; k < R_COUNT; k++)
		if (strcmp(name, ct_res[k].name) == 0)
			return k;
	return -1;
}
