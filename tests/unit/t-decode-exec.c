/* SPDX-License-Identifier: MIT */
/* execve and execveat: path and argv from fake tracee memory, every architecture. */
#include "decode/decode.h"
#include "names/compat.h"
#include "tests/unit/tap.h"

static struct fakemem fm;

static void reset(const struct ct_arch *a)
{
	fakemem_init(&fm, a->wordsize == 4 ? 0x80000000u : 0x555555554000ULL, a->big_endian);
}

/* argv as the tracee has it: pointers of its width and byte order, NULL-ended. */
static uint64_t put_argv(const struct ct_arch *a, const char *const *args, size_t n)
{
	static uint64_t p[2100];

	for (size_t i = 0; i < n; i++)
		p[i] = fakemem_str(&fm, args[i]);
	p[n] = 0;
	return fakemem_ptrs(&fm, a->wordsize, p, n + 1);
}

static int do_execve(const struct ct_arch *a, uint64_t path, uint64_t argv, struct ct_call *c)
{
	struct ct_mem mem = { fakemem_read, &fm };
	uint64_t r[6] = { path, argv, 0, 0, 0, 0 };

	return decode_call(a, a->nr[CT_SYS_EXECVE], r, &mem, c);
}

static void test_execve(const struct ct_arch *a)
{
	static const char *const args[] = { "ls", "-l", "/tmp dir", "" };
	const char *n = a->name;
	struct ct_call c;
	uint64_t path, argv;

	reset(a);
	path = fakemem_str(&fm, "/bin/ls");
	argv = put_argv(a, args, 4);
	if (!is_int(do_execve(a, path, argv, &c), 0, "%s 0x%08x: execve decodes", n, a->audit_arch))
		return;
	is_int(c.sysc, CT_SYS_EXECVE, "%s: execve", n);
	is_str(c.path, "/bin/ls", "%s: path", n);
	if (ok(c.argv != NULL, "%s %u-bit %s: argv read", n, a->wordsize * 8,
	       a->big_endian ? "big-endian" : "little-endian")) {
		is_int(c.argc, 4, "%s: argc", n);
		for (int i = 0; i < 4 && i < c.argc; i++)
			is_str(c.argv[i], args[i], "%s: argv[%d]", n, i);
		ok(c.argv[c.argc] == NULL, "%s: argv NULL-terminated", n);
	}
	ok(!c.argv_truncated, "%s: not truncated", n);
	is_int(c.dirfd, CT_AT_FDCWD, "%s: execve dirfd is AT_FDCWD", n);
	ok(!call_creates_task(&c), "%s: execve creates no task", n);
	call_release(&c);
	ok(c.path == NULL && c.argv == NULL && c.argc == 0, "%s: call_release clears", n);
	call_release(&c);
	ok(1, "%s: call_release twice is harmless", n);

	/* registers of a 32-bit tracee: only the low word counts */
	if (a->wordsize == 4) {
		do_execve(a, path | 0xffffffff00000000ULL, argv | 0x1234500000000ULL, &c);
		is_str(c.path, "/bin/ls", "%s: path register cut to 32 bits", n);
		ok(c.argv && c.argc == 4, "%s: argv register cut to 32 bits", n);
		call_release(&c);
	}

	/* execveat(dirfd, path, argv, envp, flags) */
	{
		struct ct_mem mem = { fakemem_read, &fm };
		uint64_t e = fakemem_str(&fm, "");
		uint64_t r[6] = { 3, e, argv, 0, CT_AT_EMPTY_PATH, 0 };

		is_int(decode_call(a, a->nr[CT_SYS_EXECVEAT], r, &mem, &c), 0,
		       "%s 0x%08x: execveat decodes", n, a->audit_arch);
		is_int(c.sysc, CT_SYS_EXECVEAT, "%s: execveat", n);
		is_int(c.dirfd, 3, "%s: execveat dirfd", n);
		is_str(c.path, "", "%s: execveat empty path", n);
		is_int(c.at_flags, CT_AT_EMPTY_PATH, "%s: execveat at_flags", n);
		is_u64(c.flags, 0, "%s: execveat: no CLONE_* flags (AT_EMPTY_PATH is 0x1000)", n);
		ok(c.argv && c.argc == 4, "%s: execveat argv", n);
		call_release(&c);
		r[0] = (uint32_t)CT_AT_FDCWD;
		must(decode_call(a, a->nr[CT_SYS_EXECVEAT], r, &mem, &c));
		is_int(c.dirfd, CT_AT_FDCWD, "%s: execveat AT_FDCWD is -100", n);
		call_release(&c);
	}
}

