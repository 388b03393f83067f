/* SPDX-License-Identifier: MIT */
/*
 * A value the tracer could not read is written as unknown, never as a
 * guess (#25, item 4): a task whose /proc/TID/status and comm were never
 * read has "nspid": null and "comm": null, and a start name never read is
 * null in "names".  format/'s reader takes such a trace, and show prints
 * the task's name and its pid in its namespace as "?".
 */
#include <jansson.h>
#include <stdio.h>

#include "answers/show_opts.h"
#include "answers/showline.h"
#include "base/sbuf.h"
#include "decode/decode.h"
#include "format/record.h"
#include "format/trace.h"
#include "names/ns.h"
#include "names/res.h"
#include "tests/unit/tap.h"

static int emit(const char *buf, size_t n, void *ctx)
{
	struct sbuf *b = ctx;

	sb_addn(b, buf, n);
	return 0;
}

static const uint64_t ns[NS_COUNT] = { [NS_PID] = 4026531836u, [NS_MNT] = 4026531841u };
static const int ns_num[NS_COUNT] = { [NS_PID] = 1, [NS_MNT] = 1 };
static const int res[R_COUNT] = { 1, 1, 1, 1, 1, 1, 1 };
static const int nspid_one[1] = { 40 };

/* Task 1: read; task 2: nothing of its status or name read. */
static struct task_record task(int i, const struct ct_arch *a, const struct name_record *names)
{
	return (struct task_record){
		.id = i, .tid = 39 + i, .tgid = 40, .thread = i == 2, .parent = 0,
		.creator = i == 2 ? 1 : 0, .call = 0, .comm = i == 2 ? NULL : "prog",
		.exe = "/bin/prog", .start_ns = 1, .arch = a, .ns = ns, .ns_num = ns_num,
		.nspid = i == 2 ? NULL : nspid_one, .n_nspid = i == 2 ? 0 : 1, .res = res,
		.names = i == 2 ? names : NULL, .n_names = i == 2 ? 2 : 0,
	};
}

int main(void)
{
	const struct ct_arch *a = arch_by_name("x86_64");
	struct name_record names[2] = {
		{ .comm = "", .time_ns = 1, .via = "start", .unread = true },
		{ .comm = "worker", .time_ns = 2, .via = "comm" },
	};
	static char *argv[] = { "prog", NULL };
	struct meta_record m = { .host_arch = "x86_64", .kernel = "6.18", .tracer_arch = a,
				 .argv = argv, .argc = 1, .mode = MODE_SECCOMP, .complete = true };
	struct task_record t1 = task(1, a, names), t2 = task(2, a, names);
	json_t *j1 = task_record_json_new(&t1), *j2 = task_record_json_new(&t2);
	struct sbuf doc, line;
	struct doc_out d = { .emit = emit, .ctx = &doc };
	struct trace tr;
	struct trace_error e;
	struct show_opts o = { 0 };

	/* the writer */
	is_json(json_object_get(j1, "nspid"), "[40]", "a task whose status was read: its nspid");
	is_json(json_object_get(j2, "nspid"), "null", "status never read: \"nspid\": null, not [tid]");
	ok(json_is_null(json_object_get(j2, "comm")), "comm never read: \"comm\": null, not \"\"");
	is_json(json_object_get(json_array_get(json_object_get(j2, "names"), 0), "comm"), "null",
		"a start name never read: names[0].comm null");
	is_json(json_object_get(json_array_get(json_object_get(j2, "names"), 1), "comm"), "\"worker\"",
		"a name read later: names[1].comm");

	/* the reader takes it */
	sb_init(&doc);
	doc_begin(&d, meta_record_json_new(&m));
	doc_item(&d, j1);
	doc_item(&d, j2);
	doc_next(&d, "calls");
	doc_next(&d, "namespaces");
	for (int k = 0; k < NS_COUNT; k++)
		if (ns[k])
			doc_item(&d, ns_record_json_new(&(struct ns_record){ .kind = k, .num = 1,
									 .inode = ns[k], .task = 1 }));
	doc_next(&d, "resources");
	doc_end(&d);
	if (!ok(trace_load_buffer(&tr, sb_str(&doc), doc.len, &e) == 0,
		"format/'s reader takes a trace with null nspid and comm")) {
		printf("# %s\n", e.text);
		sb_free(&doc);
		return tap_done();
	}
	ok(!tr.tasks[0].nspid_unknown && tr.tasks[0].n_nspid == 1, "task 1: nspid read");
	ok(tr.tasks[1].nspid_unknown && tr.tasks[1].n_nspid == 0, "task 2: nspid unknown");

	/* and show says it does not know */
	sb_init(&line);
	showline_task(&line, &tr, 0, &o);
	is_str(sb_str(&line), "prog(40)", "show: a task read");
	sb_reset(&line);
	showline_task(&line, &tr, 1, &o);
	is_str(sb_str(&line), "?(41, ? in ns)", "show: name and pid in its namespace unknown");
	sb_free(&line);
	trace_free(&tr);
	sb_free(&doc);
	return tap_done();
}
