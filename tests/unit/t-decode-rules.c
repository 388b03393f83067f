/* SPDX-License-Identifier: MIT */
/*
 * decode/rules.c: every mk_clone(2) ERRORS rule is listed by a call that breaks
 * it, and the calls real programs make (pthread_create, fork, posix_spawn)
 * break none.
 */
#include "decode/decode.h"
#include "decode/rules.h"
#include "names/compat.h"
#include "names/flags.h"
#include "tests/unit/tap.h"

static struct fakemem fm;

/* Rules some test showed broken, to check that every rule was. */
static const char *seen[128];
static size_t n_seen;

struct cargs {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};

static struct ct_call dec(const char *arch, int sysc, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const struct ct_arch *a = arch_by_name(arch);
	struct ct_mem mem = { fakemem_read, &fm };
	uint64_t r[6] = { a0, a1, a2, 0, 0, 0 };
	struct ct_call c;

	must(decode_call(a, a->nr[sysc], r, &mem, &c));
	return c;
}

static struct ct_call mk_clone(uint64_t flags)
{
	return dec("x86_64", CT_SYS_CLONE, flags, 0x7f0000010000, 0x7f0000020000);
}

static struct ct_call mk_clone3_on(const char *arch, const struct cargs *ca, uint64_t size)
{
	const uint64_t *f = &ca->flags;
	uint64_t at;

	fakemem_init(&fm, 0x10000, arch_by_name(arch)->big_endian);
	at = fakemem_alloc(&fm, size < 4096 ? size : 4096);
	for (size_t i = 0; i < 11 && (i + 1) * 8 <= size; i++)
		fakemem_put(&fm, at + i * 8, f[i], 8);
	return dec(arch, CT_SYS_CLONE3, at, size, 0);
}

static struct ct_call mk_clone3(const struct cargs *ca, uint64_t size)
{
	return mk_clone3_on("x86_64", ca, size);
}

static int lists(const struct ct_call *c, const char *rule)
{
	const char *out[64];
	size_t n = rules_check(c, out, 64);

	for (size_t i = 0; i < n && i < 64; i++)
		if (strcmp(out[i], rule) == 0) {
			if (n_seen < sizeof(seen) / sizeof(seen[0]))
				seen[n_seen++] = out[i];
			return 1;
		}
	return 0;
}

static void breaks(struct ct_call c, const char *what, const char *rule)
{
	char line[1024];

	if (!ok(lists(&c, rule), "%s: \"%s\"", what, rule)) {
		call_format(&c, line, sizeof(line));
		printf("# call: %s\n", line);
	}
	call_release(&c);
}

static void keeps(struct ct_call c, const char *what, const char *rule)
{
	ok(!lists(&c, rule), "%s: not \"%s\"", what, rule);
	call_release(&c);
}

#define V71 "CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL and CLONE_EMPTY_MNTNS need Linux 7.1 or later"

/* Breaks no rule but that the flags need Linux 7.1. */
static void only71(struct ct_call c, const char *what)
{
	const char *out[64];
	size_t n = rules_check(&c, out, 64);

	if (!ok(n == 1 && lists(&c, V71), "%s breaks only \"" V71 "\"", what))
		for (size_t i = 0; i < n && i < 64; i++)
			printf("# breaks \"%s\"\n", out[i]);
	call_release(&c);
}

static void clean(struct ct_call c, const char *what)
{
	const char *out[64];
	size_t n = rules_check(&c, out, 64);

	if (!is_int(n, 0, "%s breaks no rule", what))
		for (size_t i = 0; i < n && i < 64; i++)
			printf("# breaks \"%s\"\n", out[i]);
	call_release(&c);
}

/* a thread as glibc's pthread_create makes it, with clone and with clone3 */
#define PTHREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		       CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

static const struct cargs thread3 = {
	.flags = PTHREAD_FLAGS, .child_tid = 0x7f00000010d0, .parent_tid = 0x7f00000010d0,
	.stack = 0x7f0000000000, .stack_size = 0x800000, .tls = 0x7f00008006c0,
};