static void test_bad(const struct ct_arch *a)
{
	static const char *const one[] = { "x" };
	const char *n = a->name;
	struct ct_call c;
	uint64_t path, argv;

	reset(a);
	path = fakemem_str(&fm, "/bin/true");
	argv = put_argv(a, one, 1);

	/* unreadable path and argv */
	do_execve(a, 16, argv, &c);
	is_str(c.path, NULL, "%s: unreadable path is NULL", n);
	ok(c.argv != NULL, "%s: argv still read", n);
	call_release(&c);
	do_execve(a, path, 16, &c);
	is_str(c.path, "/bin/true", "%s: path still read", n);
	ok(c.argv == NULL, "%s: unreadable argv is NULL", n);
	is_int(c.argc, 0, "%s: unreadable argv: argc 0", n);
	call_release(&c);

	/* a pointer in argv that points nowhere */
	{
		uint64_t p[3] = { fakemem_str(&fm, "ok"), 24, 0 };
		uint64_t bad = fakemem_ptrs(&fm, a->wordsize, p, 3);

		do_execve(a, path, bad, &c);
		ok(c.argv == NULL, "%s: argv with an unreadable string is NULL", n);
		call_release(&c);
	}

	/* argv not NULL-terminated before the readable end */
	{
		uint64_t p[2] = { fakemem_str(&fm, "a"), fakemem_str(&fm, "b") };
		uint64_t end = fakemem_ptrs(&fm, a->wordsize, p, 2);

		fm.size = (size_t)(end - fm.base) + 2 * a->wordsize;
		do_execve(a, path, end, &c);
		ok(c.argv == NULL, "%s: argv running off readable memory is NULL", n);
		call_release(&c);
		fm.size = FAKEMEM_CAP;
	}

	/* NULL argv is an empty one */
	do_execve(a, path, 0, &c);
	ok(c.argv != NULL && c.argc == 0 && c.argv[0] == NULL, "%s: NULL argv is empty", n);
	call_release(&c);

	/* no memory: nothing read */
	{
		uint64_t r[6] = { path, argv, 0, 0, 0, 0 };

		is_int(decode_call(a, a->nr[CT_SYS_EXECVE], r, NULL, &c), 0, "%s: no memory decodes", n);
		ok(c.path == NULL && c.argv == NULL, "%s: no memory: no path, no argv", n);
		call_release(&c);
	}

	/* a string running into unreadable memory */
	{
		uint64_t s = fakemem_alloc(&fm, 10);

		memcpy(fm.buf + (s - fm.base), "abcdefghij", 10);
		fm.size = (size_t)(s - fm.base) + 10;
		do_execve(a, s, 0, &c);
		is_str(c.path, NULL, "%s: string without NUL before the readable end", n);
		call_release(&c);
		fm.buf[s - fm.base + 9] = '\0';
		do_execve(a, s, 0, &c);
		is_str(c.path, "abcdefghi", "%s: string ending at the readable end", n);
		call_release(&c);
		fm.size = FAKEMEM_CAP;
	}
}

/* argv of n strings: a string of len bytes of c at each index in big[], else "aI". */
static uint64_t put_big_argv(const struct ct_arch *a, int n, const size_t *big, char c)
{
	static char names[2000][8], bigs[3][CT_ARGV_BYTES + 1];
	static const char *args[2000];

	for (int i = 0; i < n; i++) {
		if (big && i < 3 && big[i]) {
			memset(bigs[i], c, big[i]);
			bigs[i][big[i]] = '\0';
			args[i] = bigs[i];	/* put_argv() copies it into the fake tracee */
		} else {
			snprintf(names[i], sizeof(names[i]), "a%d", i);
			args[i] = names[i];
		}
	}
	return put_argv(a, args, (size_t)n);
}

