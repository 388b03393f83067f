/* SPDX-License-Identifier: MIT */
/*
 * clonetrace's probes (record --ebpf): raw facts about the tasks it
 * follows, sent to user space through one ring buffer and decoded there
 * (events.c, with decode/), never here.  Only BTF raw tracepoints
 * (tp_btf), which cost nothing but the events themselves: a task made
 * (sched_process_fork, where the child can't run yet, so that it is
 * followed before its first instruction), its first wakeup
 * (sched_wakeup_new: what its creator's call wrote back), an execve that worked
 * (sched_process_exec), an exit (sched_process_exit), a rename
 * (task_rename).  The creating call is read where the creator is: its
 * user registers as they were at syscall entry (bpf_task_pt_regs()), and
 * clone3's struct clone_args, which the kernel has just copied.
 *
 * The kernel lets only programs whose license string it knows as
 * GPL-compatible call bpf_probe_read_kernel() and the other GPL-only
 * helpers, and "MIT" is not among them: MIT code may be passed on under
 * the GPL too, which "Dual MIT/GPL" says.
 */
#include "kernel.h"
#include "wire.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

#if defined(__TARGET_ARCH_x86)
#define REGS_COPY (21 * 8)	/* struct pt_regs: r15 .. ss, user_regs_struct's first 21 */
#define TS_COMPAT 0x0002
#elif defined(__TARGET_ARCH_arm64)
#define REGS_COPY (34 * 8)	/* struct pt_regs begins with struct user_pt_regs */
#else
#error "probe.bpf.c: no register layout for this architecture"
#endif

#define SYS_CLONE3_NR 435	/* the same on every architecture (asm-generic numbering from 403 on) */

/* Set before load: follow every task, not only the command's (--system), but clonetrace's own. */
const volatile bool follow_all = false;
const volatile __u32 self_tgid = 0;

/* Ring-buffer records that could not be reserved: events lost. */
__u64 lost = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

/* Where an execve's event is made before it goes to the ring at its own length. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ebpf_exec);
} exec_scratch SEC(".maps");

/*
 * The tasks followed, by tid (the root put there by user space before it
 * runs).  The kernel allocates a bucket per entry up front even without
 * preallocation: 4M (pid_max's limit) took 0.3 s to create here, 256K
 * live tasks take 4 MB; a child that finds it full counts as lost.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1 << 18);
	__type(key, __u32);
	__type(value, __u8);
} followed SEC(".maps");

static bool is_followed(__u32 tid)
{
	return bpf_map_lookup_elem(&followed, &tid) != 0;
}

/* Is t followed: the command's tasks, or with follow_all every user task but clonetrace's. */
static bool task_followed(struct task_struct *t)
{
	if (follow_all)
		return !(BPF_CORE_READ(t, flags) & PF_KTHREAD) &&
		       (__u32)BPF_CORE_READ(t, tgid) != self_tgid;
	return is_followed(BPF_CORE_READ(t, pid));
}

static void *reserve(__u64 size, __u32 kind, __u32 tid)
{
	struct ebpf_head *h = bpf_ringbuf_reserve(&events, size, 0);

	if (!h) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	h->kind = kind;
	h->tid = tid;
	h->time_ns = bpf_ktime_get_ns();
	return h;
}

static __u32 compat_call(struct task_struct *t)
{
#if defined(__TARGET_ARCH_x86)
	return (BPF_CORE_READ(t, thread_info.status) & TS_COMPAT) != 0;
#else
	return 0;
#endif
}

static void copy_regs(__u8 *out, struct task_struct *t)
{
	void *regs = (void *)bpf_task_pt_regs(t);

	if (bpf_probe_read_kernel(out, REGS_COPY, regs) < 0)
		__builtin_memset(out, 0, REGS_COPY);
}

/* The syscall number in a struct pt_regs copy (x86: orig_ax; arm64: x8). */
static __u64 regs_nr(const __u8 *r)
{
#if defined(__TARGET_ARCH_x86)
	return *(const __u64 *)(r + 15 * 8);
#else
	return *(const __u64 *)(r + 8 * 8);
#endif
}

static __u64 regs_arg(const __u8 *r, int i)
{
#if defined(__TARGET_ARCH_x86)
	/* di, si */
	return *(const __u64 *)(r + (i == 0 ? 14 : 13) * 8);
#else
	return *(const __u64 *)(r + i * 8);
#endif
}

/*
 * The struct pt_regs slots that hold a call's arguments: x86_64's di si dx
 * r10 r8 r9 and a 32-bit call's bx cx (dx si di) bp; arm64's x0-x5.
 */