static const struct cargs spawn3 = {
	.flags = CLONE_VM | CLONE_VFORK, .exit_signal = 17,
	.stack = 0x7f0000000000, .stack_size = 0x9000,
};

static void test_clone_rules(void)
{
	breaks(mk_clone(CLONE_FS | CLONE_NEWNS | 17), "clone FS|NEWNS",
	       "CLONE_FS cannot be combined with CLONE_NEWNS");
	breaks(mk_clone(CLONE_FS | CLONE_NEWUSER | 17), "clone FS|NEWUSER",
	       "CLONE_FS cannot be combined with CLONE_NEWUSER");
	breaks(mk_clone(CLONE_THREAD | CLONE_VM), "clone THREAD|VM",
	       "CLONE_THREAD requires CLONE_SIGHAND");
	breaks(mk_clone(CLONE_SIGHAND | 17), "clone SIGHAND",
	       "CLONE_SIGHAND requires CLONE_VM");
	keeps(mk_clone(CLONE_SIGHAND | CLONE_VM | 17), "clone SIGHAND|VM",
	      "CLONE_SIGHAND requires CLONE_VM");
	breaks(mk_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID), "clone THREAD|NEWPID",
	       "CLONE_THREAD cannot be combined with CLONE_NEWPID or CLONE_NEWUSER");
	breaks(mk_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER), "clone THREAD|NEWUSER",
	       "CLONE_THREAD cannot be combined with CLONE_NEWPID or CLONE_NEWUSER");
	/* allowed since Linux 3.13 although the man page still lists it */
	keeps(mk_clone(CLONE_PARENT | CLONE_NEWPID | 17), "clone PARENT|NEWPID",
	      "CLONE_THREAD cannot be combined with CLONE_NEWPID or CLONE_NEWUSER");
	breaks(mk_clone(CLONE_PIDFD | CLONE_DETACHED | 17), "clone PIDFD|DETACHED",
	       "CLONE_PIDFD cannot be combined with CLONE_DETACHED");
	keeps(mk_clone(CLONE_DETACHED | 17), "clone DETACHED alone is ignored",
	      "CLONE_PIDFD cannot be combined with CLONE_DETACHED");
	breaks(mk_clone(CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM), "clone PIDFD|THREAD",
	       "CLONE_PIDFD with CLONE_THREAD needs Linux 6.9 or later");
	breaks(mk_clone(CLONE_NEWIPC | CLONE_SYSVSEM | 17), "clone NEWIPC|SYSVSEM",
	       "CLONE_NEWIPC cannot be combined with CLONE_SYSVSEM");
	breaks(mk_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | 17), "clone PIDFD|PARENT_SETTID",
	       "CLONE_PIDFD cannot be combined with CLONE_PARENT_SETTID in clone");
	/* mk_clone() cannot pass the 64-bit flags at all */
	keeps(mk_clone(CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND | 17), "clone SIGHAND|CLEAR_SIGHAND",
	      "CLONE_SIGHAND cannot be combined with CLONE_CLEAR_SIGHAND");
}