static void test_limits(const struct ct_arch *a)
{
	const char *n = a->name;
	struct ct_call c;
	uint64_t path, argv;
	size_t big[3] = { 0 };

	reset(a);
	path = fakemem_str(&fm, "/bin/echo");
	/* far more than the 256 entries once kept: all of them */
	argv = put_big_argv(a, 1500, NULL, 0);
	do_execve(a, path, argv, &c);
	ok(c.argv && c.argc == 1500 && !c.argv_truncated, "%s: 1500 arguments: all, not truncated", n);
	if (c.argv && c.argc == 1500)
		is_str(c.argv[1499], "a1499", "%s: the last is a1499", n);
	call_release(&c);

	/* exactly CT_ARGV_BYTES with the NULs: all, not truncated */
	reset(a);
	path = fakemem_str(&fm, "/bin/echo");
	big[0] = CT_ARGV_BYTES - 3 - 1;		/* + "a1" + its NUL */
	argv = put_big_argv(a, 2, big, 'x');
	do_execve(a, path, argv, &c);
	ok(c.argv && c.argc == 2 && !c.argv_truncated, "%s: argv of exactly the limit: whole", n);
	if (c.argv && c.argc == 2)
		is_str(c.argv[1], "a1", "%s: ... its last string whole", n);
	call_release(&c);
	/* one more string, even empty: truncated */
	argv = put_big_argv(a, 3, big, 'x');
	do_execve(a, path, argv, &c);
	ok(c.argv && c.argc == 2 && c.argv_truncated, "%s: one string past the limit: argv_truncated", n);
	call_release(&c);

	/* a string across the limit: cut there, the rest dropped */
	reset(a);
	path = fakemem_str(&fm, "/bin/echo");
	big[0] = CT_ARGV_BYTES - 10;
	big[1] = 100;
	argv = put_big_argv(a, 3, big, 'y');
	do_execve(a, path, argv, &c);
	ok(c.argv && c.argc == 2 && c.argv_truncated, "%s: string across the limit: 2 kept, truncated", n);
	if (c.argv && c.argc == 2) {
		is_int((int)strlen(c.argv[0]), CT_ARGV_BYTES - 10, "%s: the first whole", n);
		is_int((int)strlen(c.argv[1]), 8, "%s: the second cut to the 9 bytes left, its NUL included", n);
		ok(c.argv[2] == NULL, "%s: truncated argv NULL-terminated", n);
	}
	call_release(&c);

	/* a string longer than CT_MAX_STR, across page boundaries */
	{
		uint64_t s = fakemem_alloc(&fm, CT_MAX_STR + 100);

		memset(fm.buf + (s - fm.base), 'x', CT_MAX_STR + 99);
		do_execve(a, s, 0, &c);
		ok(c.path && strlen(c.path) == CT_MAX_STR, "%s: long string kept to %d bytes", n, CT_MAX_STR);
		call_release(&c);
		fm.buf[s - fm.base + CT_MAX_STR] = '\0';
		do_execve(a, s, 0, &c);
		ok(c.path && strlen(c.path) == CT_MAX_STR, "%s: string of exactly %d bytes", n, CT_MAX_STR);
		call_release(&c);
	}
}

/* mem_read_uint / mem_load_uint directly */
static void test_mem(void)
{
	const struct ct_arch *le = arch_by_name("x86_64"), *be = arch_by_name("s390x");
	const unsigned char b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ct_mem mem = { fakemem_read, &fm };
	uint64_t v = 0;

	is_u64(mem_load_uint(le, b, 8), 0x0807060504030201ULL, "little-endian u64");
	is_u64(mem_load_uint(be, b, 8), 0x0102030405060708ULL, "big-endian u64");
	is_u64(mem_load_uint(le, b, 4), 0x04030201, "little-endian u32");
	is_u64(mem_load_uint(be, b, 4), 0x01020304, "big-endian u32");
	is_u64(mem_load_uint(be, b, 2), 0x0102, "big-endian u16");
	fakemem_init(&fm, 0x1000, 1);
	fakemem_put(&fm, 0x1008, 0xa1a2a3a4, 4);
	is_int(mem_read_uint(&mem, be, 0x1008, 4, &v), 0, "mem_read_uint reads");
	is_u64(v, 0xa1a2a3a4, "mem_read_uint big-endian u32");
	is_int(mem_read_uint(&mem, be, 0x10, 4, &v), -1, "mem_read_uint unreadable");
	is_int(mem_read_uint(NULL, be, 0x1008, 4, &v), -1, "mem_read_uint without memory");
	is_int(mem_read_uint(&mem, be, 0x1008, 9, &v), -1, "mem_read_uint width 9");
	is_str(mem_read_str(NULL, 0x1000, 10), NULL, "mem_read_str without memory");
}

int main(void)
{
	size_t n;
	const struct ct_arch *all = arch_all(&n);

	for (size_t i = 0; i < n; i++) {
		test_execve(&all[i]);
		test_bad(&all[i]);
		test_limits(&all[i]);
	}
	test_mem();
	return tap_done();
}
