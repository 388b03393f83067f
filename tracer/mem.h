/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_MEM_H
#define CLONETRACE_TRACER_MEM_H

/* Tracee memory (mem.c): process_vm_readv and process_vm_writev. */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode/decode.h"

/* A reader of *tid's memory for decode/ (tid must outlive it). */
struct ct_mem mem_for(pid_t *tid);

/* Blocks of one stopped task's memory, read once each while it stays stopped. */
#define MEM_BLOCK 4096
#define MEM_BLOCKS 4
struct mem_pages {
	pid_t tid;
	int n, next;
	uint64_t base[MEM_BLOCKS];
	unsigned char block[MEM_BLOCKS][MEM_BLOCK];
};
/* A reader of tid's memory through p (valid until tid runs again). */
struct ct_mem mem_paged(struct mem_pages *p, pid_t tid);
/* 0, or -1 when the memory can't be read or written. */
int mem_read_u32(pid_t tid, uint64_t addr, uint32_t *v);
int mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

#endif
