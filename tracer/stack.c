/* Creation stacks with libunwind-ptrace; see stack.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracer/stack.h"

#ifdef CT_NO_STACK
struct stacks *stacks_new(size_t pid_max) { return NULL; }
void stacks_free(struct stacks *s) { }
void stacks_forget(struct stacks *s, pid_t tgid) { }
/* Whether the ELF file at path (as tgid sees it) has a PT_GNU_EH_FRAME: 1, 0, or -1. */
static int has_eh_frame_hdr(pid_t tgid, const char *path)
{
	char buf[4096];
	union {
		Elf64_Ehdr e64;
		Elf32_Ehdr e32;
	} h;
	int fd, r = -1;

	snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)tgid, path);
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.e64.e_ident, ELFMAG, SELFMAG))
		goto out;
	if (h.e64.e_ident[EI_CLASS] == ELFCLASS64) {
		Elf64_Phdr ph;

		r = 0;
		for (unsigned i = 0; i < h.e64.e_phnum && r == 0; i++)
			if (pread(fd, &ph, sizeof(ph), (off_t)(h.e64.e_phoff + (uint64_t)i * h.e64.e_phentsize)) !=
			    (ssize_t)sizeof(ph))
				r = -1;
			else if (ph.p_type == PT_GNU_EH_FRAME)
				r = 1;
	} else if (h.e32.e_ident[EI_CLASS] == ELFCLASS32) {
		Elf32_Phdr ph;

		r = 0;
		for (unsigned i = 0; i < h.e32.e_phnum && r == 0; i++)
			if (pread(fd, &ph, sizeof(ph), (off_t)(h.e32.e_phoff + (uint64_t)i * h.e32.e_phentsize)) !=
			    (ssize_t)sizeof(ph))
				r = -1;
			else if (ph.p_type == PT_GNU_EH_FRAME)
				r = 1;
	}
out:
	close(fd);
	return r;
}

/*
 * The unwind stopped at ip, which has no unwind info: if its file has no
 * .eh_frame_hdr, libunwind could not have found any, so say so.
 */
static void why_stopped(struct sproc *p, pid_t tgid, unw_word_t ip, const char **why)
{
	static char msg[4200];
	const struct map *m = map_of(p, tgid, ip);

	if (!m || !m->path || m->path[0] != '/' || has_eh_frame_hdr(tgid, m->path) != 0)
		return;
	snprintf(msg, sizeof(msg), "%s has no .eh_frame_hdr, so libunwind finds no unwind info in it "
		 "(a static program needs linking with -Wl,--eh-frame-hdr)", m->path);
	*why = msg;
}

json_t *stack_capture_new(struct stacks *s, pid_t tid, pid_t tgid, int depth, const char **why)
{
	*why = "clonetrace was built without libunwind (STACK=0)";
	return NULL;
}
#else
#include <elf.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <libunwind-ptrace.h>

/*
 * glibc's clone and clone3 end their unwind info just before the syscall
 * instruction ("in the child the unwind info will be wrong"), and vfork
 * pops its return address into a register before it: at a creating call's
 * stop the innermost frame has no FDE.  The caller is then found where the
 * architecture's call left it, and accepted only if it lies in executable
 * memory.
 */
#if defined(__x86_64__)
#define RA_REG_VFORK UNW_X86_64_RDI	/* vfork.S: popq %rdi; syscall */
#define RA_ON_STACK 8			/* a call pushed the return address */
#elif defined(__aarch64__)
#define RA_REG UNW_AARCH64_X30		/* bl leaves it in the link register */
#endif

/*
 * libunwind's arg for every accessor: the _UPT handle, plus an optional
 * replacement pc and sp for the innermost frame.  _UPT_find_proc_info calls
 * the accessors back with the bare _UPT handle as arg, so the two are told
 * apart by the first int: a _UPT handle starts with a pid, never negative.
 * Writes are refused: unwinding must never change the tracee.
 */
