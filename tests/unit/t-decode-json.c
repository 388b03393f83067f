/* SPDX-License-Identifier: MIT */
/* call_json_new() compared as JSON, and call_format() lines, for every kind of call. */
#include "decode/decode.h"
#include "format/json.h"
#include "format/record.h"
#include "names/compat.h"
#include "tests/unit/tap.h"

static struct fakemem fm;

static struct ct_call dec(const char *arch, int sysc, const uint64_t r[6], int with_mem)
{
	const struct ct_arch *a = arch_by_name(arch);
	struct ct_mem mem = { fakemem_read, &fm };
	struct ct_call c;

	must(decode_call(a, a->nr[sysc], r, with_mem ? &mem : NULL, &c));
	return c;
}

/* The JSON and the line of one call; releases it. */
static void check(struct ct_call c, const char *what, const char *json, const char *line)
{
	json_t *j = call_json_new(&c);
	char buf[2048];
	int k = call_format(&c, buf, sizeof(buf));

	is_json(j, json, "%s: JSON", what);
	is_str(buf, line, "%s: line", what);
	is_int(k, strlen(line), "%s: line length", what);
	json_decref(j);
	call_release(&c);
}

static uint64_t put_cargs(const uint64_t f[11], size_t size)
{
	uint64_t at = fakemem_alloc(&fm, size);

	for (size_t i = 0; i < 11 && (i + 1) * 8 <= size; i++)
		fakemem_put(&fm, at + i * 8, f[i], 8);
	return at;
}

