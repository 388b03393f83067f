/* SPDX-License-Identifier: MIT */
/* The tracer's state, made and let go of (see state.h). */
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "decode/arch.h"
#include "format/record.h"
#include "model/model.h"
#include "tracer/exits.h"
#include "tracer/next.h"
#include "tracer/orphans.h"
#include "tracer/renames.h"
#include "tracer/seccomp.h"
#include "tracer/stack.h"
#include "tracer/state.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"
#include "tracer/watch.h"

void state_init(struct tracer *tr, const struct options *opt)
{
	struct timespec ts;

	memset(tr, 0, sizeof(*tr));
	tr->opt = opt;
	tr->host = arch_by_audit(seccomp_audit_arch());
	task_init(tr);
	tr->notes = json_array();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	tr->t0 = (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
	clock_gettime(CLOCK_REALTIME, &tr->wall0);
	tr->mode = MODE_SYSCALL;
	tr->root_status = -1;
	tr->complete = true;
	tr->next = next_new();
	tr->orphans = orphans_new();
	tr->watch = watch_new();
	tr->untraced = untraced_new();
}

void state_free(struct tracer *tr)
{
	renames_close(tr);
	exits_close(tr);
	untraced_free(tr->untraced);
	watch_free(tr->watch);
	orphans_free(tr->orphans);
	next_free(tr->next);
	task_free_all(tr);
	stacks_free(tr->stacks);
	model_state_free(&tr->model);
	json_decref(tr->notes);
}