#define UARG_MAGIC (-0x434c4f4e)

#define MEMCACHE 4	/* stack pages kept during one capture */

struct uarg {
	int magic;
	void *upt;
	int overlay;
	unw_word_t ip, sp;
	pid_t tid;
	/*
	 * _UPT reads one register or one word per ptrace call; an unwind
	 * reads dozens.  The registers come with one PTRACE_GETREGSET and the
	 * stack a page at a time with process_vm_readv instead.
	 */
	int have_regs;
	unsigned char regs[512];
	size_t regs_len;
	uint64_t page[MEMCACHE];
	unsigned char *data[MEMCACHE];
	int next;
};

#if defined(__x86_64__)
/* UNW_X86_64_* (RAX, RDX, RCX, RBX, RSI, RDI, RBP, RSP, R8..R15, RIP) in struct user_regs_struct */
static const int reg_off[] = {
	80, 96, 88, 40, 104, 112, 32, 152, 72, 64, 56, 48, 24, 16, 8, 0, 128,
};
#define NREG_OFF ((int)(sizeof(reg_off) / sizeof(reg_off[0])))
#endif

static int cached_reg(struct uarg *u, unw_regnum_t reg, unw_word_t *v)
{
#ifdef NREG_OFF
	if (reg < 0 || reg >= NREG_OFF)
		return -1;
	if (!u->have_regs) {
		struct iovec iov = { u->regs, sizeof(u->regs) };

		if (ptrace(PTRACE_GETREGSET, u->tid, (void *)NT_PRSTATUS, &iov) < 0)
			return -1;
		u->regs_len = iov.iov_len;
		u->have_regs = 1;
	}
	if ((size_t)reg_off[reg] + sizeof(*v) > u->regs_len)
		return -1;
	memcpy(v, u->regs + reg_off[reg], sizeof(*v));
	return 0;
#else
	return -1;
#endif
}

static int cached_mem(struct uarg *u, unw_word_t addr, unw_word_t *v)
{
	uint64_t page = addr & ~(uint64_t)4095;
	size_t off = addr & 4095;
	int i;

	if (off + sizeof(*v) > 4096)
		return -1;
	for (i = 0; i < MEMCACHE; i++)
		if (u->data[i] && u->page[i] == page)
			break;
	if (i == MEMCACHE) {
		struct iovec local, remote = { (void *)(uintptr_t)page, 4096 };

		i = u->next;
		u->next = (u->next + 1) % MEMCACHE;
		if (!u->data[i] && !(u->data[i] = malloc(4096)))
			return -1;
		local = (struct iovec){ u->data[i], 4096 };
		if (process_vm_readv(u->tid, &local, 1, &remote, 1, 0) != 4096) {
			u->page[i] = 0;
			free(u->data[i]);
			u->data[i] = NULL;
			return -1;
		}
		u->page[i] = page;
	}
	memcpy(v, u->data[i] + off, sizeof(*v));
	return 0;
}

static void uarg_release(struct uarg *u)
{
	for (int i = 0; i < MEMCACHE; i++)
		free(u->data[i]);
	_UPT_destroy(u->upt);
}

static void *upt_of(void *arg)
{
	struct uarg *u = arg;

	return u->magic == UARG_MAGIC ? u->upt : arg;
}

static int w_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
			    int need, void *arg)
{
	return _UPT_find_proc_info(as, ip, pi, need, upt_of(arg));
}

static void w_put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	_UPT_put_unwind_info(as, pi, upt_of(arg));
}

static int w_get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *p, void *arg)
{
	return _UPT_get_dyn_info_list_addr(as, p, upt_of(arg));
}

static int w_access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *v, int write, void *arg)
{
	struct uarg *u = arg;

	if (write)
		return -UNW_EINVAL;
	if (u->magic == UARG_MAGIC && cached_mem(u, addr, v) == 0)
		return 0;
	return _UPT_access_mem(as, addr, v, 0, upt_of(arg));
}

