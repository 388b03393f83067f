/* SPDX-License-Identifier: MIT */
/* Names, source lines and inlined calls of module addresses with libdwfl; see symbols.h. */
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "format/record.h"
#include "tracer/stack/demangle.h"
#include "tracer/stack/module.h"
#include "tracer/stack/symbols.h"

struct entry {
	uint64_t addr;
	bool used;
	bool lines;	/* r's file, line and inlined looked up */
	struct symres r;
};

/*
 * A module's DWARF: libdw decompresses a debug file's sections whole when
 * it opens them (libc's: 4 MB to some 20, a tenth of a second or more), so
 * a thread of its own opens them, on a Dwfl of its own, while the tracer
 * goes on; the tracer's thread takes the Dwfl over once the thread ended.
 * The file is opened before (through /proc/PID/root, gone with the
 * process), and the thread is for modules with a build-id only, whose
 * debug file is found by it in the tracer's /usr/lib/debug: one without
 * is looked for by .gnu_debuglink beside the file, while it can be.
 */
struct dwarf_load {
	pthread_t thread;
	bool joined;
	atomic_bool done;
	char *open_path;
	int fd;
	Dwfl *dwfl;
	Dwfl_Module *mod;
};

/* A frame waiting for the DWARF: its file, line and inlined calls of addr. */
struct pending {
	struct frame_record *frame;	/* a reference */
	uint64_t addr;
};

struct symbols {
	Dwfl *dwfl;		/* the symbol tables, the tracer's thread's */
	Dwfl_Module *mod;
	struct dwarf_load dw;
	struct pending *pend;
	size_t n_pend, cap_pend;
	struct entry *tab;	/* open addressing by addr */
	size_t cap, n;
};

/*
 * The separate debug file by build-id in /usr/lib/debug/.build-id only:
 * dwfl_standard_find_debuginfo would also ask a debuginfod server (where
 * DEBUGINFOD_URLS is set) from inside the trace loop.  Without a build-id,
 * the standard search (.gnu_debuglink), which never asks one.
 */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
			  const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
			  char **debuginfo_file_name)
{
	const unsigned char *id;
	GElf_Addr vaddr;
	int fd = dwfl_build_id_find_debuginfo(mod, userdata, modname, base, file_name, debuglink_file,
					      debuglink_crc, debuginfo_file_name);

	if (fd >= 0 || dwfl_module_build_id(mod, &id, &vaddr) > 0)
		return fd;
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name, debuglink_file,
					    debuglink_crc, debuginfo_file_name);
}

static char *debuginfo_path;
static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

/*
 * A Dwfl of the one file open_path (read from fd, which it takes, unless
 * -1), at bias 0: the module's addresses are the file's own.
 */
static Dwfl_Module *report(Dwfl **dwfl, const char *open_path, int fd)
{
	const char *base = strrchr(open_path, '/');
	Dwfl_Module *mod = NULL;

	*dwfl = dwfl_begin(&callbacks);
	if (*dwfl) {
		dwfl_report_begin(*dwfl);
		mod = dwfl_report_elf(*dwfl, base ? base + 1 : open_path, open_path, fd, 0, false);
		dwfl_report_end(*dwfl, NULL, NULL);
	}
	if (!mod && fd >= 0)
		close(fd);
	return mod;
}

static void *load_dwarf(void *arg)
{
	struct dwarf_load *d = arg;
	Dwarf_Addr bias;

	/* the DWARF, and the table of its units' address ranges */
	if (d->fd >= 0 && (d->mod = report(&d->dwfl, d->open_path, d->fd)))
		dwfl_module_addrdie(d->mod, 0, &bias);
	d->fd = -1;
	atomic_store(&d->done, true);
	return NULL;
}

static struct symbols *symbols_new(const char *open_path, bool thread)
{
	struct symbols *s = xcalloc(1, sizeof(*s));

	s->dw.joined = true;
	if (!(s->mod = report(&s->dwfl, open_path, -1))) {
		symbols_free(s);
		return NULL;
	}
	s->dw.open_path = xstrdup(open_path);
	s->dw.fd = open(open_path, O_RDONLY | O_CLOEXEC);
	atomic_init(&s->dw.done, false);
	s->dw.joined = false;
	/* else loaded here and now */
	if (!thread || pthread_create(&s->dw.thread, NULL, load_dwarf, &s->dw) != 0) {
		load_dwarf(&s->dw);
		s->dw.joined = true;
	}
	return s;
}

/* The module's DWARF once loaded (wait: wait for it); NULL while it is not, or if it has none. */
static Dwfl_Module *dwarf_of(struct symbols *s, bool wait)
{
	if (!s->dw.joined) {
		if (!wait && !atomic_load(&s->dw.done))
			return NULL;
		pthread_join(s->dw.thread, NULL);
		s->dw.joined = true;
	}
	return s->dw.mod;
}

