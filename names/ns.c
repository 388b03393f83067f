/* SPDX-License-Identifier: MIT */
/* The kernel's namespace kinds (ns.h), from include/uapi/linux/sched.h. */
#include <string.h>

#include "names/compat.h"
#include "names/ns.h"

const struct ct_ns_kind ct_ns[NS_COUNT] = {
	[NS_CGROUP] = { .name = "cgroup", .flag = CLONE_NEWCGROUP, .inherit = NS_CGROUP, .own = NS_CGROUP },
	[NS_IPC] = { .name = "ipc", .flag = CLONE_NEWIPC, .inherit = NS_IPC, .own = NS_IPC },
	[NS_MNT] = { .name = "mnt", .flag = CLONE_NEWNS, .inherit = NS_MNT, .own = NS_MNT },
	[NS_NET] = { .name = "net", .flag = CLONE_NEWNET, .inherit = NS_NET, .own = NS_NET },
	/* a task's PID and time namespaces are fixed at birth: the creator's *_for_children */
	[NS_PID] = { .name = "pid", .flag = CLONE_NEWPID, .inherit = NS_PID_FOR_CHILDREN,
		     .own = NS_PID },
	[NS_PID_FOR_CHILDREN] = { .name = "pid_for_children", .flag = CLONE_NEWPID,
				  .inherit = NS_PID_FOR_CHILDREN, .own = NS_PID },
	[NS_TIME] = { .name = "time", .flag = CLONE_NEWTIME, .inherit = NS_TIME_FOR_CHILDREN,
		      .own = NS_TIME },
	[NS_TIME_FOR_CHILDREN] = { .name = "time_for_children", .flag = CLONE_NEWTIME,
				   .inherit = NS_TIME_FOR_CHILDREN, .own = NS_TIME },
	[NS_USER] = { .name = "user", .flag = CLONE_NEWUSER, .inherit = NS_USER, .own = NS_USER },
	[NS_UTS] = { .name = "uts", .flag = CLONE_NEWUTS, .inherit = NS_UTS, .own = NS_UTS },
};

int ns_by_name(const char *name)
{
	return ns_by_name_n(name, strlen(name));
}

int ns_by_name_n(const char *name, size_t n)
{
	for (int k = 0; k < NS_COUNT; k++)
		if (strlen(ct_ns[k].name) == n && strncmp(name, ct_ns[k].name, n) == 0)
			return k;
	return -1;
}

unsigned ns_own_kinds(void)
{
	unsigned m = 0;

	for (int k = 0; k < NS_COUNT; k++)
		m |= 1u << ct_ns[k].own;
	return m;
}

uint64_t ns_flags_all(void)
{
	uint64_t f = 0;

	for (int k = 0; k < NS_COUNT; k++)
		f |= ct_ns[k].flag;
	return f;
}
