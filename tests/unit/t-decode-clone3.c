/* SPDX-License-Identifier: MIT */
/* clone3: struct clone_args read from fake tracee memory, on every architecture. */
#include <jansson.h>

#include "decode/decode.h"
#include "format/record.h"
#include "names/compat.h"
#include "names/signals.h"
#include "tests/unit/tap.h"

static struct fakemem fm;

/* A struct clone_args of size bytes in fake memory; the fields in VER2 order. */
struct cargs {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};

static uint64_t put_cargs(const struct cargs *ca, size_t size)
{
	const uint64_t *f = &ca->flags;
	uint64_t at = fakemem_alloc(&fm, size);

	for (size_t i = 0; i < 11 && (i + 1) * 8 <= size; i++)
		fakemem_put(&fm, at + i * 8, f[i], 8);
	return at;
}

static int do_clone3(const struct ct_arch *a, uint64_t addr, uint64_t size, struct ct_call *c)
{
	struct ct_mem mem = { fakemem_read, &fm };
	uint64_t r[6] = { addr, size, 0, 0, 0, 0 };

	return decode_call(a, a->nr[CT_SYS_CLONE3], r, &mem, c);
}

static void reset(const struct ct_arch *a)
{
	/* a base address that needs all of a 32-bit word */
	fakemem_init(&fm, a->wordsize == 4 ? 0xf0000000u : 0x7ffff7000000ULL, a->big_endian);
}

static const struct cargs full = {
	.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
	.pidfd = 0, .child_tid = 0x7f0000001000, .parent_tid = 0x7f0000001000,
	.exit_signal = 0, .stack = 0x7f0000100000, .stack_size = 0x800000,
	.tls = 0x7f0000900640, .set_tid = 0, .set_tid_size = 0, .cgroup = 0,
};

/*
 * A struct the kernel never read is not "no flags" (#25, item 4): below 64
 * bytes its flags are unknown (flags_value null); above the page, as strace
 * shows it, the 88 bytes the kernel knows are decoded, args_status "too_big".
 */
static void test_size_unread(const struct ct_arch *a)
{
	const char *n = a->name;
	struct cargs ca = { .flags = CLONE_NEWPID, .exit_signal = 17 };
	struct ct_call c;
	json_t *j;
	uint64_t at;

	reset(a);
	at = put_cargs(&ca, 88);
	must(do_clone3(a, at, 4104, &c));
	is_int(c.cargs, CT_CARGS_TOO_BIG, "%s: size 4104 is too big", n);
	is_u64(c.cargs_size, 4104, "%s: size 4104 kept", n);
	ok(c.has & CT_HAS_FLAGS, "%s: size 4104: the known prefix decoded, as strace does", n);
	is_u64(c.flags, CLONE_NEWPID, "%s: size 4104: its flags", n);
	is_u64(c.exit_signal_raw, 17, "%s: size 4104: its exit signal", n);
	j = call_json_new(&c);
	is_json(json_object_get(j, "flags"), "[\"CLONE_NEWPID\"]", "%s: size 4104: JSON flags", n);
	is_json(json_object_get(j, "flags_value"), "\"0x20000000\"", "%s: size 4104: flags_value", n);
	is_json(json_object_get(json_object_get(j, "args"), "args_status"), "\"too_big\"",
		"%s: size 4104: marked too_big", n);
	json_decref(j);
	call_release(&c);

	/* the prefix itself unreadable: nothing known */
	must(do_clone3(a, at + 0x100000, 4104, &c));
	is_int(c.cargs, CT_CARGS_TOO_BIG, "%s: size 4104 unreadable: too big", n);
	ok(!(c.has & CT_HAS_FLAGS), "%s: size 4104 unreadable: no fields", n);
	j = call_json_new(&c);
	is_json(json_object_get(j, "flags_value"), "null", "%s: size 4104 unreadable: flags_value null", n);
	json_decref(j);
	call_release(&c);

	/* below 64: the kernel reads nothing, and neither does the trace claim 0 */
	must(do_clone3(a, at, 63, &c));
	j = call_json_new(&c);
	is_json(json_object_get(j, "flags_value"), "null", "%s: size 63: flags_value null, not 0x0", n);
	is_json(json_object_get(j, "flags"), "[]", "%s: size 63: no flag named", n);
	is_json(json_object_get(j, "exit_signal"), "null", "%s: size 63: exit_signal null", n);
	json_decref(j);
	call_release(&c);
}

