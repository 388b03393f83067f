/*
 * Tracee memory as the tracee lays it out: integers in its byte order and
 * width, strings up to a bound.  All reads go through struct ct_mem.
 */
#include <stdlib.h>
#include <string.h>

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
	size_t got = 0;
	char *s, *r;

	if (!m || !m->read)
		return NULL;
	s = malloc(max + 1);
	if (!s)
		return NULL;
	while (got < max) {
		uint64_t at = addr + got;
		size_t len = CHUNK - (size_t)(at % CHUNK);
		char *nul;

		if (at < addr)		/* wrapped past the top of the address space */
			goto fail;
		if (len > max - got)
			len = max - got;
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
	s[got] = '\0';
	r = realloc(s, got + 1);
	return r ? r : s;
fail:
	free(s);
	return NULL;
}
