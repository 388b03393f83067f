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
 * instruction ("in the child the unwind info will be wrong"), vfork pops
 * its return address into a register before it, and libunwind-ptrace reads
 * no unwind info from the [vdso], which is no file: at a creating call's
 * stop the innermost frame often has none.  Its caller is then found where
 * the architecture's call left it, and accepted only if it lies in
 * executable memory.
 *
 * x86 (x86_64, i386): what follows the syscall on the parent's path is a
 * short epilogue, and it is run forward (x86_leaf below): glibc 2.36's
 * sysdeps/unix/sysv/linux/i386/clone3.S "int $0x80; test %eax,%eax; je;
 * pop %esi; pop %ebx; jl; ret", clone.S "int $0x80; pop %edi; pop %esi;
 * pop %ebx; test; jl; je; ret", vfork.S "pop %ecx; int $0x80; push %ecx;
 * cmp $-4095,%eax; jae; ret" (x86_64: the same with syscall, pop %rdi), and
 * the kernel's vdso32 __kernel_vsyscall (arch/x86/entry/vdso/vdso32/
 * system_call.S), whose int80_landing_pad, where the kernel puts the pc
 * for every entry method, is "pop %ebp; pop %edx; pop %ecx; ret".
 *
 * aarch64: bl leaves the return address in x30, which clone.S and vfork.S
 * keep up to their svc.
 */
#if defined(__x86_64__) || defined(__i386__)
#define X86_LEAF 1
#elif defined(__aarch64__)
#define RA_REG UNW_AARCH64_X30
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
	/* registers of the innermost frame replaced by caller_of_leaf */
	int n_over;
	struct {
		unw_regnum_t reg;
		unw_word_t v;
	} over[16];
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
	for (int i = 0; u->magic == UARG_MAGIC && i < u->n_over; i++)
		if (u->over[i].reg == reg) {
			*v = u->over[i].v;
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
	bool noinfo;	/* libunwind found no unwind info for pc */
};

struct sproc {
	unw_addr_space_t as;
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

#ifdef __arm__
/*
 * ARM EHABI: an .ARM.exidx entry is two words, the function's start and
 * its unwind data, 1 (EXIDX_CANTUNWIND) where the code has none; the linker
 * gives such code an entry of its own (or extends the one before), and
 * libunwind answers with it as if it were a function.
 */
#define EXIDX_CANTUNWIND 1
#endif

/*
 * The name of the function holding pc.  libunwind answers with the nearest
 * symbol below pc, which in a stripped library is often another function
 * (libc's static __clone3 comes out as __xmknodat): a name is kept only if
 * it starts where the unwind info says this function starts.  libunwind
 * caches what it found, not what it failed to find: this cache also spares
 * a search of the remote tables at each capture for a pc without unwind
 * info (the syscall in clone3).
 */
static struct sym *sym_of(struct sproc *p, unw_cursor_t *c, uint64_t pc, void *arg)
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
	if (r == -UNW_ENOINFO || (r == 0 && pi.start_ip == pc && pi.end_ip == pc + 1)) {
		e->noinfo = true;
		return e;
	}
#ifdef EXIDX_CANTUNWIND
	if (r == 0 && pi.format == UNW_INFO_FORMAT_ARM_EXIDX && pi.unwind_info) {
		unw_word_t data;

		if (w_access_mem(p->as, (unw_word_t)(uintptr_t)pi.unwind_info + 4, &data, 0, arg) == 0 &&
		    data == EXIDX_CANTUNWIND) {
			e->noinfo = true;
			return e;
		}
	}
#endif
	if (r < 0 || pi.start_ip == 0 || pi.start_ip > pc)
		return e;
	e->off = pc - pi.start_ip;
	e->known = true;
	if (unw_get_proc_name(c, name, sizeof(name), &off) == 0 && off == e->off)
		e->name = strdup(name);
	return e;
}

static json_t *frame_json(struct sproc *p, pid_t tgid, unw_cursor_t *c, unw_word_t ip, void *arg)
{
	const struct map *m = map_of(p, tgid, ip);
	struct sym *sym = sym_of(p, c, ip, arg);
	json_t *fn = sym->name ? json_string(sym->name) : NULL;
	char pcs[32];

	snprintf(pcs, sizeof(pcs), "0x%llx", (unsigned long long)ip);
	return json_pack("{s:s,s:o,s:o,s:o}", "pc", pcs, "function", fn ? fn : json_null(),
			 "offset", sym->known ? json_integer((json_int_t)sym->off) : json_null(),
			 "module", m && m->path ? json_string(m->path) : json_null());
}

