/* SPDX-License-Identifier: MIT */
/* The libunwind-ptrace glue: accessors that read a stopped task, cached; see unwind.h. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "tracer/stack/arch.h"
#include "tracer/stack/module.h"
#include "tracer/stack/proc.h"
#include "tracer/stack/unwind.h"

/*
 * _UPT_find_proc_info calls the accessors back with the bare _UPT handle as
 * arg, so the two are told apart by the first int: a _UPT handle starts
 * with a pid, never negative.
 */
#define UARG_MAGIC (-0x434c4f4e)

int uarg_init(struct uarg *u, unw_addr_space_t as, struct sproc *p, pid_t tid, pid_t tgid)
{
	u->magic = UARG_MAGIC;
	u->as = as;
	u->p = p;
	u->tid = tid;
	u->tgid = tgid;
	u->n_over = 0;
	u->have_regs = 0;
	u->mem = mem_paged(&u->pages, tid);
	u->upt = _UPT_create(tid);
	return u->upt ? 0 : -1;
}

void uarg_release(struct uarg *u)
{
	_UPT_destroy(u->upt);
}

static int cached_reg(struct uarg *u, unw_regnum_t reg, unw_word_t *v)
{
	int off = arch_prstatus_offset(reg);

	if (off < 0)
		return -1;
	if (!u->have_regs) {
		struct iovec iov = { u->regs, sizeof(u->regs) };

		if (ptrace(PTRACE_GETREGSET, u->tid, (void *)NT_PRSTATUS, &iov) < 0)
			return -1;
		u->regs_len = iov.iov_len;
		u->have_regs = 1;
	}
	if ((size_t)off + sizeof(*v) > u->regs_len)
		return -1;
	memcpy(v, u->regs + off, sizeof(*v));
	return 0;
}

static void *upt_of(void *arg)
{
	struct uarg *u = arg;

	return u->magic == UARG_MAGIC ? u->upt : arg;
}

/*
 * The unwind info for ip from the module's .eh_frame_hdr at the load bias
 * found from the maps (module.c), else as _UPT finds it (ARM's .ARM.exidx,
 * a file clonetrace can't read).
 */
static int w_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
			    int need, void *arg)
{
	struct uarg *u = arg;
	const struct pmod *pm = NULL;

	if (u->magic == UARG_MAGIC && sproc_map(u->p, ip, &pm) && pm->mod &&
	    module_find_proc_info(pm->mod, pm->bias, as, ip, pi, need, arg) == 0)
		return 0;
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
	if (u->magic == UARG_MAGIC && u->mem.read(u->mem.ctx, addr, v, sizeof(*v)) == 0)
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

unw_accessors_t uarg_accessors = {
	.find_proc_info = w_find_proc_info,
	.put_unwind_info = w_put_unwind_info,
	.get_dyn_info_list_addr = w_get_dyn_info_list_addr,
	.access_mem = w_access_mem,
	.access_reg = w_access_reg,
	.access_fpreg = w_access_fpreg,
	.resume = w_resume,
	.get_proc_name = w_get_proc_name,
};

int uarg_mem(struct uarg *u, unw_word_t addr, unw_word_t *v)
{
	return w_access_mem(u->as, addr, v, 0, u);
}

int uarg_reg(struct uarg *u, unw_regnum_t reg, unw_word_t *v)
{
	return w_access_reg(u->as, reg, v, 0, u);
}

int uarg_override(struct uarg *u, unw_regnum_t reg, unw_word_t v)
{
	int n;

	for (n = 0; n < u->n_over && u->over[n].reg != reg; n++)
		;
	if (n == UARG_OVER)
		return -1;
	u->over[n].reg = reg;
	u->over[n].v = v;
	if (n == u->n_over)
		u->n_over++;
	return 0;
}