static int w_access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *v, int write, void *arg)
{
	struct uarg *u = arg;

	if (write)
		return -UNW_EREADONLYREG;
	if (u->magic == UARG_MAGIC && u->overlay && (reg == UNW_REG_IP || reg == UNW_REG_SP)) {
		*v = reg == UNW_REG_IP ? u->ip : u->sp;
		return 0;
	}
	if (u->magic == UARG_MAGIC && cached_reg(u, reg, v) == 0)
		return 0;
	return _UPT_access_reg(as, reg, v, 0, upt_of(arg));
}

static int w_access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *v, int write,
			  void *arg)
{
	if (write)
		return -UNW_EREADONLYREG;
	return _UPT_access_fpreg(as, reg, v, 0, upt_of(arg));
}

static int w_resume(unw_addr_space_t as, unw_cursor_t *c, void *arg)
{
	return -UNW_EINVAL;
}

static int w_get_proc_name(unw_addr_space_t as, unw_word_t ip, char *buf, size_t n,
			   unw_word_t *off, void *arg)
{
	return _UPT_get_proc_name(as, ip, buf, n, off, upt_of(arg));
}

static unw_accessors_t accessors = {
	.find_proc_info = w_find_proc_info,
	.put_unwind_info = w_put_unwind_info,
	.get_dyn_info_list_addr = w_get_dyn_info_list_addr,
	.access_mem = w_access_mem,
	.access_reg = w_access_reg,
	.access_fpreg = w_access_fpreg,
	.resume = w_resume,
	.get_proc_name = w_get_proc_name,
};

#define SYMCACHE 512	/* pcs remembered per process */

struct map {
	uint64_t start, end;
	char *path;
	int exec;
};

struct sym {
	uint64_t pc;
	char *name;	/* NULL: no symbol */
	uint64_t off;
	bool known;	/* off is from the function's start */
};

#define NOFDE 16	/* pcs known to have no unwind info */

struct sproc {
	unw_addr_space_t as;
	/*
	 * libunwind caches what it found, not what it failed to find: at a pc
	 * without an FDE (the syscall in clone3) every unw_step searches the
	 * remote .eh_frame_hdr again, a hundred word reads.
	 */
	uint64_t nofde[NOFDE];
	int next_nofde;
	struct map *maps;
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
	for (size_t i = 0; i < p->n_maps; i++)
		free(p->maps[i].path);
	free(p->maps);
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

static int read_maps(struct sproc *p, pid_t tgid)
{
	char path[64], line[4096];
	FILE *f;

	for (size_t i = 0; i < p->n_maps; i++)
		free(p->maps[i].path);
	free(p->maps);
	p->maps = NULL;
	p->n_maps = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tgid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;
		char perms[8] = "";
		int pos = 0;
		struct map *m;
		char *file, *nl;

		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %n", &lo, &hi, perms, &pos) < 3 || !pos)
			continue;
		file = line + pos;
		nl = strchr(file, '\n');
		if (nl)
			*nl = '\0';
		m = realloc(p->maps, (p->n_maps + 1) * sizeof(*m));
		if (!m)
			break;
		p->maps = m;
		p->maps[p->n_maps++] = (struct map){ lo, hi, *file ? strdup(file) : NULL,
						     perms[2] == 'x' };
	}
	fclose(f);
	return 0;
}

