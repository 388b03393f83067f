/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of answers/filter.c: the syntax (what it accepts, what it refuses
 * and why, its canonical form) and what each key keeps of
 * tests/render/fixtures/rich.json, counted by hand from make-rich.py, and
 * container= of a recorded trace of two runc containers.
 * Run from the top of the tree.
 */
#include <stdio.h>
#include <string.h>

#include "answers/filter.h"
#include "format/trace.h"
#include "tests/unit/tap.h"

static void refused(const char *expr, const char *fragment)
{
	struct filter f;
	char err[256] = "";

	filter_init(&f);
	ok(filter_parse(&f, expr, err, sizeof(err)) < 0 && strstr(err, fragment),
	   "refuses '%s' (%s): %s", expr, fragment, err);
	filter_free(&f);
}

static void canonical(const char *expr, const char *want)
{
	struct filter f;
	struct sbuf b;
	char err[256] = "";

	filter_init(&f);
	sb_init(&b);
	if (filter_parse(&f, expr, err, sizeof(err)) == 0)
		filter_describe(&b, &f);
	is_str(sb_str(&b), want, "'%s' reads as '%s' (%s)", expr, want, err);
	sb_free(&b);
	filter_free(&f);
}

static void test_syntax(void)
{
	refused("", "an empty filter");
	refused("  ; ", "an empty filter");
	refused("clone", "expected KEY=VALUE");
	refused("colour=red", "unknown filter key 'colour'");
	refused("syscall=read", "not a call clonetrace records");
	refused("status=maybe", "expected failed, successful");
	refused("ns=pid_for_children", "expected cgroup");
	refused("pid=0", "expected a pid");
	refused("tree=12x", "expected a pid");
	refused("time=1..2", "with a unit");
	refused("time=1s", "expected a window");
	refused("time=2s..1s", "ends before it starts");
	refused("time!=1s..", "cannot be negated");
	refused("time=1s..,2s..", "one window per term");
	refused("comm=", "no value");
	refused("comm=a,,b", "an empty value");
	refused("syscall=clone,", "an empty value");
	refused("in=4026532174", "expected a namespace as show names it");
	refused("in=pid_for_children:1", "expected a namespace as show names it");
	refused("in=mnt:", "expected a namespace as show names it");
	canonical("in=mnt:2,mnt:4026532174#2", "in=mnt:2,mnt:4026532174#2");
	canonical("trace=clone3;failed  newns", "syscall=clone3 status=failed ns=any");
	canonical("status=ok comm!=sh,ba*", "status=successful comm!=sh,ba*");
	canonical("time=..1.5ms tree=7", "time=..1.5ms tree=7");
	refused("container=", "no value");
	canonical("container=ctA,4f3b container!=ctB", "container=ctA,4f3b container!=ctB");
}

/* Parses expr and applies it to t: the tasks and calls kept. */
static void kept(const struct trace *t, const char *expr, int tasks, int calls)
{
	struct filter f;
	struct filter_match m;
	char err[256] = "";

	filter_init(&f);
	if (*expr && filter_parse(&f, expr, err, sizeof(err)) < 0) {
		ok(0, "'%s' parses: %s", expr, err);
		filter_free(&f);
		return;
	}
	filter_apply(&f, t, &m);
	is_int(m.n_tasks, tasks, "'%s' keeps %d tasks", expr, tasks);
	is_int(m.n_calls, calls, "'%s' keeps %d calls", expr, calls);
	filter_match_free(&m);
	filter_free(&f);
}

static void test_rich(void)
{
	struct trace t;
	struct trace_error e;

	if (trace_load(&t, "tests/render/fixtures/rich.json", &e) < 0) {
		printf("ok - rich.json # SKIP %s\n", e.text);
		return;
	}
	kept(&t, "", 12, 17);
	/* three failed clone3 calls, all by runc */
	kept(&t, "failed", 1, 3);
	kept(&t, "status=unfinished", 1, 1);
	/* runc and the helper made clone3 calls; its thread, init and helper2 come of one */
	kept(&t, "syscall=clone3", 5, 7);
	kept(&t, "syscall!=clone3", 11, 10);
	kept(&t, "syscall=execve status=failed", 0, 0);
	/* init, three sleeps, true, helper, helper2 exec'd; execs are not calls */
	kept(&t, "syscall=execve", 7, 0);
	kept(&t, "comm=sleep", 3, 0);
	kept(&t, "comm=s*", 4, 0);
	/* runc, its thread and the escaped runc; runc made ten calls */
	kept(&t, "exe=/usr/bin/*", 3, 10);
	/* init, its three sleeps, nested and sibling; init's five clones and nested's setns */
	kept(&t, "tree=2002", 6, 6);
	kept(&t, "tree=2002 failed", 0, 0);
	kept(&t, "pid=2000", 2, 10);
	/* runc's unshare and clone3 (NEWPID...), init's clone (NEWPID): runc, init, nested */
	kept(&t, "newns", 3, 3);
	kept(&t, "ns=net", 2, 1);
	kept(&t, "ns!=net", 12, 16);
	/* only runc lives at 1.2 ms; calls 1-3 are at 100 ns, 0.7 ms and 1.4 ms */
	kept(&t, "time=..1.2ms", 1, 2);
	kept(&t, "time=..1500us", 1, 3);
	kept(&t, "tree=4242", 0, 0);
	/* init, its three sleeps and sibling ended in the container's net namespace (net:2) */
	kept(&t, "in=net:4026532302", 5, 5);
	kept(&t, "in=net:2", 5, 5);
	kept(&t, "in!=net:2", 7, 12);
	/* nested, in a PID namespace of its own; a second namespace with an inode: none here */
	kept(&t, "in=pid:4026532311", 1, 1);
	kept(&t, "in=mnt:4026532303#2", 0, 0);
	trace_free(&t);
}

/* runc run ctA, then runc run ctB: 35 tasks, 8 in each container, each making 8 calls */
static void test_containers(void)
{
	static const struct {
		const char *expr;
		int tasks, calls;
	} rows[] = {
		{ "container=ctA", 8, 8 },
		{ "container=ctB", 8, 8 },
		/* a beginning of an id, as docker takes one: both */
		{ "container=ct", 16, 16 },
		{ "container=ctB,ctA", 16, 16 },
		{ "container!=ctA", 27, 28 },
		{ "container=ctA-", 0, 0 },
		{ "container=ctA comm=cat", 1, 0 },
		{ "container=ctA newns", 1, 1 },
	};
	struct trace t;
	struct trace_error e;

	if (trace_load(&t, "tests/render/golden/show-containers/trace.json", &e) < 0) {
		ok(0, "show-containers/trace.json: %s", e.text);
		return;
	}
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		kept(&t, rows[i].expr, rows[i].tasks, rows[i].calls);
	trace_free(&t);
}

int main(void)
{
	test_syntax();
	test_rich();
	test_containers();
	return tap_done();
}