void symbols_free(struct symbols *s)
{
	if (!s)
		return;
	dwarf_of(s, true);
	for (size_t i = 0; i < s->n_pend; i++)
		frame_record_unref(s->pend[i].frame);
	free(s->pend);
	for (size_t i = 0; i < s->cap; i++)
		if (s->tab[i].used) {
			free(s->tab[i].r.function);
			free(s->tab[i].r.file);
			for (int k = 0; k < s->tab[i].r.n_inlined; k++) {
				free(s->tab[i].r.inlined[k].function);
				free(s->tab[i].r.inlined[k].file);
			}
			free(s->tab[i].r.inlined);
		}
	free(s->tab);
	if (s->dw.dwfl)
		dwfl_end(s->dw.dwfl);
	free(s->dw.open_path);
	if (s->dwfl)
		dwfl_end(s->dwfl);
	free(s);
}

static char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &a));

	if (!n)
		n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &a));
	if (n)
		return demangle_symbol(n);
	n = dwarf_diename(die);
	return n ? xstrdup(n) : NULL;
}

/* A call inlined at r's address, taking function; its place only where file and line are known. */
static void inlined_add(struct symres *r, char *function, const char *file, int line)
{
	struct inlined_record *v = xreallocarray(r->inlined, (size_t)r->n_inlined + 1, sizeof(*v));

	r->inlined = v;
	v[r->n_inlined++] = (struct inlined_record){
		.function = function,
		.file = file && line > 0 ? xstrdup(file) : NULL,
		.line = line,
	};
}

/*
 * The compile unit holding addr, found by .debug_aranges where there are
 * some; clang makes none, and libdw 0.188 then finds nothing, so the units'
 * own address ranges are searched.
 */
static Dwarf_Die *cu_of(Dwfl_Module *mod, uint64_t addr, Dwarf_Die *mem, Dwarf_Addr *bias)
{
	Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, bias);
	Dwarf *dw;
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (cu || !(dw = dwfl_module_getdwarf(mod, bias)))
		return cu;
	for (; dwarf_next_unit(dw, off, &next, &hsize, NULL, NULL, NULL, NULL, NULL, NULL) == 0; off = next)
		if (dwarf_offdie(dw, off + hsize, mem) && dwarf_haspc(mem, addr - *bias) > 0)
			return mem;
	return NULL;
}

/*
 * A source file's name as the line table gives it, made absolute with the
 * unit's compilation directory where it is relative (clang's DWARF 5 names
 * files relative to it), as binutils' addr2line does.
 */
static char *source_path(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute a;
	const char *dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &a));

	/* a relative directory (glibc's reproducible build) is already in file */
	if (file[0] == '/' || !dir || dir[0] != '/')
		return xstrdup(file);
	while (!strncmp(file, "./", 2))
		file += 2;
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", file);
}

/* DIEs without addresses of their own that may hold functions (a Rust function's namespaces). */
static bool holds_functions(int tag)
{
	return tag == DW_TAG_namespace || tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
	       tag == DW_TAG_union_type || tag == DW_TAG_enumeration_type || tag == DW_TAG_interface_type ||
	       tag == DW_TAG_module;
}

/* Appends to *v the DIEs under parent that hold at, outermost first; whether it found one. */
static bool nested(Dwarf_Die *parent, Dwarf_Addr at, Dwarf_Die **v, int *n, int *cap)
{
	Dwarf_Die c;

	if (dwarf_child(parent, &c) != 0)
		return false;
	do {
		if (holds_functions(dwarf_tag(&c))) {
			if (nested(&c, at, v, n, cap))
				return true;
		} else if (dwarf_haspc(&c, at) > 0) {
			*v = xgrow(*v, cap, *n + 1, sizeof(**v));
			(*v)[(*n)++] = c;
			nested(&c, at, v, n, cap);
			return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

/*
 * The scopes holding at in cu, innermost first, as dwarf_getscopes gives
 * them (in *scopes, to free): their number.  libdw 0.188's looks for them
 * only under DIEs that hold addresses themselves, and a namespace holds
 * none: Rust nests every function in its namespaces (std, rt,
 * lang_start_internal), where it finds nothing, so they are searched
 * through namespaces and types too.
 */
static int scopes_of(Dwarf_Die *cu, Dwarf_Addr at, Dwarf_Die **scopes)
{
	int n = dwarf_getscopes(cu, at, scopes), cap = 0;

	for (int i = 0; i < n; i++)
		if (dwarf_tag(&(*scopes)[i]) == DW_TAG_subprogram)
			return n;
	free(*scopes);
	*scopes = NULL;
	n = 0;
	nested(cu, at, scopes, &n, &cap);
	for (int i = 0; i < n / 2; i++) {
		Dwarf_Die t = (*scopes)[i];

		(*scopes)[i] = (*scopes)[n - 1 - i];
		(*scopes)[n - 1 - i] = t;
	}
	return n;
}

/*
 * The calls inlined at addr, innermost first, each with where in it addr
 * is; r->file and r->line become where in the real function the outermost
 * one was called.
 */
static void inlined(Dwarf_Die *cu, Dwarf_Addr at, struct symres *r)
{
	Dwarf_Die *scopes = NULL;
	Dwarf_Files *files = NULL;
	size_t n_files = 0;
	int n = scopes_of(cu, at, &scopes);
	char *file = r->file;
	int line = r->line;

	dwarf_getsrcfiles(cu, &files, &n_files);
	for (int i = 0; i < n && dwarf_tag(&scopes[i]) != DW_TAG_subprogram; i++) {
		Dwarf_Attribute a;
		Dwarf_Word f = 0, l = 0;
		const char *cf;

		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			continue;
		inlined_add(r, die_name(&scopes[i]), file, line);
		dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &a), &f);
		dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &a), &l);
		cf = files && f < n_files ? dwarf_filesrc(files, f, NULL, NULL) : NULL;
		if (file != r->file)
			free(file);
		file = cf ? source_path(cu, cf) : NULL;
		line = (int)l;
	}
	free(scopes);
	if (file != r->file) {
		free(r->file);
		r->file = file;
		r->line = line;
	}
}

