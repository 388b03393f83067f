/* SPDX-License-Identifier: MIT */
/* One frame of a creation stack, named; see frame.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "tracer/stack/arch.h"
#include "tracer/stack/elf.h"
#include "tracer/stack/frame.h"
#include "tracer/stack/gosyms.h"
#include "tracer/stack/module.h"
#include "tracer/stack/symbols.h"

#define GO_INLINED 31	/* calls inlined at a Go frame's pc kept */

/*
 * What libunwind knows of pc: where its function starts by the unwind info.
 * libunwind caches what it found, not what it failed to find: this cache
 * also spares a search of the remote tables at each capture for a pc
 * without unwind info (the syscall in clone3).
 */
struct sym *frame_sym(struct sproc *p, unw_cursor_t *c, uint64_t pc, struct uarg *u)
{
	struct sym *e = &p->syms[(pc >> 2) % SYMCACHE];
	unw_proc_info_t pi;
	int r;

	if (e->pc == pc && pc)
		return e;
	free(e->name);
	e->pc = pc;
	e->name = NULL;
	e->off = 0;
	e->known = false;
	e->noinfo = false;
	e->named = false;
	r = unw_get_proc_info(c, &pi);
	/* without unwind info libunwind makes up [pc, pc + 1): not a start */
	if (r == -UNW_ENOINFO || (r == 0 && pi.start_ip == pc && pi.end_ip == pc + 1) ||
	    (r == 0 && arch_cant_unwind(u, &pi))) {
		e->noinfo = true;
		return e;
	}
	if (r < 0 || pi.start_ip == 0 || pi.start_ip > pc)
		return e;
	e->off = pc - pi.start_ip;
	e->known = true;
	return e;
}

/*
 * The name of the function holding the pc of e as libunwind gives it,
 * asked only where libdwfl knows none (its own search opens the file at
 * each pc): libunwind answers with the nearest symbol below pc, which in a
 * stripped library is often another function (libc's static __clone3
 * comes out as __xmknodat): a name is kept only if it starts where the
 * unwind info says this function starts.
 */
static const char *unwind_name(struct sym *e, unw_cursor_t *c)
{
	char name[512];
	unw_word_t off = 0;

	if (e->known && !e->named && unw_get_proc_name(c, name, sizeof(name), &off) == 0 && off == e->off)
		e->name = xstrdup(name);
	e->named = true;
	return e->name;
}

/* f names function, offset bytes into it. */
static void frame_name(struct frame_record *f, const char *function, bool has_offset, uint64_t offset)
{
	free(f->function);
	f->function = xstrdup(function);
	if (has_offset) {
		f->has_offset = true;
		f->offset = offset;
	}
}

/* A frame in anonymous executable memory: JIT code, named by the perf map where it has one. */
static void jit_frame(struct sproc *p, struct frame_record *f, unw_word_t ip)
{
	uint64_t start = 0;
	const char *name = sproc_jit_name(p, ip, &start);

	f->jit = true;
	if (name)
		frame_name(f, name, true, ip - start);
}

/*
 * What libdwfl says of the frame at ip (module address addr) in module pm
 * opened as open_path: its build_id and module_offset set in f, and
 * file:line and inlined calls (maybe later: symbols.h); the answer, whose
 * function the caller takes.
 */
static const struct symres *frame_symbols(const struct pmod *pm, const char *open_path, unw_word_t ip,
					  uint64_t addr, struct frame_record *f)
{
	const struct symres *r;

	f->in_module = true;
	if (pm->mod->build_id[0])
		f->build_id = xstrdup(pm->mod->build_id);
	f->module_offset = ip - pm->bias;
	r = symbols_lookup(pm->mod->named, open_path, addr);
	if (r)
		symbols_lines(pm->mod->named, addr, f);
	return r;
}

/*
 * A Go program's frame that no symbol names (a stripped program): named
 * from its pclntab, with its file:line and inlined calls; whether it was.
 */
static bool go_frame(const struct pmod *pm, const char *open_path, uint64_t pc, uint64_t addr,
		     struct frame_record *f)
{
	struct go_frame fr[GO_INLINED + 1];
	struct gosyms *go = module_go(pm->mod->named, open_path);
	uint64_t entry = 0;
	int n = go ? gosyms_frames(go, addr, fr, GO_INLINED + 1, &entry) : 0;

	if (!n || !fr[n - 1].function)
		return false;
	frame_name(f, fr[n - 1].function, true, pc - entry);
	if (fr[n - 1].file && fr[n - 1].line > 0) {
		free(f->file);
		f->file = xstrdup(fr[n - 1].file);
		f->line = fr[n - 1].line;
	}
	for (int i = 0; i < n - 1; i++)
		frame_record_add_inlined(f, fr[i].function, fr[i].file, fr[i].line);
	return true;
}

