/* SPDX-License-Identifier: MIT */
/* A Go program's pclntab, found in its file; see gosyms.h. */
#include <elf.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "tracer/stack/gosyms.h"

#if UINTPTR_MAX > 0xffffffffu
#define ELFCLASS_HOST ELFCLASS64
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
typedef Elf64_Shdr Shdr;
#else
#define ELFCLASS_HOST ELFCLASS32
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
typedef Elf32_Shdr Shdr;
#endif

struct gosyms {
	const unsigned char *file;	/* mapped whole, read-only */
	size_t size;
	const Phdr *ph;
	unsigned n_ph;
	struct gopclntab tab;
};

/* n bytes of the file at offset off, or NULL. */
static const unsigned char *file_at(const struct gosyms *g, uint64_t off, uint64_t n)
{
	return off <= g->size && n <= g->size - off ? g->file + off : NULL;
}

/* The program's bytes at addr, from the PT_LOAD segment holding them in the file (go_image). */
static const unsigned char *image_at(void *ctx, uint64_t addr, uint64_t n)
{
	const struct gosyms *g = ctx;

	for (unsigned i = 0; i < g->n_ph; i++) {
		const Phdr *p = &g->ph[i];

		if (p->p_type == PT_LOAD && addr >= p->p_vaddr && addr - p->p_vaddr <= p->p_filesz &&
		    n <= p->p_filesz - (addr - p->p_vaddr))
			return file_at(g, p->p_offset + (addr - p->p_vaddr), n);
	}
	return NULL;
}

/* Whether the section name at off of the section name table names is want. */
static bool named(const struct gosyms *g, const Shdr *names, uint64_t off, const char *want)
{
	const unsigned char *p = file_at(g, names->sh_offset + off, strlen(want) + 1);

	return off < names->sh_size && p && !memcmp(p, want, strlen(want) + 1);
}

/* The table in the section the Go linker names (.data.rel.ro.gopclntab in a PIE): 0, or -1. */
static int by_section(struct gosyms *g, const Ehdr *h, struct go_image img)
{
	const Shdr *sh = (const Shdr *)file_at(g, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Shdr)), *names;

	if (!sh || h->e_shentsize != sizeof(Shdr) || h->e_shstrndx >= h->e_shnum)
		return -1;
	names = &sh[h->e_shstrndx];
	for (unsigned i = 0; i < h->e_shnum; i++) {
		const unsigned char *tab = file_at(g, sh[i].sh_offset, sh[i].sh_size);

		if (tab && sh[i].sh_type == SHT_PROGBITS && (named(g, names, sh[i].sh_name, ".gopclntab") ||
							      named(g, names, sh[i].sh_name, ".data.rel.ro.gopclntab")))
			return gopclntab_init(&g->tab, tab, sh[i].sh_size, sh[i].sh_addr, img);
	}
	return -1;
}

/*
 * Else the table by its header, in a segment that is not code: an
 * external linker merges .gopclntab of a PIE into .data.rel.ro, and
 * sstrip drops the section headers.  The Go linker aligns it to a word
 * at least, and gopclntab_init() checks every offset the header holds.
 */
static int by_header(struct gosyms *g, struct go_image img)
{
	static const unsigned char le[4] = { 0xf0, 0xff, 0xff, 0xff }, be[4] = { 0xff, 0xff, 0xff, 0xf0 };
	unsigned w = sizeof(void *);

	for (unsigned i = 0; i < g->n_ph; i++) {
		const Phdr *p = &g->ph[i];
		const unsigned char *seg = file_at(g, p->p_offset, p->p_filesz);

		if (p->p_type != PT_LOAD || (p->p_flags & PF_X) || !seg)
			continue;
		for (uint64_t off = (w - p->p_vaddr % w) % w; off + 16 <= p->p_filesz; off += w)
			/* 0xfffffff0 and 0xfffffff1 (Go 1.18 on), 0xfffffffa and 0xfffffffb */
			if ((!memcmp(seg + off + 1, le + 1, 3) && (seg[off] & 0xf0) == 0xf0) ||
			    (!memcmp(seg + off, be, 3) && (seg[off + 3] & 0xf0) == 0xf0))
				if (gopclntab_init(&g->tab, seg + off, p->p_filesz - off, p->p_vaddr + off, img) == 0)
					return 0;
	}
	return -1;
}

/* Go 1.18 on: where go:func.* is, from the moduledata in a writable segment. */
static void find_gofunc(struct gosyms *g)
{
	for (unsigned i = 0; i < g->n_ph; i++) {
		const Phdr *p = &g->ph[i];
		const unsigned char *seg = file_at(g, p->p_offset, p->p_filesz);

		if (p->p_type == PT_LOAD && (p->p_flags & PF_W) && seg &&
		    gopclntab_find_gofunc(&g->tab, seg, p->p_filesz))
			return;
	}
}

struct gosyms *gosyms_open(const char *path)
{
	struct gosyms *g = xcalloc(1, sizeof(*g));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const Ehdr *h;
	void *m;

	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(Ehdr) ||
	    (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		goto fail;
	g->file = m;
	g->size = (size_t)st.st_size;
	close(fd);
	fd = -1;
	h = (const Ehdr *)g->file;
	if (memcmp(h->e_ident, ELFMAG, SELFMAG) || h->e_ident[EI_CLASS] != ELFCLASS_HOST ||
	    h->e_phentsize != sizeof(Phdr) ||
	    !(g->ph = (const Phdr *)file_at(g, h->e_phoff, (uint64_t)h->e_phnum * sizeof(Phdr))))
		goto fail;
	g->n_ph = h->e_phnum;
	if (by_section(g, h, (struct go_image){ image_at, g }) < 0 && by_header(g, (struct go_image){ image_at, g }) < 0)
		goto fail;
	find_gofunc(g);
	return g;
fail:
	if (fd >= 0)
		close(fd);
	gosyms_free(g);
	return NULL;
}

void gosyms_free(struct gosyms *g)
{
	if (!g)
		return;
	if (g->file)
		munmap((void *)g->file, g->size);
	free(g);
}

int gosyms_frames(const struct gosyms *g, uint64_t addr, struct go_frame *out, int max, uint64_t *entry)
{
	return gopclntab_frames(&g->tab, addr, out, max, entry);
}
