/* SPDX-License-Identifier: MIT */
/* Reading tracee memory for the decoder: process_vm_readv, directly or a block at a time. */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "decode/decode.h"
#include "tracer/mem.h"

static int vm_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	pid_t tid = *(pid_t *)ctx;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t r;

	if (len == 0)
		return 0;
	r = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return r == (ssize_t)len ? 0 : -1;
}

struct ct_mem mem_for(pid_t *tid)
{
	struct ct_mem m = { vm_read, tid };

	return m;
}

/*
 * Through the pages: each 4 KiB-aligned block a read touches is fetched
 * whole, once, so an execve's argv array and strings, read a word and a
 * string at a time by decode/, take a syscall or two instead of two per
 * argument.  4 KiB-aligned blocks lie within one page of any size Linux
 * uses, so a block is readable when any byte of it is; one that isn't
 * falls back to reading just what was asked.
 */
static int paged_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct mem_pages *p = ctx;
	unsigned char *out = buf;

	while (len > 0) {
		uint64_t base = addr & ~(uint64_t)(MEM_BLOCK - 1);
		size_t off = (size_t)(addr - base), n = MEM_BLOCK - off;
		int i;

		if (n > len)
			n = len;
		for (i = 0; i < p->n && p->base[i] != base; i++)
			;
		if (i == p->n) {
			i = p->n < MEM_BLOCKS ? p->n++ : p->next++ % MEM_BLOCKS;
			p->base[i] = base;
			if (vm_read(&p->tid, base, p->block[i], MEM_BLOCK) < 0) {
				p->base[i] = 1;		/* not a block address: never matches */
				return vm_read(&p->tid, addr, out, len);
			}
		}
		memcpy(out, p->block[i] + off, n);
		out += n;
		addr += n;
		len -= n;
	}
	return 0;
}

struct ct_mem mem_paged(struct mem_pages *p, pid_t tid)
{
	struct ct_mem m = { paged_read, p };

	p->tid = tid;
	p->n = p->next = 0;
	return m;
}

int mem_read_u32(pid_t tid, uint64_t addr, uint32_t *v)
{
	return vm_read(&tid, addr, v, sizeof(*v));
}

int mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	return process_vm_writev(tid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}