static void test_clone3_rules(void)
{
	struct cargs ca;

	ca = spawn3;
	ca.flags |= CLONE_FS | CLONE_NEWNS;
	breaks(mk_clone3(&ca, 88), "clone3 FS|NEWNS", "CLONE_FS cannot be combined with CLONE_NEWNS");
	ca = thread3;
	ca.flags |= CLONE_PIDFD;
	ca.pidfd = 0x7f0000002000;
	breaks(mk_clone3(&ca, 88), "clone3 PIDFD|THREAD",
	       "CLONE_PIDFD with CLONE_THREAD needs Linux 6.9 or later");
	keeps(mk_clone3(&ca, 88), "clone3 PIDFD|PARENT_SETTID at other addresses",
	      "CLONE_PIDFD and CLONE_PARENT_SETTID cannot use the same address");
	ca.pidfd = ca.parent_tid;
	breaks(mk_clone3(&ca, 88), "clone3 PIDFD|PARENT_SETTID at one address",
	       "CLONE_PIDFD and CLONE_PARENT_SETTID cannot use the same address");
	keeps(mk_clone3(&ca, 88), "clone3 PIDFD|PARENT_SETTID",
	      "CLONE_PIDFD cannot be combined with CLONE_PARENT_SETTID in clone");

	ca = spawn3;
	ca.flags = CLONE_DETACHED;
	breaks(mk_clone3(&ca, 64), "clone3 DETACHED", "clone3 does not accept CLONE_DETACHED");
	ca.flags = CLONE_DETACHED | CLONE_PIDFD;
	breaks(mk_clone3(&ca, 64), "clone3 DETACHED|PIDFD", "CLONE_PIDFD cannot be combined with CLONE_DETACHED");

	ca = thread3;
	ca.flags |= CLONE_CLEAR_SIGHAND;
	breaks(mk_clone3(&ca, 88), "clone3 SIGHAND|CLEAR_SIGHAND",
	       "CLONE_SIGHAND cannot be combined with CLONE_CLEAR_SIGHAND");
	ca = spawn3;
	ca.flags = CLONE_CLEAR_SIGHAND;
	clean(mk_clone3(&ca, 88), "clone3 CLEAR_SIGHAND alone");

	ca = thread3;
	ca.exit_signal = 17;
	breaks(mk_clone3(&ca, 88), "clone3 THREAD with exit_signal",
	       "clone3 exit_signal must be 0 with CLONE_THREAD or CLONE_PARENT");
	ca = spawn3;
	ca.flags = CLONE_PARENT;
	breaks(mk_clone3(&ca, 88), "clone3 PARENT with exit_signal",
	       "clone3 exit_signal must be 0 with CLONE_THREAD or CLONE_PARENT");
	ca.exit_signal = 0;
	clean(mk_clone3(&ca, 88), "clone3 PARENT without exit_signal");

	ca = spawn3;
	ca.exit_signal = 65;
	breaks(mk_clone3(&ca, 88), "clone3 exit_signal 65 on x86_64", "clone3 exit_signal is not a valid signal");
	breaks(mk_clone3_on("s390x", &ca, 88), "clone3 exit_signal 65 on s390x",
	       "clone3 exit_signal is not a valid signal");
	keeps(mk_clone3_on("mips64", &ca, 88), "clone3 exit_signal 65 on mips64 (_NSIG 128)",
	      "clone3 exit_signal is not a valid signal");
	ca.exit_signal = 129;
	breaks(mk_clone3_on("mips64", &ca, 88), "clone3 exit_signal 129 on mips64",
	       "clone3 exit_signal is not a valid signal");
	ca.exit_signal = 64;
	keeps(mk_clone3(&ca, 88), "clone3 exit_signal 64 (_NSIG) on x86_64",
	      "clone3 exit_signal is not a valid signal");
	ca.exit_signal = 0x100000011ULL;
	breaks(mk_clone3(&ca, 88), "clone3 exit_signal with upper bits",
	       "clone3 exit_signal is not a valid signal");

	ca = spawn3;
	breaks(mk_clone3(&ca, 63), "clone3 size 63", "clone3 size is below 64 (CLONE_ARGS_SIZE_VER0)");
	breaks(mk_clone3(&ca, 4097), "clone3 size 4097", "clone3 size is above the page size");
	clean(mk_clone3(&ca, 96), "clone3 size 96 with zero tail");
	{
		struct ct_call c = mk_clone3(&ca, 96);

		fm.buf[c.cargs_addr - fm.base + 95] = 7;
		call_release(&c);
		c = dec("x86_64", CT_SYS_CLONE3, c.cargs_addr, 96, 0);
		breaks(c, "clone3 size 96 with non-zero tail",
		       "clone3 struct has non-zero bytes past the known fields");
	}

	ca = spawn3;
	ca.set_tid = 0x10000;
	ca.set_tid_size = 33;
	breaks(mk_clone3(&ca, 88), "clone3 set_tid_size 33", "clone3 set_tid_size is above 32");
	ca.set_tid_size = 32;
	keeps(mk_clone3(&ca, 88), "clone3 set_tid_size 32", "clone3 set_tid_size is above 32");
	ca.set_tid = 0;
	ca.set_tid_size = 1;
	breaks(mk_clone3(&ca, 88), "clone3 set_tid_size without set_tid", "clone3 set_tid_size requires set_tid");
	ca.set_tid = 0x10000;
	ca.set_tid_size = 0;
	breaks(mk_clone3(&ca, 88), "clone3 set_tid without set_tid_size", "clone3 set_tid requires set_tid_size");
	ca.set_tid_size = 1;
	clean(mk_clone3(&ca, 88), "clone3 set_tid of one pid");

	ca = spawn3;
	ca.flags |= CLONE_INTO_CGROUP;
	ca.cgroup = 4;
	breaks(mk_clone3(&ca, 80), "clone3 INTO_CGROUP in an 80-byte struct",
	       "CLONE_INTO_CGROUP requires a clone_args of 88 bytes or more");
	clean(mk_clone3(&ca, 88), "clone3 INTO_CGROUP in an 88-byte struct");
	ca.cgroup = 0x80000000ULL;
	breaks(mk_clone3(&ca, 88), "clone3 cgroup above INT_MAX",
	       "CLONE_INTO_CGROUP requires cgroup to be a file descriptor");

	ca = spawn3;
	ca.stack_size = 0;
	breaks(mk_clone3(&ca, 64), "clone3 stack without size", "clone3 stack requires stack_size");
	ca = spawn3;
	ca.stack = 0;
	breaks(mk_clone3(&ca, 64), "clone3 stack_size without stack", "clone3 stack_size requires stack");
	ca.stack_size = 0;
	ca.flags = 0;
	clean(mk_clone3(&ca, 64), "clone3 fork-like without stack");

	ca = spawn3;
	ca.flags |= 1ULL << 40;
	breaks(mk_clone3(&ca, 64), "clone3 flag bit 40", "clone3 flags has unknown bits");
	ca.flags = 17;
	breaks(mk_clone3(&ca, 64), "clone3 SIGCHLD in flags", "clone3 flags cannot hold a signal (use exit_signal)");
	ca.flags = CLONE_NEWTIME;
	clean(mk_clone3(&ca, 64), "clone3 CLONE_NEWTIME (0x80) is a flag");

	/* the newest clone3 flags */
	ca = spawn3;
	ca.flags = CLONE_AUTOREAP | CLONE_PARENT;
	ca.exit_signal = 0;
	breaks(mk_clone3(&ca, 64), "clone3 AUTOREAP|PARENT",
	       "CLONE_AUTOREAP cannot be combined with CLONE_THREAD or CLONE_PARENT");
	ca.flags = CLONE_AUTOREAP;
	only71(mk_clone3(&ca, 64), "clone3 AUTOREAP, exit_signal 0");
	breaks(mk_clone3(&ca, 64), "clone3 AUTOREAP", V71);
	ca.exit_signal = 17;
	breaks(mk_clone3(&ca, 64), "clone3 AUTOREAP with exit_signal", "CLONE_AUTOREAP requires exit_signal 0");
	ca = thread3;
	ca.flags |= CLONE_NNP;
	breaks(mk_clone3(&ca, 64), "clone3 NNP|THREAD", "CLONE_NNP cannot be combined with CLONE_THREAD");
	ca = spawn3;
	ca.exit_signal = 0;
	ca.flags = CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP;
	breaks(mk_clone3(&ca, 64), "clone3 PIDFD_AUTOKILL without PIDFD", "CLONE_PIDFD_AUTOKILL requires CLONE_PIDFD");
	ca.flags = CLONE_PIDFD_AUTOKILL | CLONE_PIDFD;
	breaks(mk_clone3(&ca, 64), "clone3 PIDFD_AUTOKILL without AUTOREAP",
	       "CLONE_PIDFD_AUTOKILL requires CLONE_AUTOREAP");
	ca = thread3;
	ca.flags |= CLONE_PIDFD_AUTOKILL;
	breaks(mk_clone3(&ca, 64), "clone3 PIDFD_AUTOKILL|THREAD",
	       "CLONE_PIDFD_AUTOKILL cannot be combined with CLONE_THREAD");
	ca = spawn3;
	ca.exit_signal = 0;
	ca.flags = CLONE_PIDFD_AUTOKILL | CLONE_PIDFD | CLONE_AUTOREAP | CLONE_NNP;
	ca.pidfd = 0x10000;
	only71(mk_clone3(&ca, 64), "clone3 PIDFD_AUTOKILL|PIDFD|AUTOREAP|NNP");
	ca = spawn3;
	ca.flags = CLONE_EMPTY_MNTNS | CLONE_NEWUSER;
	only71(mk_clone3(&ca, 64), "clone3 EMPTY_MNTNS|NEWUSER");
	ca.flags = CLONE_EMPTY_MNTNS | CLONE_FS;
	breaks(mk_clone3(&ca, 64), "clone3 EMPTY_MNTNS|FS",
	       "CLONE_EMPTY_MNTNS (a new mount namespace) cannot be combined with CLONE_FS");
	ca.flags = 1ULL << 38;
	keeps(mk_clone3(&ca, 64), "clone3 bit 38", V71);
	breaks(mk_clone3(&ca, 64), "clone3 bit 38", "clone3 flags has unknown bits");

	ca = spawn3;
	ca.flags |= CLONE_NEWIPC | CLONE_SYSVSEM;
	breaks(mk_clone3(&ca, 64), "clone3 NEWIPC|SYSVSEM", "CLONE_NEWIPC cannot be combined with CLONE_SYSVSEM");
}

