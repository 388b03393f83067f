/*
 * Creation stacks: per-process caches and the walk (see tracer/stack.h);
 * libunwind's accessors are in unwind.c, what differs by architecture in
 * arch/, the ELF reader in elf.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracer/procfs.h"
#include "tracer/stack.h"
#include "tracer/stack/arch.h"
#include "tracer/stack/elf.h"
#include "tracer/stack/unwind.h"

#define SYMCACHE 512	/* pcs remembered per process */

struct sym {
	uint64_t pc;
	char *name;	/* NULL: no symbol */
	uint64_t off;
	bool known;	/* off is from the function's start */
	bool noinfo;	/* libunwind found no unwind info for pc */
};

struct sproc {
	unw_addr_space_t as;
	struct proc_map *maps;
	size_t n_maps;
	struct sym syms[SYMCACHE];
};

struct stacks {
	struct sproc **by_tgid;
	size_t pid_max;
};

static void sproc_free(struct sproc *p)
{
	if (!p)
		return;
	unw_destroy_addr_space(p->as);
	proc_maps_free(p->maps, p->n_maps);
	for (size_t i = 0; i < SYMCACHE; i++)
		free(p->syms[i].name);
	free(p);
}

struct stacks *stacks_new(size_t pid_max)
{
	struct stacks *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->by_tgid = calloc(pid_max, sizeof(*s->by_tgid));
	if (!s->by_tgid) {
		free(s);
		return NULL;
	}
	s->pid_max = pid_max;
	return s;
}

void stacks_forget(struct stacks *s, pid_t tgid)
{
	if (!s || tgid <= 0 || (size_t)tgid >= s->pid_max)
		return;
	sproc_free(s->by_tgid[tgid]);
	s->by_tgid[tgid] = NULL;
}

void stacks_free(struct stacks *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->pid_max; i++)
		if (s->by_tgid[i])
			sproc_free(s->by_tgid[i]);
	free(s->by_tgid);
	free(s);
}