static void test_clone(void)
{
	uint64_t r[6] = { 0x3d0f00, 0x7f1234560000, 0x7f12345609d0, 0x7f12345609d0,
			  0x7f1234560700, 0 };

	check(dec("x86_64", CT_SYS_CLONE, r, 0), "x86_64 pthread clone",
	      "{\"syscall\": \"clone\", \"arch\": \"x86_64\", \"nr\": 56,"
	      " \"flags\": [\"CLONE_VM\", \"CLONE_FS\", \"CLONE_FILES\", \"CLONE_SIGHAND\","
	      " \"CLONE_THREAD\", \"CLONE_SYSVSEM\", \"CLONE_SETTLS\", \"CLONE_PARENT_SETTID\","
	      " \"CLONE_CHILD_CLEARTID\"], \"flags_value\": \"0x3d0f00\", \"exit_signal\": null,"
	      " \"args\": {\"stack\": \"0x7f1234560000\", \"parent_tid\": \"0x7f12345609d0\","
	      " \"child_tid\": \"0x7f12345609d0\", \"tls\": \"0x7f1234560700\"}, \"violates\": []}",
	      "clone(child_stack=0x7f1234560000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	      "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
	      "parent_tid=0x7f12345609d0, child_tid=0x7f12345609d0, tls=0x7f1234560700)");

	/* glibc fork() on aarch64 (backwards: tls in x3, child_tid in x4) */
	{
		uint64_t f[6] = { CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | 17, 0, 0, 0,
				  0xffff8a3c10f0, 0 };

		check(dec("aarch64", CT_SYS_CLONE, f, 0), "aarch64 glibc fork",
		      "{\"syscall\": \"clone\", \"arch\": \"aarch64\", \"nr\": 220,"
		      " \"flags\": [\"CLONE_CHILD_CLEARTID\", \"CLONE_CHILD_SETTID\"],"
		      " \"flags_value\": \"0x1200000\", \"exit_signal\": \"SIGCHLD\","
		      " \"args\": {\"stack\": \"0x0\","
		      " \"child_tid\": \"0xffff8a3c10f0\"}, \"violates\": []}",
		      "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
		      "child_tid=0xffff8a3c10f0)");
	}

	/* MIPS: SIGCHLD is 18; s390x: stack first */
	{
		uint64_t m[6] = { CLONE_VM | CLONE_VFORK | 18, 0x1000, 0, 0, 0, 0 };
		uint64_t s[6] = { 0x2000, CLONE_VM | CLONE_VFORK | 17, 0, 0, 0, 0 };

		check(dec("mips64", CT_SYS_CLONE, m, 0), "mips64 clone with SIGCHLD=18",
		      "{\"syscall\": \"clone\", \"arch\": \"mips64\", \"nr\": 5055,"
		      " \"flags\": [\"CLONE_VM\", \"CLONE_VFORK\"], \"flags_value\": \"0x4100\","
		      " \"exit_signal\": \"SIGCHLD\", \"args\": {\"stack\": \"0x1000\""
		      "}, \"violates\": []}",
		      "clone(child_stack=0x1000, flags=CLONE_VM|CLONE_VFORK|SIGCHLD)");
		check(dec("s390x", CT_SYS_CLONE, s, 0), "s390x clone",
		      "{\"syscall\": \"clone\", \"arch\": \"s390x\", \"nr\": 120,"
		      " \"flags\": [\"CLONE_VM\", \"CLONE_VFORK\"], \"flags_value\": \"0x4100\","
		      " \"exit_signal\": \"SIGCHLD\", \"args\": {\"stack\": \"0x2000\""
		      "}, \"violates\": []}",
		      "clone(child_stack=0x2000, flags=CLONE_VM|CLONE_VFORK|SIGCHLD)");
	}

	/* an exit signal without a name, a pidfd, and a broken rule */
	{
		uint64_t p[6] = { CLONE_PIDFD | CLONE_SIGHAND | 40, 0, 0x5000, 0, 0, 0 };

		check(dec("x86_64", CT_SYS_CLONE, p, 0), "clone with pidfd and signal 40",
		      "{\"syscall\": \"clone\", \"arch\": \"x86_64\", \"nr\": 56,"
		      " \"flags\": [\"CLONE_SIGHAND\", \"CLONE_PIDFD\"], \"flags_value\": \"0x1800\","
		      " \"exit_signal\": 40, \"args\": {\"stack\": \"0x0\", \"parent_tid\": \"0x5000\","
		      " \"pidfd\": \"0x5000\"},"
		      " \"violates\": [\"CLONE_SIGHAND requires CLONE_VM\"]}",
		      "clone(child_stack=NULL, flags=CLONE_SIGHAND|CLONE_PIDFD|40, parent_tid=0x5000)");
	}
	{
		uint64_t z[6] = { 0 };

		check(dec("x86_64", CT_SYS_CLONE, z, 0), "clone(0)",
		      "{\"syscall\": \"clone\", \"arch\": \"x86_64\", \"nr\": 56, \"flags\": [],"
		      " \"flags_value\": \"0x0\", \"exit_signal\": 0, \"args\": {\"stack\": \"0x0\""
		      "}, \"violates\": []}",
		      "clone(child_stack=NULL, flags=0)");
	}
	{
		/*
		 * runc's clone(CLONE_PARENT): 0x1 in the tls register, junk in the
		 * tid ones; without CLONE_SETTLS and the SETTID flags the kernel
		 * ignores them, and -v leaves them out as the JSON does (issue 25)
		 */
		uint64_t j[6] = { CLONE_PARENT | 17, 0, 0x7ffd1000, 0x7ffd2000, 0x1, 0 };

		check(dec("x86_64", CT_SYS_CLONE, j, 0), "clone(CLONE_PARENT) with junk in tls and tids",
		      "{\"syscall\": \"clone\", \"arch\": \"x86_64\", \"nr\": 56,"
		      " \"flags\": [\"CLONE_PARENT\"], \"flags_value\": \"0x8000\","
		      " \"exit_signal\": \"SIGCHLD\", \"args\": {\"stack\": \"0x0\""
		      "}, \"violates\": []}",
		      "clone(child_stack=NULL, flags=CLONE_PARENT|SIGCHLD)");
	}
	{
		/* i386: 32-bit registers, tls in register 3 */
		uint64_t i[6] = { 0x3d0f00, 0xf7d00000, 0xf7dffba8, 0xff9c1234, 0xf7dffba8, 0 };

		check(dec("i386", CT_SYS_CLONE, i, 0), "i386 pthread clone",
		      "{\"syscall\": \"clone\", \"arch\": \"i386\", \"nr\": 120,"
		      " \"flags\": [\"CLONE_VM\", \"CLONE_FS\", \"CLONE_FILES\", \"CLONE_SIGHAND\","
		      " \"CLONE_THREAD\", \"CLONE_SYSVSEM\", \"CLONE_SETTLS\", \"CLONE_PARENT_SETTID\","
		      " \"CLONE_CHILD_CLEARTID\"], \"flags_value\": \"0x3d0f00\", \"exit_signal\": null,"
		      " \"args\": {\"stack\": \"0xf7d00000\", \"parent_tid\": \"0xf7dffba8\","
		      " \"child_tid\": \"0xf7dffba8\", \"tls\": \"0xff9c1234\"}, \"violates\": []}",
		      "clone(child_stack=0xf7d00000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
		      "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
		      "parent_tid=0xf7dffba8, child_tid=0xf7dffba8, tls=0xff9c1234)");
	}
}