static void test_other_rules(void)
{
	breaks(dec("x86_64", CT_SYS_UNSHARE, CLONE_PARENT, 0, 0), "unshare CLONE_PARENT",
	       "unshare accepts only CLONE_FILES, CLONE_FS, CLONE_NEW*, CLONE_SIGHAND, "
	       "CLONE_SYSVSEM, CLONE_THREAD and CLONE_VM");
	breaks(dec("x86_64", CT_SYS_UNSHARE, 1ULL << 40, 0, 0), "unshare bit 40",
	       "unshare accepts only CLONE_FILES, CLONE_FS, CLONE_NEW*, CLONE_SIGHAND, "
	       "CLONE_SYSVSEM, CLONE_THREAD and CLONE_VM");
	breaks(dec("x86_64", CT_SYS_UNSHARE, UNSHARE_EMPTY_MNTNS, 0, 0), "unshare UNSHARE_EMPTY_MNTNS",
	       "UNSHARE_EMPTY_MNTNS needs Linux 7.1 or later");
	keeps(dec("x86_64", CT_SYS_UNSHARE, UNSHARE_EMPTY_MNTNS, 0, 0), "unshare UNSHARE_EMPTY_MNTNS",
	      "unshare accepts only CLONE_FILES, CLONE_FS, CLONE_NEW*, CLONE_SIGHAND, "
	      "CLONE_SYSVSEM, CLONE_THREAD and CLONE_VM");
	breaks(dec("x86_64", CT_SYS_SETNS, 3, CLONE_VM, 0), "setns CLONE_VM",
	       "setns nstype accepts only CLONE_NEW* flags");
}

