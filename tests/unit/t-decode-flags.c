/* SPDX-License-Identifier: MIT */
/* names/flags.c, signals.c, errnos.c: flag names with their hex remainder, signals, errno values. */
#include "decode/decode.h"
#include "format/json.h"
#include "names/errnos.h"
#include "names/flags.h"
#include "names/signals.h"
#include "tests/unit/tap.h"

static void test_format(void)
{
	static const struct {
		uint64_t v;
		const char *want;
	} cases[] = {
		{ 0, "0" },
		{ 0x100, "CLONE_VM" },
		/* glibc pthread_create */
		{ 0x3d0f00, "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
			    "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID" },
		{ 0x80, "CLONE_NEWTIME" },
		{ 0x1000, "CLONE_PIDFD" },
		{ 0x400000, "CLONE_DETACHED" },
		{ 0x80000000, "CLONE_IO" },
		{ 1ULL << 32, "CLONE_CLEAR_SIGHAND" },
		{ 1ULL << 33, "CLONE_INTO_CGROUP" },
		{ 1ULL << 34, "CLONE_AUTOREAP" },
		{ 1ULL << 35, "CLONE_NNP" },
		{ 1ULL << 36, "CLONE_PIDFD_AUTOKILL" },
		{ 1ULL << 37, "CLONE_EMPTY_MNTNS" },
		{ (1ULL << 33) | 0x100, "CLONE_VM|CLONE_INTO_CGROUP" },
		/* unknown bits: the exit-signal byte but NEWTIME, and above 36 */
		{ 0x11, "0x11" },
		{ 0x100 | 0x11, "CLONE_VM|0x11" },
		{ 1ULL << 40, "0x10000000000" },
		{ (1ULL << 63) | (1ULL << 32) | 0x200 | 0x7f,
		  "CLONE_FS|CLONE_CLEAR_SIGHAND|0x800000000000007f" },
		{ ~0ULL, "CLONE_NEWTIME|CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_PIDFD|"
			 "CLONE_PTRACE|CLONE_VFORK|CLONE_PARENT|CLONE_THREAD|CLONE_NEWNS|"
			 "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|"
			 "CLONE_DETACHED|CLONE_UNTRACED|CLONE_CHILD_SETTID|CLONE_NEWCGROUP|"
			 "CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|"
			 "CLONE_IO|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP|CLONE_AUTOREAP|CLONE_NNP|"
			 "CLONE_PIDFD_AUTOKILL|CLONE_EMPTY_MNTNS|0xffffffc00000007f" },
	};
	char buf[1024];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int k = flags_format(FLAGS_CLONE, cases[i].v, buf, sizeof(buf));

		is_str(buf, cases[i].want, "flags_format(0x%" PRIx64 ")", cases[i].v);
		is_int(k, strlen(cases[i].want), "flags_format(0x%" PRIx64 ") length", cases[i].v);
	}

	/* snprintf semantics: the length wanted, what fits, always terminated */
	memset(buf, 'x', sizeof(buf));
	is_int(flags_format(FLAGS_CLONE, 0x300, buf, 5), 17, "short buffer: length wanted");
	is_str(buf, "CLON", "short buffer: what fits, terminated");
	is_int(flags_format(FLAGS_CLONE, 0x300, NULL, 0), 17, "NULL buffer: length wanted");
	buf[0] = 'x';
	is_int(flags_format(FLAGS_CLONE, 0x300, buf, 0), 17, "zero-size buffer: length wanted");
	is_int(buf[0], 'x', "zero-size buffer: untouched");

	flags_format(FLAGS_SETNS, 0x40000000 | 0x20000000, buf, sizeof(buf));
	is_str(buf, "CLONE_NEWPID|CLONE_NEWNET", "FLAGS_SETNS: NEWPID|NEWNET");
	flags_format(FLAGS_SETNS, 0x80 | 0x100, buf, sizeof(buf));
	is_str(buf, "CLONE_NEWTIME|0x100", "FLAGS_SETNS: CLONE_VM is no namespace");
	flags_format(FLAGS_UNSHARE, 0x00100000 | 0x00020000, buf, sizeof(buf));
	is_str(buf, "CLONE_NEWNS|UNSHARE_EMPTY_MNTNS", "FLAGS_UNSHARE: 0x100000 is UNSHARE_EMPTY_MNTNS");
	flags_format(FLAGS_CLONE, 0x00100000, buf, sizeof(buf));
	is_str(buf, "CLONE_PARENT_SETTID", "FLAGS_CLONE: 0x100000 is CLONE_PARENT_SETTID");
	flags_format(FLAGS_UNSHARE, 1ULL << 32, buf, sizeof(buf));
	is_str(buf, "0x100000000", "FLAGS_UNSHARE: no clone3-only flags");
	flags_format(FLAGS_EXECVEAT, 0x1000 | 0x100 | 1, buf, sizeof(buf));
	is_str(buf, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x1", "FLAGS_EXECVEAT");
}

static void test_json(void)
{
	json_t *j;

	j = flags_json_new(FLAGS_CLONE, 0);
	is_json(j, "[]", "flags_json_new(0) is []");
	json_decref(j);
	j = flags_json_new(FLAGS_CLONE, 0x4100);
	is_json(j, "[\"CLONE_VM\", \"CLONE_VFORK\"]", "flags_json_new: vfork flags");
	json_decref(j);
	j = flags_json_new(FLAGS_CLONE, (1ULL << 40) | (1ULL << 33) | 0x5);
	is_json(j, "[\"CLONE_INTO_CGROUP\", \"0x10000000005\"]", "flags_json_new: remainder as one hex string");
	json_decref(j);
	j = flags_json_new(FLAGS_SETNS, 0x2);
	is_json(j, "[\"0x2\"]", "flags_json_new: nothing named, only the remainder");
	json_decref(j);
}