static void test_clone3(void)
{
	uint64_t f[11] = { CLONE_VM | CLONE_VFORK | CLONE_PIDFD | CLONE_INTO_CGROUP,
			   0x7ffc0010, 0, 0, 17, 0x7f0000000000, 0x9000, 0, 0, 0, 3 };
	uint64_t r[6] = { 0 };

	fakemem_init(&fm, 0x7ffc0000, 0);
	{
		uint64_t tids = fakemem_alloc(&fm, 8);

		fakemem_put(&fm, tids, 1, 4);
		fakemem_put(&fm, tids + 4, 300, 4);
		f[8] = tids;
		f[9] = 2;
	}
	r[0] = put_cargs(f, 88);
	r[1] = 88;
	check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 posix_spawn-like, set_tid, cgroup",
	      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435,"
	      " \"flags\": [\"CLONE_VM\", \"CLONE_PIDFD\", \"CLONE_VFORK\", \"CLONE_INTO_CGROUP\"],"
	      " \"flags_value\": \"0x200005100\", \"exit_signal\": \"SIGCHLD\","
	      " \"args\": {\"cl_args\": \"0x7ffc0008\", \"size\": 88, \"args_status\": \"ok\","
	      " \"stack\": \"0x7f0000000000\", \"stack_size\": 36864,"
	      " \"pidfd\": \"0x7ffc0010\","
	      " \"set_tid\": [1, 300], \"set_tid_addr\": \"0x7ffc0000\", \"set_tid_size\": 2,"
	      " \"cgroup\": 3}, \"violates\": []}",
	      "clone3({flags=CLONE_VM|CLONE_PIDFD|CLONE_VFORK|CLONE_INTO_CGROUP, exit_signal=SIGCHLD, "
	      "stack=0x7f0000000000, stack_size=0x9000, set_tid=[1, 300], cgroup=3, pidfd=0x7ffc0010}, 88)");

	/* pthread_create on a big-endian s390x */
	{
		uint64_t t[11] = { 0x3d0f00, 0, 0x3ff8a7fe910, 0x3ff8a7fe910, 0, 0x3ff8a000000,
				   0x7fe000, 0x3ff8a7fe8c0, 0, 0, 0 };

		fakemem_init(&fm, 0x3ffffff0000, 1);
		r[0] = put_cargs(t, 88);
		check(dec("s390x", CT_SYS_CLONE3, r, 1), "s390x clone3 thread",
		      "{\"syscall\": \"clone3\", \"arch\": \"s390x\", \"nr\": 435,"
		      " \"flags\": [\"CLONE_VM\", \"CLONE_FS\", \"CLONE_FILES\", \"CLONE_SIGHAND\","
		      " \"CLONE_THREAD\", \"CLONE_SYSVSEM\", \"CLONE_SETTLS\", \"CLONE_PARENT_SETTID\","
		      " \"CLONE_CHILD_CLEARTID\"], \"flags_value\": \"0x3d0f00\", \"exit_signal\": null,"
		      " \"args\": {\"cl_args\": \"0x3ffffff0000\", \"size\": 88, \"args_status\": \"ok\","
		      " \"stack\": \"0x3ff8a000000\", \"stack_size\": 8380416,"
		      " \"parent_tid\": \"0x3ff8a7fe910\", \"child_tid\": \"0x3ff8a7fe910\","
		      " \"tls\": \"0x3ff8a7fe8c0\"}, \"violates\": []}",
		      "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
		      "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, exit_signal=0, "
		      "stack=0x3ff8a000000, stack_size=0x7fe000, parent_tid=0x3ff8a7fe910, "
		      "child_tid=0x3ff8a7fe910, tls=0x3ff8a7fe8c0}, 88)");
	}

	/* statuses */
	fakemem_init(&fm, 0x10000, 0);
	r[0] = 0x20;
	r[1] = 88;
	check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 unreadable",
	      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435, \"flags\": [],"
	      " \"flags_value\": null, \"exit_signal\": null,"
	      " \"args\": {\"cl_args\": \"0x20\", \"size\": 88, \"args_status\": \"unreadable\"},"
	      " \"violates\": []}",
	      "clone3(0x20, 88)");
	r[0] = 0x10000;
	r[1] = 40;
	check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 too small",
	      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435, \"flags\": [],"
	      " \"flags_value\": null, \"exit_signal\": null,"
	      " \"args\": {\"cl_args\": \"0x10000\", \"size\": 40, \"args_status\": \"too_small\"},"
	      " \"violates\": [\"clone3 size is below 64 (CLONE_ARGS_SIZE_VER0)\"]}",
	      "clone3(0x10000, 40)");
	r[1] = 8192;
	/* too big: the 88 bytes the kernel knows, decoded as strace does */
	check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 too big",
	      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": 0,"
	      " \"args\": {\"cl_args\": \"0x10000\", \"size\": 8192, \"args_status\": \"too_big\","
	      " \"stack\": \"0x0\", \"stack_size\": 0},"
	      " \"violates\": [\"clone3 size is above the page size\"]}",
	      "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0x0}, 8192)");
	{
		uint64_t z[11] = { 0 };

		r[0] = put_cargs(z, 96);
		fm.buf[r[0] - fm.base + 92] = 1;
		r[1] = 96;
		check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 non-zero tail",
		      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435, \"flags\": [],"
		      " \"flags_value\": \"0x0\", \"exit_signal\": 0,"
		      " \"args\": {\"cl_args\": \"0x10000\", \"size\": 96, \"args_status\": \"nonzero_tail\","
		      " \"tail_offset\": 92, \"stack\": \"0x0\", \"stack_size\": 0"
		      "},"
		      " \"violates\": [\"clone3 struct has non-zero bytes past the known fields\"]}",
		      "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0x0} /* non-zero byte at 92 */, 96)");
	}
	{
		/* unreadable set_tid; 64-bit-only flags; unknown bits */
		uint64_t u[11] = { CLONE_CLEAR_SIGHAND | (1ULL << 45), 0, 0, 0, 0, 0, 0, 0,
				   0x30, 1, 0 };

		r[0] = put_cargs(u, 80);
		r[1] = 80;
		check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 unreadable set_tid",
		      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435,"
		      " \"flags\": [\"CLONE_CLEAR_SIGHAND\", \"0x200000000000\"],"
		      " \"flags_value\": \"0x200100000000\", \"exit_signal\": 0,"
		      " \"args\": {\"cl_args\": \"0x10060\", \"size\": 80, \"args_status\": \"ok\","
		      " \"stack\": \"0x0\", \"stack_size\": 0,"
		      " \"set_tid\": null, \"set_tid_addr\": \"0x30\", \"set_tid_size\": 1},"
		      " \"violates\": [\"clone3 flags has unknown bits\"]}",
		      "clone3({flags=CLONE_CLEAR_SIGHAND|0x200000000000, exit_signal=0, stack=NULL, "
		      "stack_size=0x0, set_tid=0x30, set_tid_size=1}, 80)");
	}
	{
		/*
		 * pidfd, parent_tid and tls filled in without CLONE_PIDFD,
		 * CLONE_PARENT_SETTID and CLONE_SETTLS: the kernel ignores them,
		 * and -v leaves them out as the JSON does (issue 25)
		 */
		uint64_t g[11] = { CLONE_VM | CLONE_VFORK, 0x7ffc0010, 0, 0x5000, 17, 0, 0, 0x1,
				   0, 0, 0 };

		fakemem_init(&fm, 0x20000, 0);
		r[0] = put_cargs(g, 88);
		r[1] = 88;
		check(dec("x86_64", CT_SYS_CLONE3, r, 1), "clone3 with pidfd, parent_tid, tls unused",
		      "{\"syscall\": \"clone3\", \"arch\": \"x86_64\", \"nr\": 435,"
		      " \"flags\": [\"CLONE_VM\", \"CLONE_VFORK\"], \"flags_value\": \"0x4100\","
		      " \"exit_signal\": \"SIGCHLD\","
		      " \"args\": {\"cl_args\": \"0x20000\", \"size\": 88, \"args_status\": \"ok\","
		      " \"stack\": \"0x0\", \"stack_size\": 0}, \"violates\": []}",
		      "clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=NULL, "
		      "stack_size=0x0}, 88)");
	}
}