static void test_clean(void)
{
	size_t n;
	const struct ct_arch *all = arch_all(&n);

	for (size_t i = 0; i < n; i++) {
		const struct ct_arch *a = &all[i];
		uint64_t r[6] = { 0 };
		const struct ct_clone_args_idx *ix = clone_order_idx(a->clone_order);
		struct ct_call c;

		r[ix->flags] = PTHREAD_FLAGS;
		r[ix->stack] = 0x7f000000;
		must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
		clean(c, a->name);
		/* glibc fork() */
		r[ix->flags] = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | (a->sig_mips ? 18 : 17);
		r[ix->stack] = 0;
		must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
		clean(c, "glibc fork as clone");
		if (a->nr[CT_SYS_FORK] >= 0) {
			must(decode_call(a, a->nr[CT_SYS_FORK], r, NULL, &c));
			clean(c, "fork()");
		}
		if (a->nr[CT_SYS_VFORK] >= 0) {
			must(decode_call(a, a->nr[CT_SYS_VFORK], r, NULL, &c));
			clean(c, "vfork()");
		}
		clean(mk_clone3_on(a->name, &thread3, 88), "pthread_create as clone3");
	}
	clean(mk_clone3(&spawn3, 88), "posix_spawn as clone3");
	clean(mk_clone(CLONE_VM | CLONE_VFORK | 17), "posix_spawn as clone");
	clean(dec("x86_64", CT_SYS_UNSHARE, CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWTIME |
			     CLONE_FILES | CLONE_FS | CLONE_SYSVSEM, 0, 0), "unshare of namespaces");
	clean(dec("x86_64", CT_SYS_UNSHARE, 0, 0, 0), "unshare(0)");
	clean(dec("x86_64", CT_SYS_SETNS, 3, 0, 0), "setns(3, 0)");
	clean(dec("x86_64", CT_SYS_SETNS, 3, CLONE_NEWNET | CLONE_NEWUTS, 0), "setns pidfd NEWNET|NEWUTS");
	clean(dec("x86_64", CT_SYS_EXECVE, 0, 0, 0), "execve");
}