static const struct map *find_map(struct sproc *p, uint64_t pc)
{
	for (size_t i = 0; i < p->n_maps; i++)
		if (pc >= p->maps[i].start && pc < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

/* The mapping of pc; the maps are re-read once if no known one holds it. */
static const struct map *map_of(struct sproc *p, pid_t tgid, uint64_t pc)
{
	const struct map *m = find_map(p, pc);

	if (!m && read_maps(p, tgid) == 0)
		m = find_map(p, pc);
	return m;
}

/*
 * The name of the function holding pc.  libunwind answers with the nearest
 * symbol below pc, which in a stripped library is often another function
 * (libc's static __clone3 comes out as __xmknodat): a name is kept only if
 * it starts where the unwind info says this function starts.
 */
static struct sym *sym_of(struct sproc *p, unw_cursor_t *c, uint64_t pc)
{
	struct sym *e = &p->syms[(pc >> 2) % SYMCACHE];
	unw_proc_info_t pi;
	char name[512];
	unw_word_t off = 0;

	if (e->pc == pc && pc)
		return e;
	free(e->name);
	e->pc = pc;
	e->name = NULL;
	e->off = 0;
	e->known = false;
	name[0] = '\0';
	/* without unwind info libunwind makes up [pc, pc + 1): not a start */
	if (unw_get_proc_info(c, &pi) < 0 || pi.start_ip == 0 || pi.start_ip > pc ||
	    (pi.start_ip == pc && pi.end_ip == pc + 1))
		return e;
	e->off = pc - pi.start_ip;
	e->known = true;
	if (unw_get_proc_name(c, name, sizeof(name), &off) == 0 && off == e->off)
		e->name = strdup(name);
	return e;
}

static json_t *frame_json(struct sproc *p, pid_t tgid, unw_cursor_t *c, unw_word_t ip)
{
	const struct map *m = map_of(p, tgid, ip);
	struct sym *sym = sym_of(p, c, ip);
	json_t *fn = sym->name ? json_string(sym->name) : NULL;
	char pcs[32];

	snprintf(pcs, sizeof(pcs), "0x%llx", (unsigned long long)ip);
	return json_pack("{s:s,s:o,s:o,s:o}", "pc", pcs, "function", fn ? fn : json_null(),
			 "offset", sym->known ? json_integer((json_int_t)sym->off) : json_null(),
			 "module", m && m->path ? json_string(m->path) : json_null());
}

static bool executable(struct sproc *p, pid_t tgid, unw_word_t ip)
{
	const struct map *m = map_of(p, tgid, ip);

	return m && m->exec;
}

/*
 * The innermost frame had no unwind info: find its caller where the call
 * instruction left it (see the top of this file), from the registers of
 * frame 0 in c, read before any unw_step.  0 and *u set, or -1.
 */
static int caller_of_leaf(struct sproc *p, pid_t tgid, unw_cursor_t *c, struct uarg *u)
{
	unw_word_t sp = 0, v = 0;

	if (unw_get_reg(c, UNW_REG_SP, &sp) < 0)
		return -1;
#ifdef RA_ON_STACK
	if (w_access_mem(p->as, sp, &v, 0, u) == 0 && executable(p, tgid, v)) {
		u->ip = v;
		u->sp = sp + RA_ON_STACK;
		return 0;
	}
#endif
#ifdef RA_REG_VFORK
	if (unw_get_reg(c, RA_REG_VFORK, &v) == 0 && executable(p, tgid, v)) {
		u->ip = v;
		u->sp = sp;
		return 0;
	}
#endif
#ifdef RA_REG
	if (unw_get_reg(c, RA_REG, &v) == 0 && executable(p, tgid, v)) {
		u->ip = v;
		u->sp = sp;
		return 0;
	}
#endif
	return -1;
}

static bool known_nofde(const struct sproc *p, uint64_t ip)
{
	for (int i = 0; i < NOFDE; i++)
		if (p->nofde[i] == ip)
			return true;
	return false;
}

/* Whether the ELF file at path (as tgid sees it) has a PT_GNU_EH_FRAME: 1, 0, or -1. */
static int has_eh_frame_hdr(pid_t tgid, const char *path)
{
	char buf[4096];
	union {
		Elf64_Ehdr e64;
		Elf32_Ehdr e32;
	} h;
	int fd, r = -1;

	snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)tgid, path);
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.e64.e_ident, ELFMAG, SELFMAG))
		goto out;
	if (h.e64.e_ident[EI_CLASS] == ELFCLASS64) {
		Elf64_Phdr ph;

		r = 0;
		for (unsigned i = 0; i < h.e64.e_phnum && r == 0; i++)
			if (pread(fd, &ph, sizeof(ph), (off_t)(h.e64.e_phoff + (uint64_t)i * h.e64.e_phentsize)) !=
			    (ssize_t)sizeof(ph))
				r = -1;
			else if (ph.p_type == PT_GNU_EH_FRAME)
				r = 1;
	} else if (h.e32.e_ident[EI_CLASS] == ELFCLASS32) {
		Elf32_Phdr ph;

		r = 0;
		for (unsigned i = 0; i < h.e32.e_phnum && r == 0; i++)
			if (pread(fd, &ph, sizeof(ph), (off_t)(h.e32.e_phoff + (uint64_t)i * h.e32.e_phentsize)) !=
			    (ssize_t)sizeof(ph))
				r = -1;
			else if (ph.p_type == PT_GNU_EH_FRAME)
				r = 1;
	}