static void test_small_calls(void)
{
	uint64_t r[6] = { 0 };

	r[0] = 0x00100000;
	check(dec("x86_64", CT_SYS_UNSHARE, r, 0), "unshare UNSHARE_EMPTY_MNTNS",
	      "{\"syscall\": \"unshare\", \"arch\": \"x86_64\", \"nr\": 272,"
	      " \"flags\": [\"UNSHARE_EMPTY_MNTNS\"], \"flags_value\": \"0x100000\","
	      " \"exit_signal\": null, \"args\": {},"
	      " \"violates\": [\"UNSHARE_EMPTY_MNTNS needs Linux 7.1 or later\"]}",
	      "unshare(UNSHARE_EMPTY_MNTNS)");
	r[0] = 0;

	check(dec("x86_64", CT_SYS_FORK, r, 0), "fork",
	      "{\"syscall\": \"fork\", \"arch\": \"x86_64\", \"nr\": 57, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": \"SIGCHLD\", \"args\": {}, \"violates\": []}",
	      "fork()");
	check(dec("i386", CT_SYS_VFORK, r, 0), "vfork",
	      "{\"syscall\": \"vfork\", \"arch\": \"i386\", \"nr\": 190,"
	      " \"flags\": [\"CLONE_VM\", \"CLONE_VFORK\"], \"flags_value\": \"0x4100\","
	      " \"exit_signal\": \"SIGCHLD\", \"args\": {}, \"violates\": []}",
	      "vfork()");
	check(dec("mips64", CT_SYS_FORK, r, 0), "mips64 fork",
	      "{\"syscall\": \"fork\", \"arch\": \"mips64\", \"nr\": 5056, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": \"SIGCHLD\", \"args\": {}, \"violates\": []}",
	      "fork()");

	r[0] = CLONE_NEWNS | CLONE_NEWPID;
	check(dec("x86_64", CT_SYS_UNSHARE, r, 0), "unshare",
	      "{\"syscall\": \"unshare\", \"arch\": \"x86_64\", \"nr\": 272,"
	      " \"flags\": [\"CLONE_NEWNS\", \"CLONE_NEWPID\"], \"flags_value\": \"0x20020000\","
	      " \"exit_signal\": null, \"args\": {}, \"violates\": []}",
	      "unshare(CLONE_NEWNS|CLONE_NEWPID)");
	r[0] = 0;
	check(dec("riscv64", CT_SYS_UNSHARE, r, 0), "unshare(0)",
	      "{\"syscall\": \"unshare\", \"arch\": \"riscv64\", \"nr\": 97, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": null, \"args\": {}, \"violates\": []}",
	      "unshare(0)");
	r[0] = CLONE_NEWTIME | CLONE_PARENT;
	check(dec("x86_64", CT_SYS_UNSHARE, r, 0), "unshare with a flag it refuses",
	      "{\"syscall\": \"unshare\", \"arch\": \"x86_64\", \"nr\": 272,"
	      " \"flags\": [\"CLONE_NEWTIME\", \"CLONE_PARENT\"], \"flags_value\": \"0x8080\","
	      " \"exit_signal\": null, \"args\": {},"
	      " \"violates\": [\"unshare accepts only CLONE_FILES, CLONE_FS, CLONE_NEW*, CLONE_SIGHAND,"
	      " CLONE_SYSVSEM, CLONE_THREAD and CLONE_VM\"]}",
	      "unshare(CLONE_NEWTIME|CLONE_PARENT)");

	r[0] = 3;
	r[1] = CLONE_NEWNET;
	check(dec("x86_64", CT_SYS_SETNS, r, 0), "setns",
	      "{\"syscall\": \"setns\", \"arch\": \"x86_64\", \"nr\": 308,"
	      " \"flags\": [\"CLONE_NEWNET\"], \"flags_value\": \"0x40000000\","
	      " \"exit_signal\": null, \"args\": {\"fd\": 3}, \"violates\": []}",
	      "setns(3, CLONE_NEWNET)");
	r[1] = 0;
	check(dec("loongarch64", CT_SYS_SETNS, r, 0), "setns(3, 0)",
	      "{\"syscall\": \"setns\", \"arch\": \"loongarch64\", \"nr\": 268, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": null, \"args\": {\"fd\": 3}, \"violates\": []}",
	      "setns(3, 0)");
}