#if defined(X86_LEAF) || defined(RA_REG)
static bool executable(struct sproc *p, pid_t tgid, unw_word_t ip)
{
	const struct map *m = map_of(p, tgid, ip);

	return m && m->exec;
}
#endif

#ifdef X86_LEAF
/* x86 register numbers (ModRM/opcode order, r8-r15 with REX.B) in libunwind's */
#ifdef __x86_64__
static const unw_regnum_t x86_reg[16] = {
	UNW_X86_64_RAX, UNW_X86_64_RCX, UNW_X86_64_RDX, UNW_X86_64_RBX,
	UNW_X86_64_RSP, UNW_X86_64_RBP, UNW_X86_64_RSI, UNW_X86_64_RDI,
	UNW_X86_64_R8, UNW_X86_64_R9, UNW_X86_64_R10, UNW_X86_64_R11,
	UNW_X86_64_R12, UNW_X86_64_R13, UNW_X86_64_R14, UNW_X86_64_R15,
};
#else
static const unw_regnum_t x86_reg[8] = {
	UNW_X86_EAX, UNW_X86_ECX, UNW_X86_EDX, UNW_X86_EBX,
	UNW_X86_ESP, UNW_X86_EBP, UNW_X86_ESI, UNW_X86_EDI,
};
#endif
#define X86_W ((int)sizeof(unw_word_t))	/* push/pop/ret size */
#define X86_STEPS 12		/* instructions run at most */
/* the parent's result is a new tid: the flags are worked out for both ends */
static const uint64_t x86_tids[2] = { 1, 4194304 /* PID_MAX_LIMIT */ };

struct x86_flags {
	bool zf, sf, cf, of;
};

/* The flags of "cmp imm, v" (test v,v: imm = v, and = true) at width bits. */
static struct x86_flags x86_cmp(uint64_t v, uint64_t imm, int bits, bool and)
{
	uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1, top = 1ULL << (bits - 1);
	uint64_t r = and ? (v & imm) & mask : (v - imm) & mask;

	v &= mask;
	imm &= mask;
	return (struct x86_flags){ .zf = r == 0, .sf = (r & top) != 0, .cf = !and && v < imm,
				   .of = !and && ((v ^ imm) & (v ^ r) & top) != 0 };
}

/* Whether jcc with condition code cc (the opcode's low nibble) jumps; -1: unknown (parity). */
static int x86_jumps(int cc, struct x86_flags f)
{
	bool r;

	switch (cc >> 1) {
	case 0: r = f.of; break;
	case 1: r = f.cf; break;
	case 2: r = f.zf; break;
	case 3: r = f.cf || f.zf; break;
	case 4: r = f.sf; break;
	case 6: r = f.sf != f.of; break;
	case 7: r = f.zf || f.sf != f.of; break;
	default: return -1;
	}
	return (cc & 1) ? !r : r;
}

/* The bytes at addr, read a word at a time (an aligned word never crosses a page). */
static int read_code(struct sproc *p, struct uarg *u, unw_word_t addr, unsigned char *buf, int n)
{
	unw_word_t w, a = addr & ~(unw_word_t)(X86_W - 1);

	for (; a < addr + n; a += X86_W) {
		if (w_access_mem(p->as, a, &w, 0, u) < 0)
			return -1;
		for (int i = 0; i < X86_W; i++)
			if (a + i >= addr && a + i < addr + n)
				buf[a + i - addr] = (unsigned char)(w >> (8 * i));
	}
	return 0;
}

/*
 * Run the parent's path from pc to its ret (see the top of this file):
 * push, pop, test or cmp of the result, jcc, nop and ret only; anything
 * else gives up.  Sets the caller's pc and sp and the popped registers in
 * u's overlay.  0, or -1.
 */