static void test_api(void)
{
	const char *all[64], *few[2];
	size_t n = rules_all(all, 64);
	struct ct_call c = mk_clone(CLONE_THREAD | CLONE_NEWPID);
	int missing = 0;

	ok(n > 0 && n <= 64, "rules_all: %zu rules", n);
	is_int(rules_all(few, 2), n, "rules_all with little room still counts");
	is_int(rules_all(NULL, 0), n, "rules_all(NULL) counts");

	/* this call breaks two: the count is all, out[] gets what fits */
	is_int(rules_check(&c, few, 1), 2, "rules_check counts past max");
	is_int(rules_check(&c, NULL, 0), 2, "rules_check(NULL out) counts");
	is_int(rules_check(NULL, few, 2), 0, "rules_check(NULL)");

	for (size_t i = 0; i < n && i < 64; i++) {
		int hit = 0;

		for (size_t j = 0; j < n_seen; j++)
			hit |= strcmp(seen[j], all[i]) == 0;
		if (!hit) {
			printf("# no test breaks \"%s\"\n", all[i]);
			missing++;
		}
	}
	is_int(missing, 0, "every rule is broken by some test");
}

static void test_unshare_implied(void)
{
	is_u64(unshare_implied_flags(0), 0, "unshare(0) implies nothing");
	is_u64(unshare_implied_flags(CLONE_NEWUSER), CLONE_NEWUSER | CLONE_THREAD | CLONE_FS,
	       "CLONE_NEWUSER implies CLONE_THREAD|CLONE_FS");
	is_u64(unshare_implied_flags(CLONE_VM), CLONE_VM | CLONE_SIGHAND | CLONE_THREAD,
	       "CLONE_VM implies CLONE_SIGHAND, which implies CLONE_THREAD");
	is_u64(unshare_implied_flags(CLONE_SIGHAND), CLONE_SIGHAND | CLONE_THREAD,
	       "CLONE_SIGHAND implies CLONE_THREAD");
	is_u64(unshare_implied_flags(CLONE_NEWNS), CLONE_NEWNS | CLONE_FS, "CLONE_NEWNS implies CLONE_FS");
	is_u64(unshare_implied_flags(UNSHARE_EMPTY_MNTNS), UNSHARE_EMPTY_MNTNS | CLONE_NEWNS | CLONE_FS,
	       "UNSHARE_EMPTY_MNTNS implies CLONE_NEWNS, which implies CLONE_FS");
	is_u64(unshare_implied_flags(CLONE_NEWPID | CLONE_NEWNET), CLONE_NEWPID | CLONE_NEWNET,
	       "CLONE_NEWPID|CLONE_NEWNET imply nothing");
}

int main(void)
{
	test_clone_rules();
	test_clone3_rules();
	test_other_rules();
	test_clean();
	test_api();
	test_unshare_implied();
	return tap_done();
}
