/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_MODULE_H
#define CLONETRACE_TRACER_STACK_MODULE_H

/*
 * The files tracees run code from (module.c): each read once for all
 * processes (by device and inode), with where a mapping of it puts its
 * addresses (the load bias) and the unwind info libunwind is given for it.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <libunwind.h>

#include "tracer/procfs.h"
#include "tracer/stack/elf.h"

struct gosyms;
struct symbols;

struct module {
	dev_t dev;
	ino_t ino;
	int64_t size, mtime_ns;
	char *path;			/* as the first process to map it named it */
	struct elf_info elf;
	char build_id[2 * ELF_BUILD_ID_MAX + 1];	/* hex; "" if it has none */
	struct module *named;		/* the first module of the same build-id: whose syms name this one */
	struct symbols *syms;		/* symbols.c's, made at the first look-up */
	bool syms_failed;
	struct gosyms *go;		/* a Go program's pclntab (gosyms.c), read at the first look-up */
	bool go_failed;
	struct module *next;
};

struct modules;

struct modules *modules_new(void);
void modules_free(struct modules *ms);
/* Complete every frame waiting for a module's DWARF (symbols.h). */
void modules_settle(struct modules *ms);
/* The module of the file path as process tgid sees it; NULL if it is no ELF file of the host's. */
struct module *module_get(struct modules *ms, pid_t tgid, const char *path);
/* The pclntab of Go program mod, opened as open_path at the first call; NULL if it has none. */
struct gosyms *module_go(struct module *mod, const char *open_path);
/*
 * The load bias of mapping m of module mod: what is added to the file's
 * addresses (p_vaddr, symbols) to give the process's.  0, or -1 if no
 * PT_LOAD segment maps m's file offset.
 */
int module_bias(const struct module *mod, const struct proc_map *m, uint64_t *bias);
/*
 * libunwind's find_proc_info for ip in mod at bias, from its .eh_frame_hdr
 * as it lies in the process; -UNW_ENOINFO where it has none.  (libunwind
 * 1.6.2's own takes the wrong segment for the bias when two PT_LOAD
 * segments start in the same page, as lld lays them out.)
 */
int module_find_proc_info(const struct module *mod, uint64_t bias, unw_addr_space_t as,
			  unw_word_t ip, unw_proc_info_t *pi, int need, void *arg);

#endif