static int x86_leaf(struct sproc *p, pid_t tgid, unw_cursor_t *c, struct uarg *u,
		    unw_word_t pc, unw_word_t sp)
{
	struct {
		unw_word_t addr, v;
	} pushed[4];
	int n_pushed = 0;
	struct x86_flags f[2];
	bool have_flags = false;

	for (int step = 0; step < X86_STEPS; step++) {
		unsigned char b[8];
		int rex = 0, i = 0;

		if (!executable(p, tgid, pc) || read_code(p, u, pc, b, sizeof(b)) < 0)
			return -1;
		if (X86_W == 8 && (b[0] & 0xf0) == 0x40)
			rex = b[i++];
		if (b[i] >= 0x50 && b[i] <= 0x5f) {		/* push r, pop r */
			int r = (b[i] & 7) | (rex & 1) << 3, n;
			unw_word_t v = 0;

			if (r >= (int)(sizeof(x86_reg) / sizeof(x86_reg[0])) || x86_reg[r] == UNW_REG_SP)
				return -1;
			if (b[i] < 0x58) {
				if (n_pushed == 4 || w_access_reg(p->as, x86_reg[r], &v, 0, u) < 0)
					return -1;
				sp -= X86_W;
				pushed[n_pushed].addr = sp;
				pushed[n_pushed++].v = v;
			} else {
				for (n = n_pushed - 1; n >= 0 && pushed[n].addr != sp; n--)
					;
				if (n >= 0)
					v = pushed[n].v;
				else if (w_access_mem(p->as, sp, &v, 0, u) < 0)
					return -1;
				sp += X86_W;
				for (n = 0; n < u->n_over && u->over[n].reg != x86_reg[r]; n++)
					;
				if (n == 16)
					return -1;
				u->over[n].reg = x86_reg[r];
				u->over[n].v = v;
				if (n == u->n_over)
					u->n_over++;
			}
			pc += i + 1;
		} else if (b[i] == 0x85 && b[i + 1] == 0xc0) {	/* test %eax,%eax (%rax with REX.W) */
			for (int t = 0; t < 2; t++)
				f[t] = x86_cmp(x86_tids[t], x86_tids[t], rex & 8 ? 64 : 32, true);
			have_flags = true;
			pc += i + 2;
		} else if (b[i] == 0x3d) {			/* cmp $imm32,%eax (%rax, sign-extended) */
			int32_t imm = (int32_t)(b[i + 1] | b[i + 2] << 8 | b[i + 3] << 16 | (uint32_t)b[i + 4] << 24);

			for (int t = 0; t < 2; t++)
				f[t] = x86_cmp(x86_tids[t], (uint64_t)(int64_t)imm, rex & 8 ? 64 : 32, false);
			have_flags = true;
			pc += i + 5;
		} else if ((b[i] & 0xf0) == 0x70 || (b[i] == 0x0f && (b[i + 1] & 0xf0) == 0x80)) {	/* jcc */
			bool near = b[i] == 0x0f;
			int cc = (near ? b[i + 1] : b[i]) & 15, j0, j1;
			int32_t rel = near ? (int32_t)(b[i + 2] | b[i + 3] << 8 | b[i + 4] << 16 |
						   (uint32_t)b[i + 5] << 24) : (int8_t)b[i + 1];

			if (!have_flags || (j0 = x86_jumps(cc, f[0])) < 0 || (j1 = x86_jumps(cc, f[1])) != j0)
				return -1;
			pc += i + (near ? 6 : 2);
			if (j0)
				pc += (unw_word_t)(int64_t)rel;
		} else if (b[i] == 0x90) {			/* nop */
			pc += i + 1;
		} else if (b[i] == 0xc3) {			/* ret */
			unw_word_t ra = 0;
			int n;

			for (n = n_pushed - 1; n >= 0 && pushed[n].addr != sp; n--)
				;
			if (n >= 0)
				ra = pushed[n].v;
			else if (w_access_mem(p->as, sp, &ra, 0, u) < 0)
				return -1;
			if (!executable(p, tgid, ra) || u->n_over > 14)
				return -1;
			u->over[u->n_over].reg = UNW_REG_IP;
			u->over[u->n_over++].v = ra;
			u->over[u->n_over].reg = UNW_REG_SP;
			u->over[u->n_over++].v = sp + X86_W;
			return 0;
		} else {
			return -1;
		}
	}
	return -1;
}
#endif

/*
 * The innermost frame has no unwind info: find its caller where the call
 * left it (see the top of this file), from the registers of frame 0 in c,
 * read before any unw_step.  0 and u's overlay set, or -1.
 */