#if defined(__TARGET_ARCH_x86)
static const int arg_slots[EBPF_ARG_REGS] = { 14, 13, 12, 7, 9, 8, 5, 11, 4 };
#else
static const int arg_slots[EBPF_ARG_REGS] = { 0, 1, 2, 3, 4, 5, 0, 0, 0 };
#endif

static void read_ns(struct ebpf_new *e, struct task_struct *c)
{
	struct nsproxy *ns = BPF_CORE_READ(c, nsproxy);
	struct pid *pid = BPF_CORE_READ(c, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);

	/* names/ns.h's order: cgroup ipc mnt net pid pid_for_children time time_for_children user uts */
	e->ns[0] = BPF_CORE_READ(ns, cgroup_ns, ns.inum);
	e->ns[1] = BPF_CORE_READ(ns, ipc_ns, ns.inum);
	e->ns[2] = BPF_CORE_READ(ns, mnt_ns, ns.inum);
	e->ns[3] = BPF_CORE_READ(ns, net_ns, ns.inum);
	e->ns[5] = BPF_CORE_READ(ns, pid_ns_for_children, ns.inum);
	e->ns[6] = BPF_CORE_READ(ns, time_ns, ns.inum);
	e->ns[7] = BPF_CORE_READ(ns, time_ns_for_children, ns.inum);
	e->ns[8] = BPF_CORE_READ(c, cred, user_ns, ns.inum);
	e->ns[9] = BPF_CORE_READ(ns, uts_ns, ns.inum);
	e->levels = 0;
	for (unsigned int i = 0; i < EBPF_MAX_LEVELS; i++) {
		if (i > level)
			break;
		e->nspid[i] = BPF_CORE_READ(pid, numbers[i].nr);
		if (i == level)
			e->ns[4] = BPF_CORE_READ(pid, numbers[i].ns, ns.inum);
		e->levels = i + 1;
	}
}

