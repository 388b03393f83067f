/* SPDX-License-Identifier: MIT */
/*
 * Shared by the samples: the ground-truth convention and the few helpers
 * every sample needs.  See samples/README.md.
 *
 * Convention: a sample is run as  build/samples/NAME [TRUTH [MODE ARG...]]
 *   TRUTH  path of the ground-truth JSON the sample writes (atomically:
 *          TRUTH.tmp, then rename).  Absent or "" : no truth is written;
 *          "-" : written to stdout.
 *   MODE   only used when a sample re-executes itself (fork_exec,
 *          thread_exec): "--level N ...", "--report ...", "--after-exec ...".
 *          A re-executed image gets the same TRUTH argument.
 * Every truth document has "sample", "pid", "tid", "ns", "nspid" (of the
 * sample's first image, as it saw them), "skips" ({part: reason} for each
 * part that could not run here) and sample-specific names.  Tids are as the
 * sample saw them in its own PID namespace, which the tests share.
 *
 * Children that cannot touch the truth document (other processes, re-exec'd
 * images) report one JSON object per line on an inherited pipe (report());
 * the sample's first process collects them (reports_collect()).
 */
#ifndef CLONETRACE_SAMPLES_SAMPLE_H
#define CLONETRACE_SAMPLES_SAMPLE_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <linux/kcmp.h>
#include <linux/sched.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 64
#endif
#ifndef CLONE_ARGS_SIZE_VER1
#define CLONE_ARGS_SIZE_VER1 80
#endif
#ifndef CLONE_ARGS_SIZE_VER2
#define CLONE_ARGS_SIZE_VER2 88
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif

/* struct clone_args as of CLONE_ARGS_SIZE_VER2; ours, so old headers do. */
struct ct_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static inline pid_t ct_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static inline long ct_clone3(struct ct_clone_args *a, size_t size)
{
	return syscall(__NR_clone3, a, size);
}

/* ---- clone flag names, for the truth (the tests compare them by name) ---- */