static void test_sizes(const struct ct_arch *a)
{
	static const uint64_t sizes[] = { 64, 72, 80, 88 };
	const char *n = a->name;
	struct ct_call c;
	struct cargs ca = full;

	ca.cgroup = 7;
	ca.set_tid_size = 0;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t at;

		reset(a);
		at = put_cargs(&ca, sizes[i]);
		if (!is_int(do_clone3(a, at, sizes[i], &c), 0, "%s 0x%08x: clone3 size %" PRIu64 " decodes",
			    n, a->audit_arch, sizes[i]))
			continue;
		is_int(c.sysc, CT_SYS_CLONE3, "%s: sysc clone3", n);
		is_int(c.cargs, CT_CARGS_OK, "%s size %" PRIu64 ": ok", n, sizes[i]);
		is_u64(c.cargs_addr, at, "%s: cargs_addr", n);
		is_u64(c.cargs_size, sizes[i], "%s: cargs_size", n);
		is_u64(c.flags, ca.flags, "%s size %" PRIu64 ": flags", n, sizes[i]);
		is_u64(c.child_tid, ca.child_tid, "%s: child_tid", n);
		is_u64(c.parent_tid, ca.parent_tid, "%s: parent_tid", n);
		is_u64(c.stack, ca.stack, "%s: stack", n);
		is_u64(c.stack_size, ca.stack_size, "%s: stack_size", n);
		is_u64(c.tls, ca.tls, "%s: tls", n);
		is_int(c.exit_signal, 0, "%s: exit_signal", n);
		is_u64(c.cgroup, sizes[i] >= 88 ? 7 : 0, "%s size %" PRIu64 ": cgroup read only from VER2",
		       n, sizes[i]);
		ok(!(c.has & CT_HAS_CGROUP), "%s: cgroup is no fd without CLONE_INTO_CGROUP", n);
		ok((c.has & (CT_HAS_FLAGS | CT_HAS_STACK | CT_HAS_STACK_SIZE | CT_HAS_EXIT_SIGNAL)) ==
		   (CT_HAS_FLAGS | CT_HAS_STACK | CT_HAS_STACK_SIZE | CT_HAS_EXIT_SIGNAL),
		   "%s: has the VER0 fields", n);
		ok(!(c.has & CT_HAS_TLS) == !(ca.flags & CLONE_SETTLS), "%s: tls only with CLONE_SETTLS", n);
		ok(!(c.has & CT_HAS_PIDFD) == !(ca.flags & CLONE_PIDFD), "%s: pidfd only with CLONE_PIDFD", n);
		ok(call_creates_task(&c), "%s: clone3 creates a task", n);
		call_release(&c);
	}

	/* too small, too big: nothing read */
	reset(a);
	is_int(do_clone3(a, fm.base, 63, &c), 0, "%s: size 63 decodes", n);
	is_int(c.cargs, CT_CARGS_TOO_SMALL, "%s: size 63 is too small", n);
	ok(!(c.has & CT_HAS_FLAGS), "%s: size 63: no fields", n);
	is_int(do_clone3(a, fm.base, 0, &c), 0, "%s: size 0 decodes", n);
	is_int(c.cargs, CT_CARGS_TOO_SMALL, "%s: size 0 is too small", n);
	is_int(do_clone3(a, fm.base, 4097, &c), 0, "%s: size 4097 decodes", n);
	is_int(c.cargs, CT_CARGS_TOO_BIG, "%s: size 4097 is too big", n);
	is_u64(c.cargs_size, 4097, "%s: size 4097 kept", n);
	is_int(do_clone3(a, fm.base, 4096, &c), 0, "%s: size 4096 decodes", n);
	is_int(c.cargs, CT_CARGS_OK, "%s: size 4096 of zeros is ok", n);
	test_size_unread(a);

	/* a longer struct: zero tail ok, a non-zero byte past 88 is E2BIG */
	reset(a);
	{
		uint64_t at = put_cargs(&full, 96);

		is_int(do_clone3(a, at, 96, &c), 0, "%s: size 96 decodes", n);
		is_int(c.cargs, CT_CARGS_OK, "%s: size 96 with zero tail is ok", n);
		is_u64(c.flags, full.flags, "%s: size 96 flags", n);
		fm.buf[at - fm.base + 90] = 1;
		do_clone3(a, at, 96, &c);
		is_int(c.cargs, CT_CARGS_NONZERO_TAIL, "%s: size 96 non-zero tail", n);
		is_u64(c.tail_offset, 90, "%s: tail_offset is the first non-zero byte", n);
		is_u64(c.flags, full.flags, "%s: fields still read with a non-zero tail", n);
		fm.buf[at - fm.base + 95] = 1;
		do_clone3(a, at, 96, &c);
		is_u64(c.tail_offset, 90, "%s: tail_offset is still the first", n);
		do_clone3(a, at, 90, &c);
		is_int(c.cargs, CT_CARGS_OK, "%s: size 90 stops before the byte at 90", n);
		do_clone3(a, at, 91, &c);
		is_int(c.cargs, CT_CARGS_NONZERO_TAIL, "%s: size 91 sees the byte at 90", n);
	}

	/* unreadable */
	reset(a);
	is_int(do_clone3(a, 0, 88, &c), 0, "%s: NULL cl_args decodes", n);
	is_int(c.cargs, CT_CARGS_UNREADABLE, "%s: NULL cl_args is unreadable", n);
	ok(!(c.has & CT_HAS_FLAGS), "%s: unreadable: no fields", n);
	fm.size = 100;
	is_int(do_clone3(a, fm.base + 40, 64, &c), 0, "%s: struct past the readable end decodes", n);
	is_int(c.cargs, CT_CARGS_UNREADABLE, "%s: struct past the readable end is unreadable", n);
	do_clone3(a, fm.base + 36, 64, &c);
	is_int(c.cargs, CT_CARGS_OK, "%s: struct ending at the readable end is ok", n);
	{
		uint64_t r[6] = { fm.base, 88, 0, 0, 0, 0 };

		is_int(decode_call(a, a->nr[CT_SYS_CLONE3], r, NULL, &c), 0, "%s: no memory decodes", n);
		is_int(c.cargs, CT_CARGS_UNREADABLE, "%s: no memory: unreadable", n);
	}
}

