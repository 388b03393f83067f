/* SPDX-License-Identifier: MIT */
/* The files tracees run code from, read once; see module.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "tracer/stack/gosyms.h"
#include "tracer/stack/module.h"
#include "tracer/stack/symbols.h"

/* libunwind's binary search of an .eh_frame_hdr table in the process (not in its public headers) */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as, unw_word_t ip, unw_dyn_info_t *di,
					      unw_proc_info_t *pi, int need_unwind_info, void *arg);

struct modules {
	struct module *first;
};

struct modules *modules_new(void)
{
	return xcalloc(1, sizeof(struct modules));
}

void modules_free(struct modules *ms)
{
	struct module *m, *next;

	if (!ms)
		return;
	for (m = ms->first; m; m = next) {
		next = m->next;
		symbols_free(m->syms);
		gosyms_free(m->go);
		free(m->path);
		free(m);
	}
	free(ms);
}

void modules_settle(struct modules *ms)
{
	for (struct module *m = ms ? ms->first : NULL; m; m = m->next)
		symbols_settle(m->syms);
}

struct module *module_get(struct modules *ms, pid_t tgid, const char *path)
{
	char buf[4096];
	struct module *m;
	struct stat st;
	int fd;

	snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)tgid, path);
	if (stat(buf, &st) < 0)
		return NULL;
	for (m = ms->first; m; m = m->next)
		if (m->dev == st.st_dev && m->ino == st.st_ino && m->size == st.st_size &&
		    m->mtime_ns == (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec)
			return m->elf.n_load ? m : NULL;
	m = xcalloc(1, sizeof(*m));
	m->path = xstrdup(path);
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->size = st.st_size;
	m->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	fd = elf_open(tgid, path);
	/* a file that is no ELF file is remembered too, with no segments */
	if (fd < 0 || elf_read(fd, &m->elf) < 0)
		memset(&m->elf, 0, sizeof(m->elf));
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < m->elf.build_id_len; i++)
		snprintf(m->build_id + 2 * i, 3, "%02x", m->elf.build_id[i]);
	/* the same code at another path (a copy, a container's): named once */
	m->named = m;
	for (struct module *o = ms->first; o && m->build_id[0]; o = o->next)
		if (!strcmp(o->build_id, m->build_id)) {
			m->named = o->named;
			break;
		}
	m->next = ms->first;
	ms->first = m;
	return m->elf.n_load ? m : NULL;
}

struct gosyms *module_go(struct module *mod, const char *open_path)
{
	if (mod->elf.go && !mod->go && !mod->go_failed && !(mod->go = gosyms_open(open_path)))
		mod->go_failed = true;
	return mod->go;
}

int module_bias(const struct module *mod, const struct proc_map *m, uint64_t *bias)
{
	uint64_t pg = (uint64_t)sysconf(_SC_PAGESIZE);
	const struct elf_load *best = NULL;

	/*
	 * The kernel maps each PT_LOAD from its page-aligned offset to its
	 * page-aligned address; a mapping may also be a later part of one
	 * (RELRO's mprotect splits it).  Where two segments share the page of
	 * m's offset (lld), the one of m's permission is it.
	 */
	for (int i = 0; i < mod->elf.n_load; i++) {
		const struct elf_load *l = &mod->elf.load[i];

		if ((l->offset & -pg) > m->offset || m->offset >= l->offset + (l->filesz ? l->filesz : 1))
			continue;
		if (!best || (l->exec == m->exec && best->exec != m->exec))
			best = l;
	}
	if (!best)
		return -1;
	*bias = m->start - m->offset + (best->offset & -pg) - (best->vaddr & -pg);
	return 0;
}

int module_find_proc_info(const struct module *mod, uint64_t bias, unw_addr_space_t as,
			  unw_word_t ip, unw_proc_info_t *pi, int need, void *arg)
{
	unw_dyn_info_t di = { .format = UNW_INFO_FORMAT_REMOTE_TABLE };
	const struct elf_load *text = NULL;

	if (!mod->elf.eh_frame_hdr)
		return -UNW_ENOINFO;
	for (int i = 0; i < mod->elf.n_load; i++) {
		const struct elf_load *l = &mod->elf.load[i];

		if (l->exec && ip >= bias + l->vaddr && ip < bias + l->vaddr + l->memsz)
			text = l;
	}
	if (!text)
		return -UNW_ENOINFO;
	di.start_ip = bias + text->vaddr;
	di.end_ip = bias + text->vaddr + text->memsz;
	/* the table's entries are relative to the .eh_frame_hdr (DW_EH_PE_datarel) */
	di.u.rti.segbase = bias + mod->elf.eh_frame_hdr;
	di.u.rti.table_data = di.u.rti.segbase + 12;
	di.u.rti.table_len = mod->elf.fde_count * 8 / sizeof(unw_word_t);
	return UNW_OBJ(dwarf_search_unwind_table)(as, ip, &di, pi, need, arg);
}