static void test_exec(void)
{
	uint64_t r[6] = { 0 };
	uint64_t p[4];

	fakemem_init(&fm, 0x8000, 0);
	r[0] = fakemem_str(&fm, "/bin/ls");
	p[0] = fakemem_str(&fm, "ls");
	p[1] = fakemem_str(&fm, "-l");
	p[2] = 0;
	r[1] = fakemem_ptrs(&fm, 4, p, 3);
	check(dec("arm", CT_SYS_EXECVE, r, 1), "arm execve",
	      "{\"syscall\": \"execve\", \"arch\": \"arm\", \"nr\": 11, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": null,"
	      " \"args\": {\"path\": \"/bin/ls\", \"argv\": [\"ls\", \"-l\"], \"argv_truncated\": false},"
	      " \"violates\": []}",
	      "execve(\"/bin/ls\", [\"ls\", \"-l\"])");

	/* strace-like escapes in the line, jansson's in the JSON, U+FFFD for bad UTF-8 */
	fakemem_init(&fm, 0x8000, 0);
	r[0] = fakemem_str(&fm, "/tmp/a \"b\"\n\\\x01\xff\xc3\xa9");
	p[0] = fakemem_str(&fm, "tab\there");
	p[1] = 0;
	r[1] = fakemem_ptrs(&fm, 8, p, 2);
	check(dec("x86_64", CT_SYS_EXECVE, r, 1), "execve with odd bytes",
	      "{\"syscall\": \"execve\", \"arch\": \"x86_64\", \"nr\": 59, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": null,"
	      " \"args\": {\"path\": \"/tmp/a \\\"b\\\"\\n\\\\\\u0001\\ufffd\\u00e9\","
	      " \"argv\": [\"tab\\there\"], \"argv_truncated\": false}, \"violates\": []}",
	      "execve(\"/tmp/a \\\"b\\\"\\n\\\\\\001\\377\\303\\251\", [\"tab\\there\"])");

	/* unreadable path and argv: the pointers */
	r[0] = 0x10;
	r[1] = 0x20;
	check(dec("x86_64", CT_SYS_EXECVE, r, 1), "execve unreadable",
	      "{\"syscall\": \"execve\", \"arch\": \"x86_64\", \"nr\": 59, \"flags\": [],"
	      " \"flags_value\": \"0x0\", \"exit_signal\": null,"
	      " \"args\": {\"path\": null, \"argv\": null, \"argv_truncated\": false}, \"violates\": []}",
	      "execve(0x10, 0x20)");

	/* execveat with AT_EMPTY_PATH */
	fakemem_init(&fm, 0x8000, 1);
	r[0] = 7;
	r[1] = fakemem_str(&fm, "");
	p[0] = fakemem_str(&fm, "prog");
	p[1] = 0;
	r[2] = fakemem_ptrs(&fm, 8, p, 2);
	r[4] = CT_AT_EMPTY_PATH;
	check(dec("s390x", CT_SYS_EXECVEAT, r, 1), "s390x execveat",
	      "{\"syscall\": \"execveat\", \"arch\": \"s390x\", \"nr\": 354,"
	      " \"flags\": [\"AT_EMPTY_PATH\"], \"flags_value\": \"0x1000\", \"exit_signal\": null,"
	      " \"args\": {\"dirfd\": 7, \"path\": \"\", \"argv\": [\"prog\"], \"argv_truncated\": false},"
	      " \"violates\": []}",
	      "execveat(7, \"\", [\"prog\"], AT_EMPTY_PATH)");
	r[0] = (uint32_t)CT_AT_FDCWD;
	r[4] = 0;
	check(dec("s390x", CT_SYS_EXECVEAT, r, 1), "s390x execveat AT_FDCWD",
	      "{\"syscall\": \"execveat\", \"arch\": \"s390x\", \"nr\": 354,"
	      " \"flags\": [], \"flags_value\": \"0x0\", \"exit_signal\": null,"
	      " \"args\": {\"dirfd\": -100, \"path\": \"\", \"argv\": [\"prog\"], \"argv_truncated\": false},"
	      " \"violates\": []}",
	      "execveat(AT_FDCWD, \"\", [\"prog\"], 0)");

	/* argv past CT_ARGV_BYTES: strings of 1000 bytes, the 131st cut short */
	{
		static uint64_t many[202];
		uint64_t x;
		char big[1001];

		memset(big, 'x', 1000);
		big[1000] = '\0';
		fakemem_init(&fm, 0x8000, 0);
		x = fakemem_str(&fm, big);
		for (int i = 0; i < 200; i++)
			many[i] = x;
		many[200] = 0;
		r[0] = x;
		r[1] = fakemem_ptrs(&fm, 8, many, 201);
		{
			struct ct_call c = dec("x86_64", CT_SYS_EXECVE, r, 1);
			json_t *j = call_json_new(&c);
			json_t *args = json_object_get(j, "args");
			json_t *argv = json_object_get(args, "argv");

			ok(json_is_true(json_object_get(args, "argv_truncated")), "truncated argv: argv_truncated");
			is_int(json_array_size(argv), CT_ARGV_BYTES / 1001 + 1, "truncated argv: entries kept");
			is_int(json_string_length(json_array_get(argv, json_array_size(argv) - 1)),
			       CT_ARGV_BYTES % 1001 - 1, "truncated argv: the last cut to what was left");
			json_decref(j);
			call_release(&c);
		}
	}
}