static const struct proc_map *find_map(struct sproc *p, uint64_t pc)
{
	for (size_t i = 0; i < p->n_maps; i++)
		if (pc >= p->maps[i].start && pc < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

/* The mapping of pc; the maps are re-read once if no known one holds it. */
static const struct proc_map *map_of(struct sproc *p, pid_t tgid, uint64_t pc)
{
	const struct proc_map *m = find_map(p, pc);

	if (!m) {
		proc_maps_free(p->maps, p->n_maps);
		if (proc_read_maps(tgid, &p->maps, &p->n_maps) == 0)
			m = find_map(p, pc);
	}
	return m;
}

bool uarg_executable(struct uarg *u, unw_word_t addr)
{
	const struct proc_map *m = map_of(u->p, u->tgid, addr);

	return m && m->exec;
}

/*
 * The name of the function holding pc.  libunwind answers with the nearest
 * symbol below pc, which in a stripped library is often another function
 * (libc's static __clone3 comes out as __xmknodat): a name is kept only if
 * it starts where the unwind info says this function starts.  libunwind
 * caches what it found, not what it failed to find: this cache also spares
 * a search of the remote tables at each capture for a pc without unwind
 * info (the syscall in clone3).
 */
static struct sym *sym_of(struct sproc *p, unw_cursor_t *c, uint64_t pc, struct uarg *u)
{
	struct sym *e = &p->syms[(pc >> 2) % SYMCACHE];
	unw_proc_info_t pi;
	char name[512];
	unw_word_t off = 0;
	int r;

	if (e->pc == pc && pc)
		return e;
	free(e->name);
	e->pc = pc;
	e->name = NULL;
	e->off = 0;
	e->known = false;
	e->noinfo = false;
	name[0] = '\0';
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
	if (unw_get_proc_name(c, name, sizeof(name), &off) == 0 && off == e->off)
		e->name = strdup(name);
	return e;
}

static json_t *frame_json(struct sproc *p, pid_t tgid, unw_cursor_t *c, unw_word_t ip, struct uarg *u)
{
	const struct proc_map *m = map_of(p, tgid, ip);
	struct sym *sym = sym_of(p, c, ip, u);
	json_t *fn = sym->name ? json_string(sym->name) : NULL;
	char pcs[32];

	snprintf(pcs, sizeof(pcs), "0x%llx", (unsigned long long)ip);
	return json_pack("{s:s,s:o,s:o,s:o}", "pc", pcs, "function", fn ? fn : json_null(),
			 "offset", sym->known ? json_integer((json_int_t)sym->off) : json_null(),
			 "module", m && m->path ? json_string(m->path) : json_null());
}

/*
 * The innermost frame has no unwind info: find its caller where the call
 * left it (arch_caller_of_leaf), from the registers of frame 0 in c, read
 * before any unw_step.  0 and u's overlay set, or -1 and none.
 */
static int caller_of_leaf(unw_cursor_t *c, struct uarg *u)
{
	unw_word_t pc = 0, sp = 0;

	if (unw_get_reg(c, UNW_REG_IP, &pc) < 0 || unw_get_reg(c, UNW_REG_SP, &sp) < 0)
		return -1;
	u->n_over = 0;
	if (arch_caller_of_leaf(u, pc, sp) == 0)
		return 0;
	u->n_over = 0;
	return -1;
}

/*
 * The unwind stopped at ip, which has no unwind info (sym): if its file has
 * no unwind tables, libunwind could not have found any; if it has, they do
 * not cover ip.  Say which in why.
 */
static void why_stopped(struct sproc *p, pid_t tgid, unw_word_t ip, const struct sym *sym,
			char *why, size_t why_len)
{
	const struct proc_map *m = map_of(p, tgid, ip);
	int has;

	if (!m || !m->path || m->path[0] != '/' || (has = elf_has_unwind_tables(tgid, m->path)) < 0)
		return;
	if (!has)
		snprintf(why, why_len, "%s has no %s, so libunwind finds no unwind info in it "
			 "(a static program needs linking with -Wl,--eh-frame-hdr)", m->path,
			 arch_unwind_tables);
	else if (sym->noinfo)
		snprintf(why, why_len, "no unwind info for 0x%llx in %s: its unwind tables do not cover "
			 "that code, which was compiled without them (gcc -fasynchronous-unwind-tables; "
			 "gcc 12 gives none by default on arm and riscv64), so the caller cannot be found",
			 (unsigned long long)ip, m->path);
}

static struct sproc *sproc_of(struct stacks *s, pid_t tgid)
{
	struct sproc *p = s->by_tgid[tgid];

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->as = unw_create_addr_space(&uarg_accessors, 0);
	if (!p->as) {
		free(p);
		return NULL;
	}
	unw_set_caching_policy(p->as, UNW_CACHE_GLOBAL);
	s->by_tgid[tgid] = p;
	return p;
}

json_t *stack_capture_new(struct stacks *s, pid_t tid, pid_t tgid, int depth,
			  char *why, size_t why_len)
{
	struct uarg u;
	struct sproc *p;
	unw_cursor_t c;
	json_t *frames;

	if (tgid <= 0 || (size_t)tgid >= s->pid_max) {
		snprintf(why, why_len, "%s", "no process");
		return NULL;
	}
	p = sproc_of(s, tgid);
	if (!p) {
		snprintf(why, why_len, "%s", "libunwind could not create an address space");
		return NULL;
	}
	if (uarg_init(&u, p->as, p, tid, tgid) < 0) {
		snprintf(why, why_len, "%s", "libunwind could not attach");
		return NULL;
	}
	if (unw_init_remote(&c, p->as, &u) < 0) {
		uarg_release(&u);
		snprintf(why, why_len, "%s", "libunwind could not read the registers");
		return NULL;
	}
	frames = json_array();
	for (int i = 0; i < depth; i++) {
		unw_word_t ip = 0;
		struct sym *sym;
		int r;

		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		json_array_append_new(frames, frame_json(p, tgid, &c, ip, &u));
		sym = sym_of(p, &c, ip, &u);
		if (i == 0 && sym->noinfo && caller_of_leaf(&c, &u) == 0)
			r = unw_init_remote(&c, p->as, &u) < 0 ? -1 : 1;
		else
			r = unw_step(&c);
		if (r <= 0) {
			if (!sym->known && i + 1 < depth)
				why_stopped(p, tgid, ip, sym, why, why_len);
			break;
		}
	}
	uarg_release(&u);
	return frames;
}