/* clone3's struct clone_args, and its set_tid array: the kernel copied both in this call. */
static void read_clone3(struct ebpf_new *e)
{
	__u64 addr = regs_arg(e->regs, 0), size = regs_arg(e->regs, 1), set_tid, n;

	if (e->compat) {
		addr &= 0xffffffff;
		size &= 0xffffffff;
	}
	n = size < EBPF_CARGS_BYTES ? size : EBPF_CARGS_BYTES;
	e->cargs_addr = addr;
	if (n < 64 || bpf_probe_read_user(e->cargs, n, (void *)addr) < 0)
		return;
	e->cargs_len = n;
	/* struct clone_args: set_tid at 64, set_tid_size at 72 */
	set_tid = *(__u64 *)(e->cargs + 64);
	if (n < 80)
		return;
	n = *(__u64 *)(e->cargs + 72) * 4;
	if (!set_tid || !n || n > EBPF_SET_TID_BYTES)
		return;
	e->set_tid_addr = set_tid;
	if (bpf_probe_read_user(e->set_tid, n, (void *)set_tid) == 0)
		e->set_tid_len = n;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	__u32 tid = BPF_CORE_READ(child, pid);
	__u32 creator = BPF_CORE_READ(cur, pid);
	struct ebpf_new *e;
	__u8 one = 1;

	if (!task_followed(cur))
		return 0;
	if (!follow_all && bpf_map_update_elem(&followed, &tid, &one, BPF_ANY) < 0)
		__sync_fetch_and_add(&lost, 1);
	e = reserve(sizeof(*e), EBPF_EV_NEW, tid);
	if (!e)
		return 0;
	e->creator = creator;
	e->creator_tgid = BPF_CORE_READ(cur, tgid);
	e->tgid = BPF_CORE_READ(child, tgid);
	e->parent = BPF_CORE_READ(child, real_parent, pid);
	BPF_CORE_READ_STR_INTO(&e->comm, child, comm);
	read_ns(e, child);
	e->compat = compat_call(cur);
	copy_regs(e->regs, cur);
	e->cargs_addr = e->set_tid_addr = 0;
	e->cargs_len = e->set_tid_len = 0;
	if (regs_nr(e->regs) == SYS_CLONE3_NR && !e->compat)
		read_clone3(e);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * The child is woken for the first time: its creator's call, still under
 * way, has written the pidfd and parent tid to its memory by now.  Raw
 * again: the 4 bytes behind every argument and clone_args word that is an
 * address; events.c knows which ones the call named.
 */
SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new, struct task_struct *child)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	__u32 tid = BPF_CORE_READ(child, pid);
	__u8 regs[REGS_COPY];
	struct ebpf_wrote *e;
	__u64 cargs = 0;

	/* the creator's call: the child is followed by now, its creator is current */
	if (!task_followed(child) || !task_followed(cur))
		return 0;
	e = reserve(sizeof(*e), EBPF_EV_WROTE, tid);
	if (!e)
		return 0;
	copy_regs(regs, cur);
	e->read = 0;
	if (regs_nr(regs) == SYS_CLONE3_NR && !compat_call(cur))
		cargs = regs_arg(regs, 0);
	for (int i = 0; i < EBPF_WORDS; i++) {
		__u64 a = 0;

		if (i < EBPF_ARG_REGS)
			a = *(const __u64 *)(regs + arg_slots[i] * 8);
		else if (cargs && bpf_probe_read_user(&a, sizeof(a),
						      (void *)(cargs + (i - EBPF_ARG_REGS) * 8)) < 0)
			a = 0;
		e->addr[i] = a;
		e->value[i] = 0;
		if (a && bpf_probe_read_user(&e->value[i], sizeof(e->value[i]), (void *)a) == 0)
			e->read |= 1u << i;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_tid, struct linux_binprm *bprm)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	__u32 old = (__u32)old_tid, zero = 0;
	unsigned long start, end, len;
	struct ebpf_exec *e;
	__u64 off, size;
	long n;
	__u8 one = 1;

	/* a thread that called execve has taken its leader's tid, and the leader is gone */
	if (!task_followed(p) && (follow_all || !is_followed(old)))
		return 0;
	if (!follow_all && old != tid) {
		bpf_map_update_elem(&followed, &tid, &one, BPF_ANY);
		bpf_map_delete_elem(&followed, &old);
	}
	e = bpf_map_lookup_elem(&exec_scratch, &zero);
	if (!e)
		return 0;
	e->h.kind = EBPF_EV_EXEC;
	e->h.tid = tid;
	e->h.time_ns = bpf_ktime_get_ns();
	e->old_tid = old;
	e->compat = compat_call(p);
	BPF_CORE_READ_STR_INTO(&e->comm, p, comm);
	copy_regs(e->regs, p);
	e->exe_ino = BPF_CORE_READ(bprm, file, f_inode, i_ino);
	e->exe_dev = BPF_CORE_READ(bprm, file, f_inode, i_sb, s_dev);
	/* the strings the kernel copied to the new stack: argv[] as given, each with its NUL */
	start = BPF_CORE_READ(p, mm, arg_start);
	end = BPF_CORE_READ(p, mm, arg_end);
	len = end > start ? end - start : 0;
	e->argv_cut = len > EBPF_ARGV_BYTES - 1;
	if (e->argv_cut)
		len = EBPF_ARGV_BYTES - 1;
	len &= EBPF_ARGV_BYTES - 1;
	e->argv_len = 0;
	if (len && bpf_probe_read_user(e->data, len, (void *)start) == 0)
		e->argv_len = len;
	off = e->argv_len & (EBPF_ARGV_BYTES - 1);
	n = bpf_probe_read_kernel_str(e->data + off, EBPF_PATH_BYTES, BPF_CORE_READ(bprm, filename));
	e->filename_len = n > 0 ? n : 0;
	off = (off + e->filename_len) & (2 * EBPF_ARGV_BYTES - 1);
	if (off > EBPF_ARGV_BYTES + EBPF_PATH_BYTES)
		off = EBPF_ARGV_BYTES + EBPF_PATH_BYTES;
	n = bpf_probe_read_kernel_str(e->data + off, EBPF_PATH_BYTES, BPF_CORE_READ(bprm, interp));
	e->interp_len = n > 0 ? n : 0;
	size = __builtin_offsetof(struct ebpf_exec, data) + off + e->interp_len;
	if (size > sizeof(*e))
		size = sizeof(*e);
	if (bpf_ringbuf_output(&events, e, size, 0) < 0)
		__sync_fetch_and_add(&lost, 1);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	struct task_struct *execer;
	struct ebpf_exit *e;

	if (!task_followed(p))
		return 0;
	if (!follow_all)
		bpf_map_delete_elem(&followed, &tid);
	e = reserve(sizeof(*e), EBPF_EV_EXIT, tid);
	if (!e)
		return 0;
	e->code = BPF_CORE_READ(p, exit_code);
	/*
	 * A leader whose thread called execve: that thread takes its place and
	 * tid.  (The other threads an execve kills exit with code 0.)
	 */
	execer = BPF_CORE_READ(p, signal, group_exec_task);
	e->by_exec = execer && execer != p && BPF_CORE_READ(p, tgid) == (int)tid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/task_rename")
int BPF_PROG(on_rename, struct task_struct *task, const char *comm)
{
	__u32 tid = BPF_CORE_READ(task, pid);
	struct ebpf_rename *e;

	if (!task_followed(task))
		return 0;
	e = reserve(sizeof(*e), EBPF_EV_RENAME, tid);
	if (!e)
		return 0;
	e->by = (__u32)bpf_get_current_pid_tgid();
	if (bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), comm) < 0)
		e->comm[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