/* The function holding addr, from the symbol tables. */
static void resolve_function(struct symbols *s, uint64_t addr, struct symres *r)
{
	GElf_Off off = 0;
	GElf_Sym sym;
	const char *name = dwfl_module_addrinfo(s->mod, addr, &off, &sym, NULL, NULL, NULL);

	/* a symbol without a size is only the nearest one below: not known to hold addr */
	if (name && sym.st_size > 0 && off < sym.st_size) {
		r->function = demangle_symbol(name);
		r->start = addr - off;
	}
}

/* The source line of addr and the calls inlined there, from the DWARF of mod. */
static void resolve_lines(Dwfl_Module *mod, uint64_t addr, struct symres *r)
{
	Dwarf_Die mem, *cu;
	Dwarf_Addr bias = 0;
	Dwarf_Line *l;
	const char *file;

	if (!(cu = cu_of(mod, addr, &mem, &bias)))
		return;
	if ((l = dwarf_getsrc_die(cu, addr - bias)) && (file = dwarf_linesrc(l, NULL, NULL)) &&
	    dwarf_lineno(l, &r->line) == 0 && r->line > 0)
		r->file = source_path(cu, file);
	inlined(cu, addr - bias, r);
}

static struct entry *slot(struct symbols *s, uint64_t addr)
{
	size_t i = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 20) & (s->cap - 1);

	while (s->tab[i].used && s->tab[i].addr != addr)
		i = (i + 1) & (s->cap - 1);
	return &s->tab[i];
}

static void grow(struct symbols *s)
{
	struct symbols old = *s;

	s->cap = s->cap ? s->cap * 2 : 256;
	s->tab = xcalloc(s->cap, sizeof(*s->tab));
	for (size_t i = 0; i < old.cap; i++)
		if (old.tab[i].used)
			*slot(s, old.tab[i].addr) = old.tab[i];
	free(old.tab);
}

const struct symres *symbols_lookup(struct module *m, const char *open_path, uint64_t addr)
{
	struct symbols *s;
	struct entry *e;

	if (!m->syms && !m->syms_failed && !(m->syms = symbols_new(open_path, m->build_id[0] != '\0')))
		m->syms_failed = true;
	s = m->syms;
	if (!s)
		return NULL;
	if ((s->n + 1) * 4 > s->cap * 3)
		grow(s);
	e = slot(s, addr);
	if (!e->used) {
		e->used = true;
		e->addr = addr;
		resolve_function(s, addr, &e->r);
		s->n++;
	}
	return &e->r;
}

/* The file, line and inlined calls of addr (looked up in dw) set in frame f. */
static void lines_set(struct symbols *s, Dwfl_Module *dw, uint64_t addr, struct frame_record *f)
{
	struct entry *e = slot(s, addr);

	if (!e->used)
		return;
	if (!e->lines && dw)
		resolve_lines(dw, addr, &e->r);
	e->lines = true;
	if (e->r.file) {
		f->file = xstrdup(e->r.file);
		f->line = e->r.line;
	}
	for (int i = 0; i < e->r.n_inlined; i++) {
		const struct inlined_record *in = &e->r.inlined[i];

		frame_record_add_inlined(f, in->function, in->file, in->line);
	}
}

void symbols_lines(struct module *m, uint64_t addr, struct frame_record *f)
{
	struct symbols *s = m->syms;

	if (!s || !s->cap)
		return;
	if (s->dw.joined || atomic_load(&s->dw.done)) {
		lines_set(s, dwarf_of(s, true), addr, f);
		return;
	}
	if (s->n_pend == s->cap_pend) {
		s->cap_pend = s->cap_pend ? 2 * s->cap_pend : 16;
		s->pend = xreallocarray(s->pend, s->cap_pend, sizeof(*s->pend));
	}
	s->pend[s->n_pend++] = (struct pending){ .frame = frame_record_ref(f), .addr = addr };
}

void symbols_settle(struct symbols *s)
{
	Dwfl_Module *dw;

	if (!s)
		return;
	dw = dwarf_of(s, true);
	for (size_t i = 0; i < s->n_pend; i++) {
		lines_set(s, dw, s->pend[i].addr, s->pend[i].frame);
		frame_record_unref(s->pend[i].frame);
	}
	s->n_pend = 0;
}
