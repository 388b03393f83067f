/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TESTS_UNIT_TAP_H
#define CLONETRACE_TESTS_UNIT_TAP_H

/*
 * A tiny TAP producer for the unit tests.  Each check prints "ok - NAME"
 * or "not ok - NAME" and, when it fails, "# file:line: expected ... got ...".
 * main() ends with "return tap_done();": 1 if anything failed.
 *
 *   ok(cond, "name %d", i);
 *   is_int(got, want, "name");   is_u64(got, want, "name");
 *   is_str(got, want, "name");   (NULL is a value: "(null)")
 *   is_json(got, "{\"a\": 1}", "name");   (when <jansson.h> came first)
 *   must(call());   must_fail(call());   (a "not ok" only when it goes wrong)
 *
 * Also a fake tracee memory for the decoder's struct ct_mem: a buffer at a
 * base address, unreadable outside [base, base + size).
 */

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failed;

static void tap_line(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%s - ", pass ? "ok" : "not ok");
	vprintf(fmt, ap);
	printf("\n");
}

static __attribute__((format(printf, 4, 5), unused))
int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("# %s:%d: expected true got false\n", file, line);
	return pass;
}

static __attribute__((format(printf, 5, 6), unused))
int tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("# %s:%d: expected %lld got %lld\n", file, line, want, got);
	return pass;
}

static __attribute__((format(printf, 5, 6), unused))
int tap_is_u64(uint64_t got, uint64_t want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("# %s:%d: expected 0x%" PRIx64 " got 0x%" PRIx64 "\n", file, line, want, got);
	return pass;
}

static __attribute__((format(printf, 5, 6), unused))
int tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int pass = (!got && !want) || (got && want && strcmp(got, want) == 0);

	va_start(ap, fmt);
	tap_line(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("# %s:%d: expected \"%s\" got \"%s\"\n", file, line,
		       want ? want : "(null)", got ? got : "(null)");
	return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_u64(got, want, ...) \
	tap_is_u64((uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str(got, want, __FILE__, __LINE__, __VA_ARGS__)
/*
 * A call the test stands on, whose result (CT_MUST_CHECK) it must look at:
 * a "not ok" line when it does not do what the test needs, nothing when it
 * does (the checks that follow say the rest).
 */
#define must(call) do { if ((call) < 0) ok(0, "%s", #call); } while (0)
#define must_fail(call) do { if ((call) >= 0) ok(0, "%s fails", #call); } while (0)

#ifdef JANSSON_H
/* got (not consumed) equals the JSON text want, compared as JSON values. */
static __attribute__((format(printf, 5, 6), unused))
int tap_is_json(const json_t *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	json_error_t err;
	json_t *w = json_loads(want, JSON_DECODE_ANY, &err);
	int pass = w && got && json_equal((json_t *)got, w);
	va_list ap;

	va_start(ap, fmt);
	tap_line(pass, fmt, ap);
	va_end(ap);
	if (!w) {
		printf("# %s:%d: bad expected JSON: %s\n", file, line, err.text);
	} else if (!pass) {
		char *g = got ? json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		char *e = json_dumps(w, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);

		printf("# %s:%d: expected %s got %s\n", file, line, e ? e : "?", g ? g : "(null)");
		free(g);
		free(e);
	}
	json_decref(w);
	return pass;
}
#define is_json(got, want, ...) tap_is_json(got, want, __FILE__, __LINE__, __VA_ARGS__)
#endif

static __attribute__((unused)) int tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

/* Fake tracee memory. */
#define FAKEMEM_CAP (512 * 1024)	/* room for argv past CT_ARGV_BYTES */

struct fakemem {
	uint64_t base;
	size_t size;		/* readable bytes from base */
	size_t used;		/* bytes handed out by fakemem_alloc() */
	int big_endian;
	unsigned char buf[FAKEMEM_CAP];
};

static __attribute__((unused)) int fakemem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct fakemem *m = ctx;
	uint64_t off = addr - m->base;

	if (addr < m->base || off > m->size || len > m->size - off)
		return -1;
	memcpy(buf, m->buf + off, len);
	return 0;
}

static __attribute__((unused)) void fakemem_init(struct fakemem *m, uint64_t base, int big_endian)
{
	memset(m, 0, sizeof(*m));
	m->base = base;
	m->size = FAKEMEM_CAP;
	m->big_endian = big_endian;
}

/* Room for len bytes (zeroed), aligned to 8; its tracee address. */
static __attribute__((unused)) uint64_t fakemem_alloc(struct fakemem *m, size_t len)
{
	uint64_t at;

	m->used = (m->used + 7) & ~(size_t)7;
	if (len > FAKEMEM_CAP - m->used) {
		fprintf(stderr, "fakemem: out of room\n");
		abort();
	}
	at = m->base + m->used;
	m->used += len;
	return at;
}

/* Stores v as a width-byte integer at addr in the fake tracee's byte order. */
static __attribute__((unused)) void fakemem_put(struct fakemem *m, uint64_t addr, uint64_t v, unsigned width)
{
	unsigned char *p = m->buf + (addr - m->base);

	for (unsigned i = 0; i < width; i++) {
		unsigned shift = 8 * (m->big_endian ? width - 1 - i : i);

		p[i] = (unsigned char)(v >> shift);
	}
}

static __attribute__((unused)) uint64_t fakemem_str(struct fakemem *m, const char *s)
{
	size_t n = strlen(s) + 1;
	uint64_t at = fakemem_alloc(m, n);

	memcpy(m->buf + (at - m->base), s, n);
	return at;
}

/* An array of n pointers of wordsize bytes (the last one usually 0). */
static __attribute__((unused)) uint64_t fakemem_ptrs(struct fakemem *m, unsigned wordsize,
						     const uint64_t *p, size_t n)
{
	uint64_t at = fakemem_alloc(m, n * wordsize);

	for (size_t i = 0; i < n; i++)
		fakemem_put(m, at + i * wordsize, p[i], wordsize);
	return at;
}

#endif
