/* SPDX-License-Identifier: MIT */
/*
 * docs/trace-format.md against the code: every field format/ writes and
 * every field format/'s reader looks for is in the document's tables, and
 * every field a table lists is written or read.  The writer's fields come
 * from records with every optional part set, serialized by format/; the
 * reader's from the same document read back by trace_load_fields().
 */
#include <errno.h>
#include <jansson.h>

#include "decode/decode.h"
#include "format/record.h"
#include "format/trace.h"
#include "names/compat.h"
#include "names/ns.h"
#include "names/res.h"
#include "tests/unit/tap.h"

#define DOC "docs/trace-format.md"

/* (section, name) pairs; a section is the object a table describes: "meta", "args", "stack[]". */
struct fields {
	char (*v)[2][1024];
	size_t n, cap;
};

static void add(struct fields *f, const char *sect, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i][0], sect) && !strcmp(f->v[i][1], name))
			return;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = realloc(f->v, f->cap * sizeof(*f->v));
	}
	snprintf(f->v[f->n][0], sizeof(f->v[0][0]), "%s", sect);
	snprintf(f->v[f->n][1], sizeof(f->v[0][1]), "%s", name);
	f->n++;
}

static bool has(const struct fields *f, const char *sect, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i][0], sect) && !strcmp(f->v[i][1], name))
			return true;
	return false;
}

/* The backticked words of s (up to the first "|" if cell), each to fn. */
static void backticked(const char *s, bool cell, void (*fn)(const char *w, void *arg), void *arg)
{
	char w[64];

	for (const char *p = s; *p && !(cell && *p == '|'); p++) {
		const char *e;

		if (*p != '`' || !(e = strchr(p + 1, '`')))
			continue;
		if (e - p - 1 > 0 && e - p - 1 < (long)sizeof(w)) {
			snprintf(w, sizeof(w), "%.*s", (int)(e - p - 1), p + 1);
			fn(w, arg);
		}
		p = e;
	}
}

struct doc_state {
	struct fields *f, *grouped;
	char sects[4][64];
	int n_sects;
	const char *row;		/* the whole row, for the names it mentions */
};

static void doc_sect(const char *w, void *arg)
{
	struct doc_state *d = arg;

	if (d->n_sects < 4)
		snprintf(d->sects[d->n_sects++], 64, "%s", w);
}

static void doc_name(const char *w, void *arg)
{
	struct doc_state *d = arg;

	char group[300] = "";

	for (int i = 0; i < d->n_sects; i++) {
		add(d->f, d->sects[i], w);
		snprintf(group + strlen(group), sizeof(group) - strlen(group), "%s%s",
			 i ? "|" : "", d->sects[i]);
	}
	add(d->grouped, group, w);
}

/* Rows "| `name` | type | meaning |" under "## `section`" headings ("## Top level": ""). */
static int read_doc(struct fields *f, struct fields *grouped, struct fields *rows)
{
	FILE *in = fopen(DOC, "r");
	char line[4096];
	struct doc_state d = { .f = f, .grouped = grouped };

	if (!in)
		return -1;
	while (fgets(line, sizeof(line), in)) {
		if (!strncmp(line, "## ", 3) || !strncmp(line, "### ", 4)) {
			d.n_sects = 0;
			if (strstr(line, "Top level"))
				snprintf(d.sects[d.n_sects++], 64, "%s", "");
			else
				backticked(line, false, doc_sect, &d);
			continue;
		}
		if (line[0] != '|' || line[1] != ' ' || line[2] != '`')
			continue;
		backticked(line + 1, true, doc_name, &d);
		/* the row's text, kept to check "ns" and "shares" list every kind */
		for (int i = 0; i < d.n_sects; i++)
			add(rows, d.sects[i], line);
	}
	fclose(in);
	return 0;
}

/* The section a JSON path ends in: "calls[].args" -> "args", "tasks[].execs[]" -> "execs[]". */
static void section_of(const char *path, char *out, size_t n)
{
	const char *dot = strrchr(path, '.');

	snprintf(out, n, "%s", dot ? dot + 1 : path);
}

/* Every key of the document, by section; "ns" and "shares" keys are kinds, kept apart. */
static void walk(json_t *v, const char *path, struct fields *f, struct fields *kinds)
{
	char sect[256], sub[256];
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_array(v)) {
		snprintf(sub, sizeof(sub), "%s[]", path);
		json_array_foreach(v, i, x)
			if (json_is_object(x))
				walk(x, sub, f, kinds);
		return;
	}
	if (!json_is_object(v))
		return;
	section_of(path, sect, sizeof(sect));
	/* cgroup.v1's keys are the host's hierarchies ("memory", "name=systemd"), not fields */
	if (!strcmp(sect, "v1"))
		return;
	json_object_foreach(v, k, x) {
		if (!strcmp(sect, "ns") || !strcmp(sect, "shares") || !strcmp(sect, "joined") ||
		    !strcmp(sect, "ns_inst") || !strcmp(sect, "made")) {
			add(kinds, sect, k);
			continue;
		}
		add(f, sect, k);
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", k);
		walk(x, sub, f, kinds);
	}
}