static void test_format_buffer(void)
{
	uint64_t r[6] = { CLONE_NEWNS | CLONE_NEWPID, 0, 0, 0, 0, 0 };
	struct ct_call c = dec("x86_64", CT_SYS_UNSHARE, r, 0);
	char buf[64];

	/* unshare(CLONE_NEWNS|CLONE_NEWPID) is 33 bytes */
	memset(buf, 'x', sizeof(buf));
	is_int(call_format(&c, buf, 10), 33, "short buffer: length wanted");
	is_str(buf, "unshare(C", "short buffer: what fits, terminated");
	is_int(call_format(&c, NULL, 0), 33, "NULL buffer: length wanted");
	is_int(call_format(&c, buf, 33), 33, "one byte short: length wanted");
	is_int(strlen(buf), 32, "one byte short: 32 bytes written");
	is_int(call_format(&c, buf, 34), 33, "exact buffer");
	is_str(buf, "unshare(CLONE_NEWNS|CLONE_NEWPID)", "exact buffer: whole line");
	call_release(&c);

	ok(call_json_new(NULL) == NULL, "call_json_new(NULL) is NULL");
	is_int(call_format(NULL, buf, sizeof(buf)), 0, "call_format(NULL) is 0");
	is_str(buf, "", "call_format(NULL) writes an empty string");
	{
		struct ct_call bad;

		must_fail(decode_call(arch_by_name("x86_64"), 0, r, NULL, &bad));
		ok(call_json_new(&bad) == NULL, "call_json_new of a failed decode is NULL");
	}
}