/* The 64-bit fields in the tracee's byte order, and 32-bit registers cut. */
static void test_layout(const struct ct_arch *a)
{
	const char *n = a->name;
	struct cargs ca = { 0 };
	struct ct_call c;
	uint64_t at;

	reset(a);
	ca.flags = CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | CLONE_NEWTIME | CLONE_VM;
	ca.pidfd = 0x0102030405060708ULL;
	ca.child_tid = 0x1112131415161718ULL;
	ca.parent_tid = 0x2122232425262728ULL;
	ca.exit_signal = a->sig_mips ? 18 : 17;
	ca.stack = 0x4142434445464748ULL;
	ca.stack_size = 0x5152535455565758ULL;
	ca.tls = 0x6162636465666768ULL;
	ca.cgroup = 5;
	at = put_cargs(&ca, 88);
	{
		struct ct_mem mem = { fakemem_read, &fm };
		/* the registers as a 64-bit tracer may see them: junk above 32 bits on 32-bit */
		uint64_t r[6] = { at | (a->wordsize == 4 ? 0xabcd000000000000ULL : 0),
				  88 | (a->wordsize == 4 ? 0x100000000ULL : 0), 0, 0, 0, 0 };

		is_int(decode_call(a, a->nr[CT_SYS_CLONE3], r, &mem, &c), 0,
		       "%s 0x%08x: layout decodes", n, a->audit_arch);
	}
	is_int(c.cargs, CT_CARGS_OK, "%s 0x%08x: registers cut to the word size", n, a->audit_arch);
	is_u64(c.flags, ca.flags, "%s %s: 64-bit flags", n, a->big_endian ? "big" : "little");
	is_u64(c.pidfd, ca.pidfd, "%s %s: pidfd", n, a->big_endian ? "big" : "little");
	is_u64(c.child_tid, ca.child_tid, "%s: child_tid", n);
	is_u64(c.parent_tid, ca.parent_tid, "%s: parent_tid", n);
	is_int(c.exit_signal, ca.exit_signal, "%s: exit_signal", n);
	is_u64(c.exit_signal_raw, ca.exit_signal, "%s: exit_signal_raw", n);
	is_str(signal_name(arch_signals(a), c.exit_signal), "SIGCHLD", "%s: exit_signal is SIGCHLD", n);
	is_u64(c.stack, ca.stack, "%s: stack", n);
	is_u64(c.stack_size, ca.stack_size, "%s: stack_size", n);
	is_u64(c.tls, ca.tls, "%s: tls", n);
	ok(c.has & CT_HAS_CGROUP, "%s: CLONE_INTO_CGROUP with VER2: cgroup", n);
	is_u64(c.cgroup, 5, "%s: cgroup fd", n);
	do_clone3(a, at, 80, &c);
	ok(!(c.has & CT_HAS_CGROUP), "%s: CLONE_INTO_CGROUP with VER1: no cgroup", n);
	is_u64(c.cgroup, 0, "%s: VER1: cgroup not read", n);

	/* an exit_signal that does not fit an int */
	reset(a);
	ca = full;
	ca.exit_signal = 0x100000011ULL;
	at = put_cargs(&ca, 64);
	do_clone3(a, at, 64, &c);
	is_u64(c.exit_signal_raw, 0x100000011ULL, "%s: exit_signal_raw keeps 64 bits", n);
	is_int(c.exit_signal, -1, "%s: exit_signal -1 when it is no int", n);
}