static void test_signals(void)
{
	static const struct {
		const char *arch;
		int sig;
		const char *want;
	} cases[] = {
		{ "x86_64", 17, "SIGCHLD" }, { "x86_64", 9, "SIGKILL" }, { "x86_64", 10, "SIGUSR1" },
		{ "x86_64", 16, "SIGSTKFLT" }, { "x86_64", 31, "SIGSYS" }, { "x86_64", 18, "SIGCONT" },
		{ "x86_64", 0, NULL }, { "x86_64", 32, NULL }, { "x86_64", 64, NULL }, { "x86_64", -1, NULL },
		{ "i386", 17, "SIGCHLD" }, { "aarch64", 17, "SIGCHLD" }, { "arm", 17, "SIGCHLD" },
		{ "riscv64", 17, "SIGCHLD" }, { "s390x", 17, "SIGCHLD" }, { "ppc64le", 17, "SIGCHLD" },
		{ "loongarch64", 17, "SIGCHLD" },
		{ "mips64", 18, "SIGCHLD" }, { "mips64", 17, "SIGUSR2" }, { "mips64", 16, "SIGUSR1" },
		{ "mips64", 7, "SIGEMT" }, { "mips64", 10, "SIGBUS" }, { "mips64", 12, "SIGSYS" },
		{ "mips64", 19, "SIGPWR" }, { "mips64", 23, "SIGSTOP" }, { "mips64", 31, "SIGXFSZ" },
		{ "mips64", 9, "SIGKILL" }, { "mips64", 32, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(signal_name(arch_signals(arch_by_name(cases[i].arch)), cases[i].sig), cases[i].want,
		       "%s signal %d", cases[i].arch, cases[i].sig);
	is_str(signal_name(arch_signals(arch_by_audit(0x80000008)), 18), "SIGCHLD", "big-endian mips64: SIGCHLD is 18");
	is_str(signal_name(arch_signals(NULL), 17), "SIGCHLD", "no arch: generic numbering");
	is_int(signal_max(arch_signals(arch_by_name("x86_64"))), 64, "_NSIG is 64 on x86_64");
	is_int(signal_max(arch_signals(arch_by_name("mips64"))), 128, "_NSIG is 128 on mips64");
	is_int(signal_max(arch_signals(NULL)), 64, "_NSIG without arch is 64");

	/* every arch: SIGCHLD has a name, and it is the number fork uses */
	size_t n;
	const struct ct_arch *all = arch_all(&n);

	for (size_t i = 0; i < n; i++)
		is_str(signal_name(arch_signals(&all[i]), all[i].sig_mips ? 18 : 17), "SIGCHLD",
		       "%s 0x%08x: SIGCHLD", all[i].name, all[i].audit_arch);
}

static void test_errno(void)
{
	static const struct {
		int e;
		const char *want;
	} cases[] = {
		{ 1, "EPERM" }, { 2, "ENOENT" }, { 3, "ESRCH" }, { 4, "EINTR" }, { 5, "EIO" },
		{ 7, "E2BIG" }, { 8, "ENOEXEC" }, { 9, "EBADF" }, { 10, "ECHILD" }, { 11, "EAGAIN" },
		{ 12, "ENOMEM" }, { 13, "EACCES" }, { 14, "EFAULT" }, { 16, "EBUSY" }, { 17, "EEXIST" },
		{ 20, "ENOTDIR" }, { 21, "EISDIR" }, { 22, "EINVAL" }, { 23, "ENFILE" }, { 24, "EMFILE" },
		{ 26, "ETXTBSY" }, { 28, "ENOSPC" }, { 36, "ENAMETOOLONG" }, { 38, "ENOSYS" },
		{ 40, "ELOOP" }, { 87, "EUSERS" }, { 95, "EOPNOTSUPP" }, { 133, "EHWPOISON" },
		{ 512, "ERESTARTSYS" }, { 513, "ERESTARTNOINTR" }, { 514, "ERESTARTNOHAND" },
		{ 516, "ERESTART_RESTARTBLOCK" }, { 524, "ENOTSUPP" },
		{ 0, NULL }, { -1, NULL }, { 41, NULL }, { 58, NULL }, { 134, NULL }, { 520, NULL },
		{ 4095, NULL },
	};
	int named = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(errno_name(cases[i].e), cases[i].want, "errno_name(%d)", cases[i].e);
	for (int e = 1; e <= 133; e++)
		named += errno_name(e) != NULL;
	is_int(named, 131, "errno 1..133 all named but 41 and 58");
}

static void test_flag_name(void)
{
	is_str(flag_name(FLAGS_CLONE, 0x100), "CLONE_VM", "flag_name: exact value");
	is_str(flag_name(FLAGS_CLONE, 0x300), NULL, "flag_name: no bit combinations");
	is_str(flag_name(0, 0x100), NULL, "flag_name: no set, no name");
}

int main(void)
{
	test_format();
	test_json();
	test_signals();
	test_errno();
	test_flag_name();
	return tap_done();
}