/* What names the frame at ip, set in f; *jit set if it is JIT code, named by a perf map that may change. */
static void frame_fill(struct sproc *p, unw_cursor_t *c, unw_word_t ip, bool caller, struct uarg *u,
		       struct frame_record *f, bool *jit)
{
	const struct pmod *pm = NULL;
	const struct proc_map *m = sproc_map(p, ip, &pm);
	struct sym *sym = frame_sym(p, c, ip, u);
	const struct symres *r = NULL;
	char open_path[4200];
	const char *name;
	/* a return address: what called is the instruction before it */
	uint64_t addr = pm && pm->mod ? ip - pm->bias - (caller ? 1 : 0) : 0;

	f->has_offset = sym->known;
	f->offset = sym->off;
	if (m && m->path)
		f->module = xstrdup(m->path);
	if (m && m->exec && (!m->path || !strncmp(m->path, "[anon", 5))) {
		*jit = true;
		jit_frame(p, f, ip);
		return;
	}
	if (pm && pm->mod) {
		snprintf(open_path, sizeof(open_path), "/proc/%d/root%s", (int)p->tgid, m->path);
		r = frame_symbols(pm, open_path, ip, addr, f);
	}
	if (r && r->function && ip - pm->bias >= r->start)
		frame_name(f, r->function, true, ip - pm->bias - r->start);
	else if (pm && pm->mod && pm->mod->elf.go && go_frame(pm, open_path, ip - pm->bias, addr, f))
		;
	else if ((name = unwind_name(sym, c)))
		frame_name(f, name, false, 0);
}

/*
 * A frame is made once per process, pc and kind (return address or not)
 * and shared by every stack through it: what names it (the mapping at pc,
 * the module's unwind info and symbols) stays while the maps do, and the
 * maps re-read drop them all (proc.c).  Not JIT code's: its perf map may
 * name the same pc anew.
 */
struct frame_record *frame_new(struct sproc *p, unw_cursor_t *c, unw_word_t ip, bool caller, struct uarg *u)
{
	bool jit = false;
	struct frame_record *f;

	if ((f = sproc_frame(p, ip, caller)))
		return f;
	f = frame_record_new(ip);
	frame_fill(p, c, ip, caller, u, f, &jit);
	if (!jit)
		sproc_keep_frame(p, ip, caller, f);
	return f;
}

/*
 * Where a Go program's stacks really end: a goroutine's at runtime.goexit,
 * a thread's own (g0) at runtime.mstart or, for the first, runtime.rt0_go.
 * runtime.mcall, runtime.systemstack, runtime.morestack and
 * runtime.asmcgocall switch from a goroutine's stack to
 * g0: what called them is on the other stack, which the frame pointers of
 * g0 don't lead to.
 */
static const char *const go_roots[] = { "runtime.goexit", "runtime.mstart", "runtime.rt0_go" };
static const char *const go_switches[] = { "runtime.mcall", "runtime.systemstack", "runtime.morestack",
					   "runtime.asmcgocall" };

static bool go_named(const char *fn, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(names[i]);

		/* runtime.goexit.abi0: the assembly functions' ABI wrapper names */
		if (!strncmp(fn, names[i], k) && (fn[k] == '\0' || fn[k] == '.'))
			return true;
	}
	return false;
}

static void go_why_end(const char *fn, const char *path, char *why, size_t why_len)
{
	if (!fn)
		snprintf(why, why_len, "the frame-pointer chain of Go program %s ends at a pc no symbol "
			 "holds", path);
	else if (go_named(fn, go_switches, sizeof(go_switches) / sizeof(go_switches[0])))
		snprintf(why, why_len, "the stack ends at %s, where the Go runtime switched to the "
			 "thread's system stack (g0): the goroutine's frames before the switch are on "
			 "its own stack, which the frame pointers don't lead to", fn);
	else if (!go_named(fn, go_roots, sizeof(go_roots) / sizeof(go_roots[0])))
		snprintf(why, why_len, "the frame-pointer chain of Go program %s ends at %s", path, fn);
}

void frame_why_end(struct sproc *p, unw_word_t ip, const struct frame_record *frame, const struct sym *sym,
		   char *why, size_t why_len)
{
	const struct pmod *pm = NULL;
	const struct proc_map *m = sproc_map(p, ip, &pm);
	const char *fn = frame ? frame->function : NULL;

	if (!m || !m->path || m->path[0] != '/' || !pm || !pm->mod)
		return;
	/* Go code has no unwind tables; libunwind walks it by its frame pointers */
	if (pm->mod->elf.go) {
		go_why_end(fn, m->path, why, why_len);
		return;
	}
	if (sym->known)
		return;
	if (!pm->mod->elf.has_unwind_tables)
		snprintf(why, why_len, "%s has no %s, so libunwind finds no unwind info in it "
			 "(a static program needs linking with -Wl,--eh-frame-hdr)", m->path,
			 arch_unwind_tables);
	else if (sym->noinfo)
		snprintf(why, why_len, "no unwind info for 0x%llx in %s: its unwind tables do not cover "
			 "that code, which was compiled without them (gcc -fasynchronous-unwind-tables; "
			 "gcc 12 gives none by default on arm and riscv64), so the caller cannot be found",
			 (unsigned long long)ip, m->path);
}
