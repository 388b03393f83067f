/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_PROC_H
#define CLONETRACE_TRACER_STACK_PROC_H

/*
 * What is kept of one traced process between captures (proc.c):
 * libunwind's address space with its register-state cache, the parsed
 * /proc/PID/maps with each mapping's module and load bias, libunwind's
 * names by pc, the frames made (frame.c), and the JIT symbols of
 * /tmp/perf-PID.map.  The maps are re-read when a pc falls outside every
 * known mapping (clonetrace doesn't see mmap), and the frames made from
 * the old ones dropped then; all of it is dropped at exec and death.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <libunwind.h>

#include "tracer/procfs.h"

struct frame_record;
struct modules;
struct module;

#define SYMCACHE 512	/* pcs whose libunwind names are remembered */

/* libunwind's answer for one pc (frame.c) */
struct sym {
	uint64_t pc;
	char *name;	/* NULL: no symbol (or not asked: named) */
	bool named;	/* libunwind was asked for the name */
	uint64_t off;
	bool known;	/* off is from the function's start */
	bool noinfo;	/* libunwind found no unwind info for pc */
};

/* A mapping's module, found at its first use. */
struct pmod {
	struct module *mod;	/* NULL: none (anonymous, not ELF) */
	uint64_t bias;
	bool done;
};

/* A frame made (frame.c): its pc, whether a return address, a reference; f NULL: a free slot. */
struct frame_slot {
	uint64_t pc;
	bool caller;
	struct frame_record *f;
};

/* One line of /tmp/perf-PID.map. */
struct jit_sym {
	uint64_t start, size;
	char *name;
};

struct sproc {
	pid_t tgid;
	unw_addr_space_t as;
	struct modules *mods;	/* all processes' */
	struct proc_map *maps;
	struct pmod *pm;	/* one per map */
	size_t n_maps;
	struct jit_sym *jit;
	size_t n_jit;
	int64_t jit_mtime_ns;	/* of the perf map read; -1 none */
	struct sym syms[SYMCACHE];
	/*
	 * Each frame as frame_new made it, by pc and whether it is a return
	 * address (open addressing): the stacks of one process's calls share
	 * them (a frame is the same for every call through it while the maps
	 * stay).
	 */
	struct frame_slot *frames;
	size_t cap_frames, n_frames;
};

struct sproc *sproc_new(pid_t tgid, struct modules *mods, unw_accessors_t *acc);
void sproc_free(struct sproc *p);
/* The mapping holding pc (the maps re-read once if none does), NULL; *pm its module. */
const struct proc_map *sproc_map(struct sproc *p, uint64_t pc, const struct pmod **pm);
/* The name /tmp/perf-PID.map gives the JIT code at pc, and its start; NULL if none. */
const char *sproc_jit_name(struct sproc *p, uint64_t pc, uint64_t *start);
/* The frame made at pc (caller: as a return address), a new reference; NULL if none is kept. */
struct frame_record *sproc_frame(struct sproc *p, uint64_t pc, bool caller);
/* Keep f as the frame at pc (a reference of its own) until the maps are re-read. */
void sproc_keep_frame(struct sproc *p, uint64_t pc, bool caller, struct frame_record *f);

#endif
