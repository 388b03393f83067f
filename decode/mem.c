/* SPDX-License-Identifier: MIT */
/*
 * Tracee memory as the tracee lays it out: integers in its byte order and
 * width, strings up to a bound.  All reads go through struct ct_mem.
 */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "decode/decode.h"

/* A string is read a page at a time; a read the callback refuses is retried smaller. */
#define CHUNK 4096

uint64_t mem_load_uint(const struct ct_arch *a, const void *p, unsigned width)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (unsigned i = 0; i < width && i < 8; i++) {
		unsigned k = a && a->big_endian ? i : width - 1 - i;

		v = v << 8 | b[k];
	}
	return v;
}

int mem_read_uint(const struct ct_mem *m, const struct ct_arch *a, uint64_t addr,
		  unsigned width, uint64_t *out)
{
	unsigned char b[8];

	if (!m || !m->read || width == 0 || width > 8)
		return -1;
	if (m->read(m->ctx, addr, b, width) < 0)
		return -1;
	*out = mem_load_uint(a, b, width);
	return 0;
}

char *mem_read_str(const struct ct_mem *m, uint64_t addr, size_t max)
{
	return mem_read_str_cut(m, addr, max, NULL);
}

char *mem_read_str_cut(const struct ct_mem *m, uint64_t addr, size_t max, bool *cut)
{
	size_t got = 0, cap = max < CHUNK ? max : CHUNK;
	char *s;

	if (cut)
		*cut = false;
	if (!m || !m->read)
		return NULL;
	/* grown as the string turns out longer: most are short, max may be large */
	s = xmalloc(cap + 1);
	while (got < max) {
		uint64_t at = addr + got;
		size_t len = CHUNK - (size_t)(at % CHUNK);
		char *nul;

		if (at < addr)		/* wrapped past the top of the address space */
			goto fail;
		if (len > max - got)
			len = max - got;
		if (got + len > cap) {
			size_t ncap = cap * 2 > got + len ? cap * 2 : got + len;

			if (ncap > max)
				ncap = max;
			s = xrealloc(s, ncap + 1);
			cap = ncap;
		}
		while (m->read(m->ctx, at, s + got, len) < 0) {
			if (len == 1)
				goto fail;
			len /= 2;
		}
		nul = memchr(s + got, '\0', len);
		if (nul) {
			got = (size_t)(nul - s);
			break;
		}
		got += len;
	}
	if (got == max && cut) {
		char c;

		/* no NUL in max bytes: cut unless the string ends right there */
		*cut = m->read(m->ctx, addr + got, &c, 1) < 0 || c != '\0';
	}
	s[got] = '\0';
	return xrealloc(s, got + 1);
fail:
	free(s);
	return NULL;
}