/* microblaze's stack_size (CT_CLONE_BACKWARDS3): no table arch has it, so set by hand */
static void test_stack_size(void)
{
	uint64_t r[6] = { CLONE_VM | 17, 0x1000, 0, 0, 0, 0 };
	struct ct_call c = dec("x86_64", CT_SYS_CLONE, r, 0);

	c.has |= CT_HAS_STACK_SIZE;
	c.stack_size = 0x4000;
	check(c, "clone with stack_size",
	      "{\"syscall\": \"clone\", \"arch\": \"x86_64\", \"nr\": 56, \"flags\": [\"CLONE_VM\"],"
	      " \"flags_value\": \"0x100\", \"exit_signal\": \"SIGCHLD\", \"args\": {\"stack\": \"0x1000\","
	      " \"stack_size\": 16384},"
	      " \"violates\": []}",
	      "clone(child_stack=0x1000, stack_size=0x4000, flags=CLONE_VM|SIGCHLD)");
}

static void test_errno_json(void)
{
	json_t *v = errno_json_new(1);

	ok(json_is_string(v) && !strcmp(json_string_value(v), "EPERM"), "errno 1 is \"EPERM\"");
	json_decref(v);
	v = errno_json_new(4000);
	ok(json_is_string(v) && !strcmp(json_string_value(v), "4000"),
	   "an errno without a name is its number as a string");
	json_decref(v);
}

int main(void)
{
	test_errno_json();
	test_stack_size();
	test_clone();
	test_clone3();
	test_small_calls();
	test_exec();
	test_format_buffer();
	return tap_done();
}
