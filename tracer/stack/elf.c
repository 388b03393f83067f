/* SPDX-License-Identifier: MIT */
/* The ELF reader: program headers and notes of a tracee's files; see elf.h. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tracer/stack/arch.h"
#include "tracer/stack/elf.h"

/* .eh_frame_hdr encodings libunwind's binary search takes (DW_EH_PE_*) */
#define EH_PE_udata4 0x03
#define EH_PE_sdata4 0x0b
#define EH_PE_pcrel 0x10
#define EH_PE_datarel 0x30
#define EH_HDR_SIZE 12		/* version, 3 encodings, eh_frame_ptr, fde_count */

#if UINTPTR_MAX > 0xffffffffu
#define ELFCLASS_HOST ELFCLASS64
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
#else
#define ELFCLASS_HOST ELFCLASS32
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
#endif

int elf_open(pid_t tgid, const char *path)
{
	char buf[4096];
	int fd;

	snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)tgid, path);
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

/* The .eh_frame_hdr at file offset off: its entry count, if libunwind can search its table. */
static void read_eh_frame_hdr(int fd, const Phdr *ph, struct elf_info *e)
{
	unsigned char h[EH_HDR_SIZE];
	uint32_t count;

	if (ph->p_filesz < EH_HDR_SIZE || pread(fd, h, sizeof(h), (off_t)ph->p_offset) != sizeof(h))
		return;
	/* version 1, a 4-byte eh_frame_ptr, a udata4 count, a datarel sdata4 table */
	if (h[0] != 1 || (h[1] & 0x0f) != EH_PE_sdata4 || h[2] != EH_PE_udata4 ||
	    h[3] != (EH_PE_datarel | EH_PE_sdata4))
		return;
	memcpy(&count, h + 8, sizeof(count));
	if (EH_HDR_SIZE + (uint64_t)count * 8 > ph->p_filesz)
		return;
	e->eh_frame_hdr = ph->p_vaddr;
	e->fde_count = count;
}

/* The notes of a PT_NOTE segment: the GNU build-id, and Go's own build-id note. */
static void read_notes(int fd, const Phdr *ph, struct elf_info *e)
{
	unsigned char buf[4096];
	size_t n = ph->p_filesz < sizeof(buf) ? ph->p_filesz : sizeof(buf), at = 0;

	if (pread(fd, buf, n, (off_t)ph->p_offset) != (ssize_t)n)
		return;
	while (at + 12 <= n) {
		uint32_t namesz, descsz, type;
		size_t name, desc;

		memcpy(&namesz, buf + at, 4);
		memcpy(&descsz, buf + at + 4, 4);
		memcpy(&type, buf + at + 8, 4);
		name = at + 12;
		desc = name + ((namesz + 3) & ~3u);
		if (desc + descsz > n)
			break;
		if (namesz == 4 && !memcmp(buf + name, "GNU", 4) && type == NT_GNU_BUILD_ID &&
		    descsz <= ELF_BUILD_ID_MAX) {
			memcpy(e->build_id, buf + desc, descsz);
			e->build_id_len = descsz;
		} else if ((namesz == 3 || namesz == 4) && !memcmp(buf + name, "Go", 3)) {
			e->go = true;
		}
		at = desc + ((descsz + 3) & ~3u);
	}
}

int elf_read(int fd, struct elf_info *e)
{
	Ehdr h;

	memset(e, 0, sizeof(*e));
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h.e_ident, ELFMAG, SELFMAG) ||
	    h.e_ident[EI_CLASS] != ELFCLASS_HOST || h.e_phentsize != sizeof(Phdr))
		return -1;
	e->type = h.e_type;
	for (unsigned i = 0; i < h.e_phnum; i++) {
		Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(h.e_phoff + (uint64_t)i * sizeof(ph))) != sizeof(ph))
			return -1;
		if (arch_unwind_phdr(ph.p_type))
			e->has_unwind_tables = true;
		if (ph.p_type == PT_LOAD && e->n_load < ELF_LOADS)
			e->load[e->n_load++] = (struct elf_load){ ph.p_vaddr, ph.p_offset, ph.p_filesz,
								  ph.p_memsz, (ph.p_flags & PF_X) != 0 };
		else if (ph.p_type == PT_GNU_EH_FRAME)
			read_eh_frame_hdr(fd, &ph, e);
		else if (ph.p_type == PT_NOTE)
			read_notes(fd, &ph, e);
	}
	return 0;
}