out:
	close(fd);
	return r;
}

/*
 * The unwind stopped at ip, which has no unwind info: if its file has no
 * .eh_frame_hdr, libunwind could not have found any, so say so.
 */
static void why_stopped(struct sproc *p, pid_t tgid, unw_word_t ip, const char **why)
{
	static char msg[4200];
	const struct map *m = map_of(p, tgid, ip);

	if (!m || !m->path || m->path[0] != '/' || has_eh_frame_hdr(tgid, m->path) != 0)
		return;
	snprintf(msg, sizeof(msg), "%s has no .eh_frame_hdr, so libunwind finds no unwind info in it "
		 "(a static program needs linking with -Wl,--eh-frame-hdr)", m->path);
	*why = msg;
}

json_t *stack_capture_new(struct stacks *s, pid_t tid, pid_t tgid, int depth, const char **why)
{
	struct uarg u = { .magic = UARG_MAGIC };
	struct sproc *p;
	unw_cursor_t c, c0;
	json_t *frames;

	if (tgid <= 0 || (size_t)tgid >= s->pid_max) {
		*why = "no process";
		return NULL;
	}
	p = s->by_tgid[tgid];
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return NULL;
		p->as = unw_create_addr_space(&accessors, 0);
		if (!p->as) {
			free(p);
			*why = "libunwind could not create an address space";
			return NULL;
		}
		unw_set_caching_policy(p->as, UNW_CACHE_GLOBAL);
		s->by_tgid[tgid] = p;
	}
	u.tid = tid;
	u.upt = _UPT_create(tid);
	if (!u.upt) {
		*why = "libunwind could not attach";
		return NULL;
	}
	if (unw_init_remote(&c, p->as, &u) < 0) {
		uarg_release(&u);
		*why = "libunwind could not read the registers";
		return NULL;
	}
	frames = json_array();
	for (int i = 0; i < depth; i++) {
		unw_word_t ip = 0;
		int r;

		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		json_array_append_new(frames, frame_json(p, tgid, &c, ip));
		if (i == 0) {
			c0 = c;
			r = known_nofde(p, ip) ? 0 : unw_step(&c);
			if (r <= 0 && caller_of_leaf(p, tgid, &c0, &u) == 0) {
				if (!known_nofde(p, ip)) {
					p->nofde[p->next_nofde] = ip;
					p->next_nofde = (p->next_nofde + 1) % NOFDE;
				}
				u.overlay = 1;
				r = unw_init_remote(&c, p->as, &u) < 0 ? -1 : 1;
			}
		} else {
			r = unw_step(&c);
		}
		if (r <= 0) {
			struct sym *sym = sym_of(p, &c, ip);

			if (!sym->known && i + 1 < depth)
				why_stopped(p, tgid, ip, why);
			break;
		}
	}
	uarg_release(&u);
	return frames;
}
#endif