static int caller_of_leaf(struct sproc *p, pid_t tgid, unw_cursor_t *c, struct uarg *u)
{
	unw_word_t pc = 0, sp = 0;

	if (unw_get_reg(c, UNW_REG_IP, &pc) < 0 || unw_get_reg(c, UNW_REG_SP, &sp) < 0)
		return -1;
	u->n_over = 0;
#ifdef X86_LEAF
	if (x86_leaf(p, tgid, c, u, pc, sp) == 0)
		return 0;
	u->n_over = 0;
#endif
#ifdef RA_REG
	unw_word_t v = 0;

	if (unw_get_reg(c, RA_REG, &v) == 0 && executable(p, tgid, v)) {
		u->over[0].reg = UNW_REG_IP;
		u->over[0].v = v;
		u->over[1].reg = UNW_REG_SP;
		u->over[1].v = sp;
		u->n_over = 2;
		return 0;
	}
#endif
	return -1;
}

/*
 * The unwind tables libunwind-ptrace looks up by program header: the
 * .eh_frame_hdr, and on ARM also the .ARM.exidx (UNW_ARM_METHOD_EXIDX).
 */
#ifdef __arm__
#define UNWIND_PHDR(t) ((t) == PT_GNU_EH_FRAME || (t) == PT_ARM_EXIDX)
#define UNWIND_TABLES ".ARM.exidx nor .eh_frame_hdr"
#else
#define UNWIND_PHDR(t) ((t) == PT_GNU_EH_FRAME)
#define UNWIND_TABLES ".eh_frame_hdr"
#endif

/* Whether the ELF file at path (as tgid sees it) has unwind tables (UNWIND_PHDR): 1, 0, or -1. */
static int has_unwind_tables(pid_t tgid, const char *path)
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
	if (pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) && !memcmp(h.e64.e_ident, ELFMAG, SELFMAG) &&
	    (h.e64.e_ident[EI_CLASS] == ELFCLASS64 || h.e64.e_ident[EI_CLASS] == ELFCLASS32)) {
		bool is64 = h.e64.e_ident[EI_CLASS] == ELFCLASS64;
		uint64_t off = is64 ? h.e64.e_phoff : h.e32.e_phoff;
		unsigned n = is64 ? h.e64.e_phnum : h.e32.e_phnum;
		unsigned size = is64 ? h.e64.e_phentsize : h.e32.e_phentsize;

		/* p_type comes first in both classes' program headers (of the host's byte order) */
		r = 0;
		for (unsigned i = 0; i < n && r == 0; i++) {
			uint32_t type;

			if (pread(fd, &type, sizeof(type), (off_t)(off + (uint64_t)i * size)) != sizeof(type))
				r = -1;
			else if (UNWIND_PHDR(type))
				r = 1;
		}
	}
	close(fd);
	return r;
}

/*
 * The unwind stopped at ip, which has no unwind info (sym): if its file has
 * no unwind tables, libunwind could not have found any; if it has, they do
 * not cover ip.  Say which.
 */
static void why_stopped(struct sproc *p, pid_t tgid, unw_word_t ip, const struct sym *sym,
			const char **why)
{
	static char msg[4400];
	const struct map *m = map_of(p, tgid, ip);
	int has;

	if (!m || !m->path || m->path[0] != '/' || (has = has_unwind_tables(tgid, m->path)) < 0)
		return;
	if (!has)
		snprintf(msg, sizeof(msg), "%s has no " UNWIND_TABLES ", so libunwind finds no unwind info in it "
			 "(a static program needs linking with -Wl,--eh-frame-hdr)", m->path);
	else if (sym->noinfo)
		snprintf(msg, sizeof(msg), "no unwind info for 0x%llx in %s: its unwind tables do not cover "
			 "that code, which was compiled without them (gcc -fasynchronous-unwind-tables; "
			 "gcc 12 gives none by default on arm and riscv64), so the caller cannot be found",
			 (unsigned long long)ip, m->path);
	else
		return;
	*why = msg;
}

json_t *stack_capture_new(struct stacks *s, pid_t tid, pid_t tgid, int depth, const char **why)
{
	struct uarg u = { .magic = UARG_MAGIC };
	struct sproc *p;
	unw_cursor_t c;
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
		struct sym *sym;
		int r;

		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		json_array_append_new(frames, frame_json(p, tgid, &c, ip, &u));
		sym = sym_of(p, &c, ip, &u);
		if (i == 0 && sym->noinfo && caller_of_leaf(p, tgid, &c, &u) == 0)
			r = unw_init_remote(&c, p->as, &u) < 0 ? -1 : 1;
		else
			r = unw_step(&c);
		if (r <= 0) {
			if (!sym->known && i + 1 < depth)
				why_stopped(p, tgid, ip, sym, why);
			break;
		}
	}
	uarg_release(&u);
	return frames;
}
#endif