static int emit(const char *buf, size_t n, void *ctx)
{
	json_t *s = ctx;
	char *all = NULL;

	if (asprintf(&all, "%s%.*s", json_string_value(s), (int)n, buf) < 0)
		return -1;
	json_string_set(s, all);
	free(all);
	return 0;
}

/* A resource written a task at a time reads as the same record written whole by jansson. */
static void test_resource_text(void)
{
	json_t *out = json_string(""), *whole = json_string("");
	struct doc_out d = { .emit = emit, .ctx = out }, w = { .emit = emit, .ctx = whole };

	doc_begin(&d, json_object());
	doc_begin(&w, json_object());
	doc_next(&d, "resources");
	doc_next(&w, "resources");
	for (int inst = 1; inst <= 2; inst++) {
		doc_resource_begin(&d, R_SIGHAND, inst);
		for (int task = 1; task <= 3; task++)
			doc_resource_task(&d, task * inst);
		doc_resource_end(&d);
		doc_item(&w, json_pack("{s:s,s:s,s:[i,i,i]}", "id", inst == 1 ? "sighand:1" : "sighand:2",
				       "kind", "sighand", "tasks", inst, 2 * inst, 3 * inst));
	}
	doc_end(&d);
	doc_end(&w);
	is_str(json_string_value(out), json_string_value(whole),
	       "doc_resource_*() write what doc_item() of the whole record does");
	json_decref(out);
	json_decref(whole);
}

