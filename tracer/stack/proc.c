/* SPDX-License-Identifier: MIT */
/* What is kept of one traced process between captures; see proc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "format/record.h"
#include "tracer/stack/module.h"
#include "tracer/stack/proc.h"
#include "tracer/stack/unwind.h"

struct sproc *sproc_new(pid_t tgid, struct modules *mods, unw_accessors_t *acc)
{
	struct sproc *p = xcalloc(1, sizeof(*p));

	p->tgid = tgid;
	p->mods = mods;
	p->jit_mtime_ns = -1;
	p->as = unw_create_addr_space(acc, 0);
	if (!p->as) {
		free(p);
		return NULL;
	}
	unw_set_caching_policy(p->as, UNW_CACHE_GLOBAL);
	return p;
}

/* Drops every frame kept (the maps re-read, the process gone). */
static void frames_clear(struct sproc *p)
{
	for (size_t i = 0; i < p->cap_frames; i++)
		frame_record_unref(p->frames[i].f);
	free(p->frames);
	p->frames = NULL;
	p->cap_frames = p->n_frames = 0;
}

static struct frame_slot *frame_slot(struct frame_slot *v, size_t cap, uint64_t pc, bool caller)
{
	size_t i = (size_t)(((pc << 1 | caller) * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);

	while (v[i].f && (v[i].pc != pc || v[i].caller != caller))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

struct frame_record *sproc_frame(struct sproc *p, uint64_t pc, bool caller)
{
	struct frame_slot *e;

	if (!p->cap_frames || !(e = frame_slot(p->frames, p->cap_frames, pc, caller))->f)
		return NULL;
	return frame_record_ref(e->f);
}

void sproc_keep_frame(struct sproc *p, uint64_t pc, bool caller, struct frame_record *f)
{
	struct frame_slot *e;

	if ((p->n_frames + 1) * 4 > p->cap_frames * 3) {
		size_t cap = p->cap_frames ? 2 * p->cap_frames : 64;
		struct frame_slot *v = xcalloc(cap, sizeof(*v));

		for (size_t i = 0; i < p->cap_frames; i++)
			if (p->frames[i].f)
				*frame_slot(v, cap, p->frames[i].pc, p->frames[i].caller) = p->frames[i];
		free(p->frames);
		p->frames = v;
		p->cap_frames = cap;
	}
	e = frame_slot(p->frames, p->cap_frames, pc, caller);
	if (e->f)
		frame_record_unref(e->f);
	else
		p->n_frames++;
	*e = (struct frame_slot){ .pc = pc, .caller = caller, .f = frame_record_ref(f) };
}

static void jit_free(struct sproc *p)
{
	for (size_t i = 0; i < p->n_jit; i++)
		free(p->jit[i].name);
	free(p->jit);
	p->jit = NULL;
	p->n_jit = 0;
}

void sproc_free(struct sproc *p)
{
	if (!p)
		return;
	unw_destroy_addr_space(p->as);
	frames_clear(p);
	procfs_maps_free(p->maps, p->n_maps);
	free(p->pm);
	jit_free(p);
	for (size_t i = 0; i < SYMCACHE; i++)
		free(p->syms[i].name);
	free(p);
}

static size_t find_map(struct sproc *p, uint64_t pc)
{
	for (size_t i = 0; i < p->n_maps; i++)
		if (pc >= p->maps[i].start && pc < p->maps[i].end)
			return i;
	return p->n_maps;
}

static int reread_maps(struct sproc *p)
{
	procfs_maps_free(p->maps, p->n_maps);
	free(p->pm);
	p->pm = NULL;
	/* a frame names the module mapped at its pc: maybe another one now */
	frames_clear(p);
	if (procfs_read_maps(p->tgid, &p->maps, &p->n_maps) < 0)
		return -1;
	p->pm = xcalloc(p->n_maps ? p->n_maps : 1, sizeof(*p->pm));
	return 0;
}

const struct proc_map *sproc_map(struct sproc *p, uint64_t pc, const struct pmod **pm)
{
	size_t i = find_map(p, pc);
	struct pmod *d;

	if (i == p->n_maps && (reread_maps(p) < 0 || (i = find_map(p, pc)) == p->n_maps))
		return NULL;
	d = &p->pm[i];
	if (!d->done) {
		const struct proc_map *m = &p->maps[i];

		d->done = true;
		if (m->path && m->path[0] == '/' && (d->mod = module_get(p->mods, p->tgid, m->path)) &&
		    module_bias(d->mod, m, &d->bias) < 0)
			d->mod = NULL;
	}
	if (pm)
		*pm = d;
	return &p->maps[i];
}

bool uarg_executable(struct uarg *u, unw_word_t addr)
{
	const struct proc_map *m = sproc_map(u->p, addr, NULL);

	return m && m->exec;
}

/*
 * /tmp/perf-PID.map, the perf convention for JIT code (Node's
 * --perf-basic-prof, Java agents): "START SIZE name" a line, in hex; read
 * again when it changed.  PID is the process's as it sees itself in its own
 * pid namespace; the file is read through /proc/PID/root.
 */
static void read_jit(struct sproc *p)
{
	char path[128], line[4096];
	struct stat st;
	long nspid = p->tgid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)p->tgid);
	if ((f = fopen(path, "re"))) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "NSpid:", 6)) {
				char *s = line + 6, *end;

				for (long v; (v = strtol(s, &end, 10)), end != s; s = end)
					nspid = v;
			}
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/root/tmp/perf-%ld.map", (int)p->tgid, nspid);
	if (stat(path, &st) < 0 ||
	    (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec == p->jit_mtime_ns)
		return;
	jit_free(p);
	p->jit_mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	if (!(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, size;
		int pos = 0;
		char *nl;

		if (sscanf(line, "%llx %llx %n", &start, &size, &pos) < 2 || !pos)
			continue;
		if ((nl = strchr(line + pos, '\n')))
			*nl = '\0';
		p->jit = xreallocarray(p->jit, p->n_jit + 1, sizeof(*p->jit));
		p->jit[p->n_jit++] = (struct jit_sym){ .start = start, .size = size, .name = xstrdup(line + pos) };
	}
	fclose(f);
}

const char *sproc_jit_name(struct sproc *p, uint64_t pc, uint64_t *start)
{
	read_jit(p);
	/* the last entry wins: a runtime appends when it reuses code memory */
	for (size_t i = p->n_jit; i-- > 0;)
		if (pc >= p->jit[i].start && pc - p->jit[i].start < p->jit[i].size && p->jit[i].name) {
			*start = p->jit[i].start;
			return p->jit[i].name;
		}
	return NULL;
}