static const struct {
	uint64_t val;
	const char *name;
} ct_clone_flag_names[] = {
	{ CLONE_NEWTIME, "CLONE_NEWTIME" },
	{ CLONE_VM, "CLONE_VM" },
	{ CLONE_FS, "CLONE_FS" },
	{ CLONE_FILES, "CLONE_FILES" },
	{ CLONE_SIGHAND, "CLONE_SIGHAND" },
	{ CLONE_PIDFD, "CLONE_PIDFD" },
	{ CLONE_PTRACE, "CLONE_PTRACE" },
	{ CLONE_VFORK, "CLONE_VFORK" },
	{ CLONE_PARENT, "CLONE_PARENT" },
	{ CLONE_THREAD, "CLONE_THREAD" },
	{ CLONE_NEWNS, "CLONE_NEWNS" },
	{ CLONE_SYSVSEM, "CLONE_SYSVSEM" },
	{ CLONE_SETTLS, "CLONE_SETTLS" },
	{ CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
	{ CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
	{ CLONE_DETACHED, "CLONE_DETACHED" },
	{ CLONE_UNTRACED, "CLONE_UNTRACED" },
	{ CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
	{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
	{ CLONE_NEWUTS, "CLONE_NEWUTS" },
	{ CLONE_NEWIPC, "CLONE_NEWIPC" },
	{ CLONE_NEWUSER, "CLONE_NEWUSER" },
	{ CLONE_NEWPID, "CLONE_NEWPID" },
	{ CLONE_NEWNET, "CLONE_NEWNET" },
	{ CLONE_IO, "CLONE_IO" },
	{ CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND" },
	{ CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP" },
};

/*
 * Flag names of v as a new JSON array.  For clone(2) pass the flags without
 * the exit-signal byte (CLONE_NEWTIME shares that byte's 0x80 bit: only
 * unshare and clone3 can mean it).
 */
static inline json_t *flags_names_new(uint64_t v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof ct_clone_flag_names / sizeof ct_clone_flag_names[0]; i++)
		if (v & ct_clone_flag_names[i].val) {
			json_array_append_new(a, json_string(ct_clone_flag_names[i].name));
			v &= ~ct_clone_flag_names[i].val;
		}
	if (v) {
		char hex[32];
		snprintf(hex, sizeof hex, "0x%" PRIx64, v);
		json_array_append_new(a, json_string(hex));
	}
	return a;
}

static inline json_t *hex_new(uint64_t v)
{
	char hex[32];
	snprintf(hex, sizeof hex, "0x%" PRIx64, v);
	return json_string(hex);
}

/* ---- what a task sees of itself ---- */

static const char *const ct_ns_names[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
	"time", "time_for_children", "user", "uts",
};

/* Inode of /proc/TID/ns/NAME (tid 0: self); 0 if the kernel lacks it. */
static inline uint64_t ns_inode(pid_t tid, const char *name)
{
	char p[64];
	struct stat st;
	if (tid)
		snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)tid, name);
	else
		snprintf(p, sizeof p, "/proc/thread-self/ns/%s", name);
	if (stat(p, &st) < 0)
		return 0;
	return (uint64_t)st.st_ino;
}

/* {"cgroup": inode, ...} of /proc/TID/ns (tid 0: the calling thread). */
static inline json_t *ns_json_new(pid_t tid)
{
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof ct_ns_names / sizeof ct_ns_names[0]; i++) {
		uint64_t ino = ns_inode(tid, ct_ns_names[i]);
		if (ino)
			json_object_set_new(o, ct_ns_names[i], json_integer((json_int_t)ino));
	}
	return o;
}

/* NSpid of /proc/TID/status (tid 0: the calling thread), outermost first. */
static inline int nspid_read(pid_t tid, long *out, int max)
{
	char p[64], line[512];
	int n = 0;
	if (tid)
		snprintf(p, sizeof p, "/proc/%d/status", (int)tid);
	else
		snprintf(p, sizeof p, "/proc/thread-self/status");
	FILE *f = fopen(p, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "NSpid:", 6)) {
			char *s = line + 6, *e;
			while (n < max) {
				long v = strtol(s, &e, 10);
				if (e == s)
					break;
				out[n++] = v;
				s = e;
			}
			break;
		}
	fclose(f);
	return n;
}

static inline json_t *nspid_json_new(pid_t tid)
{
	long v[40];
	int n = nspid_read(tid, v, 40);
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

/* ---- kcmp ---- */

static const struct {
	int type;
	const char *name;	/* the trace's `shares` kind */
} ct_kcmp_types[] = {
	{ KCMP_VM, "vm" }, { KCMP_FILES, "files" }, { KCMP_FS, "fs" },
	{ KCMP_SIGHAND, "sighand" }, { KCMP_SYSVSEM, "sysvsem" }, { KCMP_IO, "io" },
};
#define CT_NKCMP (sizeof ct_kcmp_types / sizeof ct_kcmp_types[0])

/* 0: same object; 1, 2: ordered, different; 3: not comparable; -errno. */
static inline long ct_kcmp(pid_t a, pid_t b, int type)
{
	long r = syscall(SYS_kcmp, a, b, type, 0, 0);
	return r < 0 ? -errno : r;
}

/*
 * kcmp of every pair of tids, for each type, as a new array of
 * {"a": tid, "b": tid, "vm": r, "files": r, ...}.  All tasks must be alive.
 */
static inline json_t *kcmp_pairs_new(const pid_t *tids, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			json_t *o = json_object();
			json_object_set_new(o, "a", json_integer(tids[i]));
			json_object_set_new(o, "b", json_integer(tids[j]));
			for (size_t k = 0; k < CT_NKCMP; k++)
				json_object_set_new(o, ct_kcmp_types[k].name,
						    json_integer(ct_kcmp(tids[i], tids[j], ct_kcmp_types[k].type)));
			json_array_append_new(arr, o);
		}
	return arr;
}

/* True when kcmp works here (CONFIG_KCMP, permission). */
static inline int kcmp_available(void)
{
	pid_t me = getpid();
	return ct_kcmp(me, me, KCMP_VM) == 0;
}

/*
 * KCMP_IO and KCMP_SYSVSEM compare pointers that stay NULL until the task
 * has an I/O context / a SysV semaphore undo list: without them two
 * unrelated tasks compare equal.  ioprio_set() on oneself allocates the I/O
 * context; a semop() with SEM_UNDO allocates the undo list (the +1/-1 pair
 * leaves the semaphore as it was).  Raw syscalls only: callers may be
 * CLONE_VM children running on their creator's TLS.
 */
#define CT_IOPRIO_WHO_PROCESS 1
#define CT_IOPRIO_VALUE_BE4 ((2 << 13) | 4)	/* IOPRIO_CLASS_BE, level 4 */
struct ct_sembuf {
	unsigned short sem_num;
	short sem_op, sem_flg;
};
#define CT_SEM_UNDO 0x1000
static inline int make_io_and_semundo(int semid)
{
	struct ct_sembuf ops[2] = { { 0, 1, CT_SEM_UNDO }, { 0, -1, CT_SEM_UNDO } };
	if (syscall(SYS_ioprio_set, CT_IOPRIO_WHO_PROCESS, 0, CT_IOPRIO_VALUE_BE4) < 0)
		return -1;
	if (semid < 0)
		return 0;
#if defined(SYS_semop)
	if (syscall(SYS_semop, semid, ops, 2) < 0)
		return -2;
#elif defined(SYS_semtimedop)
	if (syscall(SYS_semtimedop, semid, ops, 2, NULL) < 0)
		return -2;
#else
	/* only the ipc(2) multiplexer (i386 before 5.1 headers, s390x, ppc64le): SEMOP is 1 */
	if (syscall(SYS_ipc, 1, semid, 2, 0, ops) < 0)
		return -2;
#endif
	return 0;
}

/* ---- the truth document ---- */

static inline json_t *truth_new(const char *sample)
{
	json_t *t = json_object();
	json_object_set_new(t, "sample", json_string(sample));
	json_object_set_new(t, "pid", json_integer(getpid()));
	json_object_set_new(t, "tid", json_integer(ct_gettid()));
	json_object_set_new(t, "ppid", json_integer(getppid()));
	json_object_set_new(t, "ns", ns_json_new(0));
	json_object_set_new(t, "nspid", nspid_json_new(0));
	json_object_set_new(t, "skips", json_object());
	return t;
}

/* Records that part of the sample could not run here, and why. */
static inline void truth_skip(json_t *t, const char *part, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	json_object_set_new(json_object_get(t, "skips"), part, json_string(buf));
}

/*
 * A SysV semaphore and, for the calling task, an io context and an undo
 * list on it (make_io_and_semundo()): the objects kcmp's KCMP_IO and
 * KCMP_SYSVSEM compare.  What could not be made is a skip in t.  Returns
 * the semaphore's id, -1 if there is none.
 */
static inline int io_and_semundo_new(json_t *t)
{
	int semid = semget(IPC_PRIVATE, 1, 0600);

	if (semid < 0)
		truth_skip(t, "sysvsem", "semget: %s", strerror(errno));
	if (make_io_and_semundo(semid) < 0)
		truth_skip(t, "io", "ioprio_set/semop: %s", strerror(errno));
	return semid;
}

/* Writes t to path (see the convention above); 0 or -1.  Steals t. */
static inline int truth_save(json_t *t, const char *path)
{
	int r = 0;
	if (!path || !*path) {
		json_decref(t);
		return 0;
	}
	if (!strcmp(path, "-")) {
		r = json_dumpf(t, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
		fputc('\n', stdout);
		fflush(stdout);
	} else {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		r = json_dump_file(t, tmp, JSON_INDENT(1) | JSON_SORT_KEYS);
		if (r == 0 && rename(tmp, path) < 0)
			r = -1;
		if (r < 0)
			fprintf(stderr, "cannot write truth %s: %s\n", path, strerror(errno));
	}
	json_decref(t);
	return r;
}

/* ---- reports from other processes ---- */

/* A pipe whose write end survives execve (it must, to reach re-exec'd images). */
static inline int report_pipe(int fds[2])
{
	if (pipe2(fds, 0) < 0)
		return -1;
	/* read end: close-on-exec so re-exec'd images don't hold it */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * Writes one line (a JSON object made from fmt) to fd in one write(2), so
 * lines from many writers never interleave (at most PIPE_BUF bytes).
 */
static inline void report(int fd, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	ssize_t w = write(fd, buf, (size_t)n);
	(void)w;
}

/* Reads lines from fd until EOF into a new array of the parsed objects. */
static inline json_t *reports_collect(int fd)
{
	json_t *arr = json_array();
	FILE *f = fdopen(fd, "r");
	char *line = NULL;
	size_t cap = 0;
	if (!f)
		return arr;
	while (getline(&line, &cap, f) > 0) {
		json_error_t e;
		json_t *o = json_loads(line, 0, &e);
		if (o)
			json_array_append_new(arr, o);
		else
			json_array_append_new(arr, json_pack("{s:s}", "unparsed", line));
	}
	free(line);
	fclose(f);
	return arr;
}

/* Exit status as the trace spells it: {"code": N} or {"signal": "SIGX", "core": b}. */
static inline json_t *status_json_new(int st)
{
	if (WIFEXITED(st))
		return json_pack("{s:i}", "code", WEXITSTATUS(st));
	if (WIFSIGNALED(st)) {
		const char *n = sigabbrev_np(WTERMSIG(st));
		char buf[32];
		snprintf(buf, sizeof buf, "SIG%s", n ? n : "?");
		return json_pack("{s:s,s:b}", "signal", buf, "core", WCOREDUMP(st) ? 1 : 0);
	}
	return json_pack("{s:i}", "raw", st);
}

/* Absolute path of the running executable (for re-exec under its real name). */
static inline int self_exe(char *buf, size_t n)
{
	ssize_t r = readlink("/proc/self/exe", buf, n - 1);
	if (r < 0)
		return -1;
	buf[r] = 0;
	return 0;
}

/*
 * The raw clone(2)'s five arguments in this architecture's order (the
 * kernel's CONFIG_CLONE_BACKWARDS{,2}; decode/arch.c):
 *   x86_64 (and the generic order): flags, stack, parent_tid, child_tid, tls
 *   i386, arm, aarch64, ppc, riscv, mips ("BACKWARDS"): flags, stack,
 *     parent_tid, tls, child_tid
 *   s390 ("BACKWARDS2"): stack, flags, parent_tid, child_tid, tls
 * Use as  syscall(SYS_clone, CT_RAW_CLONE_ARGS(flags, stack, ptid, ctid, tls)).
 */
#if defined(__s390__)
#define CT_RAW_CLONE_ARGS(flags, stack, ptid, ctid, tls) \
	(long)(stack), (long)(flags), (long)(ptid), (long)(ctid), (long)(tls)
#elif defined(__i386__) || defined(__arm__) || defined(__aarch64__) || \
	defined(__powerpc__) || defined(__riscv) || defined(__mips__)
#define CT_RAW_CLONE_ARGS(flags, stack, ptid, ctid, tls) \
	(long)(flags), (long)(stack), (long)(ptid), (long)(tls), (long)(ctid)
#else
#define CT_RAW_CLONE_ARGS(flags, stack, ptid, ctid, tls) \
	(long)(flags), (long)(stack), (long)(ptid), (long)(ctid), (long)(tls)
#endif

/* A fork-like raw clone (no CLONE_VM: the child returns on a copy of the stack). */
static inline long ct_raw_clone(unsigned long flags, unsigned long stack, void *ptid,
				void *ctid, unsigned long tls)
{
	return syscall(SYS_clone, CT_RAW_CLONE_ARGS(flags, stack, ptid, ctid, tls));
}

/*
 * A raw syscall (clone or clone3: for clone, pass CT_RAW_CLONE_ARGS(...))
 * whose child, if the call unexpectedly succeeds, calls exit(0) at once
 * without touching memory: safe even with CLONE_VM and no stack
 * (clone_errors).  Returns what the kernel returned (-errno on error).
 */
#if defined(__x86_64__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;
	__asm__ volatile(
		"syscall\n\t"
		"test %%rax, %%rax\n\t"
		"jnz 1f\n\t"
		"mov $60, %%eax\n\t"	/* __NR_exit: this thread only */
		"xor %%edi, %%edi\n\t"
		"syscall\n\t"
		"1:\n\t"
		: "=a"(ret)
		: "0"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
		: "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	__asm__ volatile(
		"svc #0\n\t"
		"cbnz x0, 1f\n\t"
		"mov x8, #93\n\t"	/* __NR_exit */
		"mov x0, #0\n\t"
		"svc #0\n\t"
		"1:\n\t"
		: "+r"(x0), "+r"(x8)
		: "r"(x1), "r"(x2), "r"(x3), "r"(x4)
		: "memory");
	return x0;
}
#elif defined(__i386__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	long ret;
	__asm__ volatile(
		"int $0x80\n\t"
		"test %%eax, %%eax\n\t"
		"jnz 1f\n\t"
		"mov $1, %%eax\n\t"	/* __NR_exit */
		"xor %%ebx, %%ebx\n\t"
		"int $0x80\n\t"
		"1:\n\t"
		: "=a"(ret)
		: "0"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
		: "memory", "cc");
	return ret;
}
#elif defined(__arm__) && defined(__ARM_EABI__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a1;
	register long r1 __asm__("r1") = a2;
	register long r2 __asm__("r2") = a3;
	register long r3 __asm__("r3") = a4;
	register long r4 __asm__("r4") = a5;
	__asm__ volatile(
		"svc #0\n\t"
		"cmp r0, #0\n\t"
		"bne 1f\n\t"
		"mov r7, #1\n\t"	/* __NR_exit */
		"mov r0, #0\n\t"
		"svc #0\n\t"
		"1:\n\t"
		: "+r"(r0), "+r"(r7)
		: "r"(r1), "r"(r2), "r"(r3), "r"(r4)
		: "memory", "cc");
	return r0;
}
#elif defined(__riscv) && __riscv_xlen == 64
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long a7 __asm__("a7") = nr;
	register long r0 __asm__("a0") = a1;
	register long r1 __asm__("a1") = a2;
	register long r2 __asm__("a2") = a3;
	register long r3 __asm__("a3") = a4;
	register long r4 __asm__("a4") = a5;
	__asm__ volatile(
		"ecall\n\t"
		"bnez a0, 1f\n\t"
		"li a7, 93\n\t"	/* __NR_exit */
		"li a0, 0\n\t"
		"ecall\n\t"
		"1:\n\t"
		: "+r"(r0), "+r"(a7)
		: "r"(r1), "r"(r2), "r"(r3), "r"(r4)
		: "memory");
	return r0;
}
#elif defined(__s390x__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r1 __asm__("1") = nr;
	register long r2 __asm__("2") = a1;
	register long r3 __asm__("3") = a2;
	register long r4 __asm__("4") = a3;
	register long r5 __asm__("5") = a4;
	register long r6 __asm__("6") = a5;
	__asm__ volatile(
		"svc 0\n\t"
		"ltgr %%r2, %%r2\n\t"
		"jnz 1f\n\t"
		"lghi %%r1, 1\n\t"	/* __NR_exit */
		"lghi %%r2, 0\n\t"
		"svc 0\n\t"
		"1:\n\t"
		: "+d"(r2), "+d"(r1)
		: "d"(r3), "d"(r4), "d"(r5), "d"(r6)
		: "memory", "cc");
	return r2;
}
#elif defined(__powerpc64__)
#define CT_HAVE_SAFE_RAW 1
static inline long ct_raw_child_exits(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r0 __asm__("r0") = nr;
	register long r3 __asm__("r3") = a1;
	register long r4 __asm__("r4") = a2;
	register long r5 __asm__("r5") = a3;
	register long r6 __asm__("r6") = a4;
	register long r7 __asm__("r7") = a5;
	__asm__ volatile(
		"sc\n\t"
		"cmpdi 7, 3, 0\n\t"	/* cr7: cr0's SO bit says "error" */
		"bne 7, 2f\n\t"
		"li 0, 1\n\t"		/* __NR_exit */
		"li 3, 0\n\t"
		"sc\n"
		"2:\n\t"
		"bns 1f\n\t"
		"neg 3, 3\n"		/* error: r3 is the positive errno */
		"1:\n\t"
		: "+r"(r3), "+r"(r0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
		:
		: "memory", "cr0", "cr7", "ctr", "xer", "r8", "r9", "r10", "r11", "r12");
	return r3;
}
#else
#define CT_HAVE_SAFE_RAW 0
#endif

#endif