static void test_set_tid(const struct ct_arch *a)
{
	const char *n = a->name;
	struct cargs ca = full;
	struct ct_call c;
	uint64_t at, arr;
	int all_ok = 1;

	for (int k = 1; k <= 32; k++) {
		reset(a);
		arr = fakemem_alloc(&fm, (size_t)k * 4);
		for (int i = 0; i < k; i++)
			fakemem_put(&fm, arr + (uint64_t)i * 4, (uint32_t)(1000 + i), 4);
		ca.set_tid = arr;
		ca.set_tid_size = (uint64_t)k;
		at = put_cargs(&ca, 80);
		do_clone3(a, at, 80, &c);
		all_ok &= c.cargs == CT_CARGS_OK && c.n_set_tid == k && !c.set_tid_unreadable &&
			  (c.has & CT_HAS_SET_TID) && c.set_tid_addr == arr &&
			  c.set_tid_size == (uint64_t)k;
		for (int i = 0; i < k; i++)
			all_ok &= c.set_tid[i] == 1000 + i;
		call_release(&c);
	}
	ok(all_ok, "%s 0x%08x: set_tid of 1..32 pids read", n, a->audit_arch);

	/* pid_t is signed */
	reset(a);
	arr = fakemem_alloc(&fm, 8);
	fakemem_put(&fm, arr, (uint32_t)-5, 4);
	fakemem_put(&fm, arr + 4, 1, 4);
	ca.set_tid = arr;
	ca.set_tid_size = 2;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 88, &c);
	is_int(c.n_set_tid, 2, "%s: two pids", n);
	is_int(c.set_tid[0], -5, "%s: set_tid[0] is -5", n);
	is_int(c.set_tid[1], 1, "%s: set_tid[1] is 1", n);
	call_release(&c);
	ok(c.set_tid == NULL && c.n_set_tid == 0, "%s: call_release frees set_tid", n);

	/* 33: more than MAX_PID_NS_LEVEL, not read */
	ca.set_tid_size = 33;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 88, &c);
	is_int(c.n_set_tid, 0, "%s: set_tid_size 33 not read", n);
	ok(c.has & CT_HAS_SET_TID, "%s: set_tid_size 33 is still shown", n);
	is_u64(c.set_tid_size, 33, "%s: set_tid_size 33 kept", n);

	/* size without pointer, pointer without size */
	ca.set_tid = 0;
	ca.set_tid_size = 3;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 88, &c);
	is_int(c.n_set_tid, 0, "%s: set_tid_size without set_tid: nothing read", n);
	ok(!c.set_tid_unreadable, "%s: ... and nothing unreadable", n);
	ca.set_tid = arr;
	ca.set_tid_size = 0;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 88, &c);
	is_int(c.n_set_tid, 0, "%s: set_tid without set_tid_size: nothing read", n);
	ok(c.has & CT_HAS_SET_TID, "%s: set_tid without size is shown", n);

	/* unreadable array */
	ca.set_tid = 8;
	ca.set_tid_size = 1;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 88, &c);
	ok(c.set_tid_unreadable, "%s: set_tid at 8 is unreadable", n);
	is_int(c.n_set_tid, 0, "%s: unreadable set_tid: none", n);

	/* set_tid in a VER0 struct is not there */
	ca.set_tid = arr;
	ca.set_tid_size = 1;
	at = put_cargs(&ca, 88);
	do_clone3(a, at, 64, &c);
	ok(!(c.has & CT_HAS_SET_TID), "%s: size 64: no set_tid", n);
}

int main(void)
{
	size_t n;
	const struct ct_arch *all = arch_all(&n);

	for (size_t i = 0; i < n; i++) {
		test_sizes(&all[i]);
		test_layout(&all[i]);
		test_set_tid(&all[i]);
	}
	return tap_done();
}