/* A document with every optional field: the records format/ writes, fully set. */
static json_t *full_document(void)
{
	static const uint64_t ns[NS_COUNT] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const int ns_num[NS_COUNT] = { 1, 1, 1, 1, 1, 2, 1, 2, 1, 1 };
	int made[NS_COUNT] = { -1, -1, -1, -1, 2, -1, 0, -1, -1, -1 };
	static const int res[R_COUNT] = { 1, 1, 1, 1, 1, 1, 1 };
	static const int nspid[2] = { 40, 1 };
	static const pid_t pids[1] = { 40 };
	static char *argv[] = { "prog", NULL };
	const struct ct_arch *a = arch_by_name("x86_64");
	struct exec_record ex = { .time_ns = 1, .path = "/bin/prog", .old_tid = 41, .at = true,
				  .dirfd = 3, .at_flags = 0x1000, .fd_path = "/bin/prog",
				  .argv_truncated = true };
	struct exec_record fx = { .time_ns = 1, .path = "/bin/nope", .err = 2 };
	struct name_record names[2] = { { .comm = "prog", .time_ns = 1, .via = "start" },
					{ .comm = "worker", .time_ns = 2, .via = "prctl" } };
	struct exit_record exits[3] = { { EXIT_CODE, 0, false }, { EXIT_SIGNAL, 9, true },
					{ EXIT_EXEC, 0, false } };
	/* a task in a pod's container, one a runtime's command line names, one in none */
	struct container_record ctrs[3] = {
		{ .runtime = "containerd", .id = "4f3b", .pod = "2c1a3b4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" },
		{ .runtime = "runc", .id = "ctA", .runtime_task = 1 },
	};
	json_t *notes = json_pack("[s]", "a note"), *out = json_string("");
	struct frame_record *frame;
	struct meta_record m = {
		.host_arch = "x86_64", .kernel = "6.18", .tracer_arch = a, .argv = argv, .argc = 1,
		.mode = MODE_ATTACH, .attached = pids, .n_attached = 1, .duration_ns = 5,
		.complete = true, .has_exit = true, .exit = exits[1], .notes = notes,
		.has_cost = true, .cpu_user_ns = 3, .cpu_sys_ns = 4, .stops = 5,
	};
	struct doc_out d = { .emit = emit, .ctx = out };
	struct call_record c = { .id = 1, .time_ns = 2, .task = 1, .child = 2, .decoded = true };
	uint64_t joined[NS_COUNT] = { [NS_NET] = 4026531840u };	/* setns: the namespace it moved to */
	json_t *doc;
	json_error_t je;

	json_t *meta = meta_record_json_new(&m), *ebpf_meta;

	/* what only ebpf mode's meta has, in the same document: every field at once */
	m.mode = MODE_EBPF;
	m.lost_events = 3;
	ebpf_meta = meta_record_json_new(&m);
	json_object_set(meta, "lost_events", json_object_get(ebpf_meta, "lost_events"));
	json_decref(ebpf_meta);
	doc_begin(&d, meta);
	for (int i = 0; i < 3; i++) {
		struct task_record t = {
			.id = i + 1, .tid = 40 + i, .tgid = 40, .parent = i ? 1 : 0, .creator = i ? 1 : 0,
			.call = i ? 1 : 0, .comm = "prog", .exe = "/bin/prog", .argv = NULL,
			.start_ns = 1, .end_ns = 2, .ended = true, .exit = exits[i], .arch = a,
			.ns = ns, .ns_num = ns_num, .nspid = nspid, .n_nspid = 2, .res = res, .execs = &ex, .n_execs = 1,
			.exec_failures = &fx, .n_exec_failures = 1, .escaped = i == 2,
			.pre_existing = i == 0, .names = names, .n_names = 2,
			.shares_unknown = i == 2 ? 1u << R_FILES | 1u << R_FS | 1u << R_SYSVSEM | 1u << R_IO : 0,
			.follow_via = "seccomp", .follow_since_ns = 1, .follow_filter = 1,
			.cgroup = "4:memory:/ctA\n1:name=systemd:/ctA\n0::/ctA\n",
			.container = i < 2 ? &ctrs[i] : NULL,
		};

		doc_item(&d, task_record_json_new(&t));
	}
	doc_next(&d, "calls");

	/* clone3 with everything, a nonzero tail, and what the tracer adds */
	c.dc.arch = a;
	c.dc.sysc = CT_SYS_CLONE3;
	c.dc.nr = 435;
	c.dc.has = ~0u;
	c.dc.flags = CLONE_PIDFD | CLONE_INTO_CGROUP;
	c.dc.cargs = CT_CARGS_NONZERO_TAIL;
	c.dc.n_set_tid = 1;
	c.dc.set_tid = &(int32_t){ 7 };
	c.result = CALL_RESULT_VALUE;
	c.read = READ_PIDFD | READ_PARENT_TID | READ_CHILD_TID;
	c.has_cgroup_path = true;
	c.has_stack = true;
	/* a frame in a module, with its source line and a call inlined; a JIT frame */
	frame = frame_record_new(0x1000);
	*frame = (struct frame_record){ .refs = 1, .pc = 0x1000, .function = strdup("main"), .offset = 4,
					.has_offset = true, .module = strdup("/bin/prog"),
					.in_module = true, .build_id = strdup("ab12"),
					.module_offset = 0x1000, .file = strdup("/src/prog.c"), .line = 7 };
	frame_record_add_inlined(frame, "helper", "/src/prog.h", 3);
	stack_record_add(&c.stack, frame);
	frame = frame_record_new(0x7f0000001000);
	*frame = (struct frame_record){ .refs = 1, .pc = 0x7f0000001000, .function = strdup("jitted"),
					.jit = true };
	stack_record_add(&c.stack, frame);
	c.stack.walked = true;
	c.stack.error = strdup("why");
	c.untraced_overridden = true;
	c.decoded_from = FROM_REGISTERS_PROC;
	c.args_lost = 1;
	/* it made a pid namespace and a time namespace never read */
	c.made = made;
	doc_item(&d, call_record_json_new(&c));
	c.made = NULL;
	stack_record_release(&c.stack);

	/* clone, attached, its flags lost; a failure */
	memset(&c, 0, sizeof(c));
	c = (struct call_record){ .id = 2, .task = 1, .decoded = true, .flags_lost = true,
				  .result = CALL_RESULT_ERRNO, .err = 22 };
	c.dc.arch = a;
	c.dc.sysc = CT_SYS_CLONE;
	c.dc.has = CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL;
	doc_item(&d, call_record_json_new(&c));

	/* setns, and a call nothing could be decoded of */
	c = (struct call_record){ .id = 3, .task = 1, .decoded = true, .has_ns_type = true,
				  .ns_type = NS_NET, .ns_inode = 4026531840u, .has_joined = true,
				  .joined = joined };
	c.dc.arch = a;
	c.dc.sysc = CT_SYS_SETNS;
	doc_item(&d, call_record_json_new(&c));
	c = (struct call_record){ .id = 4, .task = 1, .flags_lost = true };
	doc_item(&d, call_record_json_new(&c));

	doc_next(&d, "namespaces");
	for (int k = 0; k < NS_COUNT; k++) {
		if ((int)ct_ns[k].own != k && !ns_num[k])
			continue;
		struct ns_record r = { .kind = ct_ns[k].own, .num = ns_num[k], .inode = ns[k],
				       .kid = 100 + k, .time_ns = 1, .call = ns_num[k] > 1 ? 1 : 0,
				       .task = 1, .unseen = k == NS_UTS };

		doc_item(&d, ns_record_json_new(&r));
	}
	doc_next(&d, "resources");
	doc_resource_begin(&d, R_VM, 1);
	doc_resource_task(&d, 1);
	doc_resource_task(&d, 2);
	doc_resource_end(&d);
	doc_end(&d);
	json_decref(notes);
	doc = json_loads(json_string_value(out), 0, &je);
	if (!doc)
		printf("# the document: %s (line %d)\n", je.text, je.line);
	json_decref(out);
	return doc;
}

