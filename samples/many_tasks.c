/* SPDX-License-Identifier: MIT */
/*
 * many_tasks: hundreds of tasks made quickly and concurrently, so that a
 * new child's first ptrace stop often arrives before its creator's
 * PTRACE_EVENT_CLONE/FORK.  Every task must still be linked to the task
 * that made it.
 *
 * Usage: many_tasks [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root ─pthread_create×6→ "worker"s, each 25 times:
 *            fork → "forked" ─pthread_create→ "grandthread" (joined);
 *                   _exit(code)
 *            pthread_create → "thread" (joined)
 *        ─fork×100 at once → "burst" children, _exit(code), reaped after
 *   = 6 + 25·6·3 + 100 = 556 tasks besides the root.
 *
 * Every task writes a record about itself into shared memory.
 * Truth: "records" [{"role", "tid", "creator_tid", "kind", "ppid_seen"
 * (getppid: the tgid of the real parent), "tgid_seen", "exit" (processes
 * only)}].
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sys/mman.h>

#include "samples/sample.h"

#define NWORKERS 6
#define NITER 25
#define NBURST 100
#define MAXREC (NWORKERS + NWORKERS * NITER * 3 + NBURST + 8)

enum role { R_WORKER, R_FORKED, R_GRANDTHREAD, R_THREAD, R_BURST };
static const char *const role_names[] = { "worker", "forked", "grandthread", "thread", "burst" };

struct rec {
	int used, role, tid, creator, ppid, tgid, status, has_status;
};
struct shared {
	int n;
	struct rec r[MAXREC];
};
static struct shared *sh;

static struct rec *rec_new(int role, int creator)
{
	int i = __atomic_fetch_add(&sh->n, 1, __ATOMIC_SEQ_CST);
	if (i >= MAXREC)
		_exit(90);
	struct rec *r = &sh->r[i];
	r->role = role;
	r->creator = creator;
	return r;
}

static void rec_self(struct rec *r)
{
	r->tid = ct_gettid();
	r->ppid = getppid();
	r->tgid = getpid();
	__atomic_store_n(&r->used, 1, __ATOMIC_SEQ_CST);
}

static void *small_thread(void *arg)
{
	rec_self(arg);
	return NULL;
}

static void *worker(void *arg)
{
	struct rec *me = arg;
	rec_self(me);
	for (int i = 0; i < NITER; i++) {
		struct rec *f = rec_new(R_FORKED, me->tid);
		int code = (me->tid + i) % 100 + 1;
		pid_t p = fork();
		if (p == 0) {
			rec_self(f);
			pthread_t g;
			if (pthread_create(&g, NULL, small_thread, rec_new(R_GRANDTHREAD, f->tid)) == 0)
				pthread_join(g, NULL);
			_exit(code);
		}
		struct rec *t = rec_new(R_THREAD, me->tid);
		pthread_t th;
		if (pthread_create(&th, NULL, small_thread, t) == 0)
			pthread_join(th, NULL);
		if (p > 0 && waitpid(p, &f->status, 0) == p)
			f->has_status = 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("many_tasks");
	pthread_t th[NWORKERS];
	pid_t burst[NBURST];
	struct rec *brec[NBURST];

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	fflush(stdout);
	pid_t me = ct_gettid();
	for (int i = 0; i < NWORKERS; i++)
		if (pthread_create(&th[i], NULL, worker, rec_new(R_WORKER, me)) != 0)
			return 2;
	for (int i = 0; i < NBURST; i++) {
		brec[i] = rec_new(R_BURST, me);
		burst[i] = fork();
		if (burst[i] == 0) {
			rec_self(brec[i]);
			_exit(i + 1);
		}
	}
	for (int i = 0; i < NBURST; i++)
		if (burst[i] > 0 && waitpid(burst[i], &brec[i]->status, 0) == burst[i])
			brec[i]->has_status = 1;
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(th[i], NULL);

	json_t *recs = json_array();
	for (int i = 0; i < sh->n && i < MAXREC; i++) {
		struct rec *r = &sh->r[i];
		if (!r->used)
			continue;
		int proc = r->role == R_FORKED || r->role == R_BURST;
		json_t *o = json_pack("{s:s,s:i,s:i,s:s,s:i,s:i}", "role", role_names[r->role],
				      "tid", r->tid, "creator_tid", r->creator,
				      "kind", proc ? "process" : "thread",
				      "ppid_seen", r->ppid, "tgid_seen", r->tgid);
		if (proc && r->has_status)
			json_object_set_new(o, "exit", status_json_new(r->status));
		json_array_append_new(recs, o);
	}
	json_object_set_new(t, "records", recs);
	json_object_set_new(t, "expected_records", json_integer(NWORKERS + NWORKERS * NITER * 3 + NBURST));
	return truth_save(t, truth_path) ? 1 : 0;
}
