/* The ELF reader: program headers of a tracee's files; see elf.h. */
#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tracer/stack/arch.h"
#include "tracer/stack/elf.h"

int elf_has_unwind_tables(pid_t tgid, const char *path)
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
			else if (arch_unwind_phdr(type))
				r = 1;
		}
	}
	close(fd);
	return r;
}