static void reader_field(const char *at, const char *name, void *arg)
{
	char path[128], sect[128];
	size_t o = 0;

	/* "tasks[3].execs[0]" -> "tasks[].execs[]"; "trace" is the top level */
	for (const char *p = at; *p && o + 1 < sizeof(path); p++) {
		path[o++] = *p;
		if (*p == '[')
			while (p[1] && p[1] != ']')
				p++;
	}
	path[o] = '\0';
	section_of(strcmp(path, "trace") ? path : "", sect, sizeof(sect));
	if (!strcmp(sect, "ns") || !strcmp(sect, "shares") || !strcmp(sect, "ns_inst") ||
	    !strcmp(sect, "made"))
		add(((struct fields **)arg)[1], sect, name);
	else
		add(((struct fields **)arg)[0], sect, name);
}

int main(void)
{
	struct fields doc = { 0 }, grouped = { 0 }, rows = { 0 }, writer = { 0 }, reader = { 0 };
	struct fields kinds = { 0 };
	struct fields *reader_to[2] = { &reader, &kinds };
	json_t *full = full_document();
	struct trace t;
	struct trace_error e;
	char *text;

	if (read_doc(&doc, &grouped, &rows) < 0) {
		printf("# %s: %s\n", DOC, strerror(errno));
		return 77;
	}
	test_resource_text();
	ok(full != NULL, "format/ writes a document with every optional field");
	if (!full)
		return tap_done();
	walk(full, "", &writer, &kinds);
	text = json_dumps(full, 0);
	ok(trace_load_fields(&t, text, strlen(text), &e, reader_field, reader_to) == 0,
	   "the reader accepts it%s%s", e.text[0] ? ": " : "", e.text);
	trace_free(&t);
	free(text);

	for (size_t i = 0; i < writer.n; i++)
		ok(has(&doc, writer.v[i][0], writer.v[i][1]), "written %s.%s is documented",
		   writer.v[i][0], writer.v[i][1]);
	for (size_t i = 0; i < reader.n; i++)
		ok(has(&doc, reader.v[i][0], reader.v[i][1]), "read %s.%s is documented",
		   reader.v[i][0], reader.v[i][1]);
	/* a table for two objects ("execs[]" and "exec_failures[]"): either one */
	for (size_t i = 0; i < grouped.n; i++) {
		char sects[1024], *save = NULL;
		bool found = false;

		snprintf(sects, sizeof(sects), "%s", grouped.v[i][0]);
		if (!sects[0])		/* the top level */
			found = has(&writer, "", grouped.v[i][1]) || has(&reader, "", grouped.v[i][1]);
		for (char *s = strtok_r(sects, "|", &save); s; s = strtok_r(NULL, "|", &save))
			found = found || has(&writer, s, grouped.v[i][1]) ||
				has(&reader, s, grouped.v[i][1]);
		ok(found, "documented %s.%s is written or read", grouped.v[i][0], grouped.v[i][1]);
	}
	/* the kinds of "ns" and "shares": the document's row names each */
	for (size_t i = 0; i < kinds.n; i++) {
		char want[1100];
		bool found = false;

		/* "joined", "ns_inst" and "made" are keyed like "ns" */
		if (!strcmp(kinds.v[i][0], "joined") || !strcmp(kinds.v[i][0], "ns_inst") ||
		    !strcmp(kinds.v[i][0], "made")) {
			ok(ns_by_name(kinds.v[i][1]) >= 0, "joined.%s is a namespace kind", kinds.v[i][1]);
			continue;
		}

		snprintf(want, sizeof(want), "`%s`", kinds.v[i][1]);
		for (size_t j = 0; j < rows.n; j++) {
			char head[1100];

			snprintf(head, sizeof(head), "| `%s` |", kinds.v[i][0]);
			if (!strcmp(rows.v[j][0], "tasks[]") && !strncmp(rows.v[j][1], head, strlen(head)) &&
			    strstr(rows.v[j][1], want))
				found = true;
		}
		ok(found, "%s kind %s is in the tasks[] row of %s", kinds.v[i][0], kinds.v[i][1],
		   kinds.v[i][0]);
	}
	json_decref(full);
	free(doc.v);
	free(grouped.v);
	free(rows.v);
	free(writer.v);
	free(reader.v);
	free(kinds.v);
	return tap_done();
}
