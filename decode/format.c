/* SPDX-License-Identifier: MIT */
/*
 * call_format(): one strace-like line for a decoded call, without the
 * result.  NULL pointers print as NULL, others as hex; strings are quoted
 * and escaped as strace does (\", \\, \n, \t, ..., other bytes as \ooo).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "base/sbuf.h"
#include "decode/decode.h"
#include "names/compat.h"
#include "names/flags.h"
#include "names/signals.h"

static void ptr(struct sbuf *b, const char *name, uint64_t v)
{
	if (v)
		sb_printf(b, "%s=0x%" PRIx64, name, v);
	else
		sb_printf(b, "%s=NULL", name);
}

static void sig_out(struct sbuf *b, const struct ct_arch *a, uint64_t sig)
{
	const char *name = sig <= 0x7fffffff ? signal_name(arch_signals(a), (int)sig) : NULL;

	if (name)
		sb_printf(b, "%s", name);
	else
		sb_printf(b, "%" PRIu64, sig);
}

static void quoted(struct sbuf *b, const char *s)
{
	sb_printf(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sb_printf(b, "\\\""); break;
		case '\\': sb_printf(b, "\\\\"); break;
		case '\t': sb_printf(b, "\\t"); break;
		case '\n': sb_printf(b, "\\n"); break;
		case '\v': sb_printf(b, "\\v"); break;
		case '\f': sb_printf(b, "\\f"); break;
		case '\r': sb_printf(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				sb_printf(b, "\\%03o", *p);
			else
				sb_printf(b, "%c", *p);
		}
	}
	sb_printf(b, "\"");
}

/* The arguments the flags use, as the JSON has them (clone_args_meaning()). */
static void flag_args(struct sbuf *b, const struct ct_call *c)
{
	if (c->has & CT_HAS_PARENT_TID) {
		sb_printf(b, ", ");
		ptr(b, "parent_tid", c->parent_tid);
	}
	if (c->has & CT_HAS_CHILD_TID) {
		sb_printf(b, ", ");
		ptr(b, "child_tid", c->child_tid);
	}
	if (c->has & CT_HAS_TLS) {
		sb_printf(b, ", ");
		ptr(b, "tls", c->tls);
	}
}

static void fmt_clone(struct sbuf *b, const struct ct_call *c)
{
	ptr(b, "child_stack", c->stack);
	if (c->has & CT_HAS_STACK_SIZE)
		sb_printf(b, ", stack_size=0x%" PRIx64, c->stack_size);
	sb_printf(b, ", flags=");
	if (c->flags || !c->exit_signal)
		flags_add(b, FLAGS_CLONE, c->flags);
	if (c->exit_signal) {
		if (c->flags)
			sb_printf(b, "|");
		sig_out(b, c->arch, (uint64_t)c->exit_signal);
	}
	flag_args(b, c);
}

static void fmt_clone3(struct sbuf *b, const struct ct_call *c)
{
	/* a struct never read (too small, unreadable); one too big shows what the kernel knows */
	if (!(c->has & CT_HAS_FLAGS)) {
		sb_printf(b, "0x%" PRIx64 ", %" PRIu64, c->cargs_addr, c->cargs_size);
		return;
	}
	sb_printf(b, "{flags=");
	flags_add(b, FLAGS_CLONE, c->flags);
	sb_printf(b, ", exit_signal=");
	sig_out(b, c->arch, c->exit_signal_raw);
	sb_printf(b, ", ");
	ptr(b, "stack", c->stack);
	sb_printf(b, ", stack_size=0x%" PRIx64, c->stack_size);
	flag_args(b, c);
	if (c->n_set_tid > 0) {
		sb_printf(b, ", set_tid=[");
		for (int i = 0; i < c->n_set_tid; i++)
			sb_printf(b, "%s%d", i ? ", " : "", (int)c->set_tid[i]);
		sb_printf(b, "]");
	} else if (c->has & CT_HAS_SET_TID) {
		sb_printf(b, ", ");
		ptr(b, "set_tid", c->set_tid_addr);
		sb_printf(b, ", set_tid_size=%" PRIu64, c->set_tid_size);
	}
	if ((c->has & CT_HAS_CGROUP) || c->cgroup)
		sb_printf(b, ", cgroup=%" PRIu64, c->cgroup);
	if (c->has & CT_HAS_PIDFD) {
		sb_printf(b, ", ");
		ptr(b, "pidfd", c->pidfd);
	}
	sb_printf(b, "}");
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		sb_printf(b, " /* non-zero byte at %" PRIu64 " */", c->tail_offset);
	sb_printf(b, ", %" PRIu64, c->cargs_size);
}

static void fmt_exec(struct sbuf *b, const struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	uint64_t mask = a->wordsize == 4 ? 0xffffffffu : ~(uint64_t)0;
	int at = c->sysc == CT_SYS_EXECVEAT;

	if (at) {
		if (c->dirfd == CT_AT_FDCWD)
			sb_printf(b, "AT_FDCWD, ");
		else
			sb_printf(b, "%d, ", c->dirfd);
	}
	if (c->path)
		quoted(b, c->path);
	else
		sb_printf(b, "0x%" PRIx64, c->raw[at ? 1 : 0] & mask);
	sb_printf(b, ", ");
	if (c->argv) {
		sb_printf(b, "[");
		for (int i = 0; i < c->argc; i++) {
			if (i)
				sb_printf(b, ", ");
			quoted(b, c->argv[i]);
		}
		if (c->argv_truncated)
			sb_printf(b, "%s...", c->argc ? ", " : "");
		sb_printf(b, "]");
	} else {
		sb_printf(b, "0x%" PRIx64, c->raw[at ? 2 : 1] & mask);
	}
	if (at) {
		sb_printf(b, ", ");
		flags_add(b, FLAGS_EXECVEAT, (uint32_t)c->at_flags);
	}
}

int call_format(const struct ct_call *c, char *buf, size_t n)
{
	struct sbuf b;
	int len;

	if (buf && n)
		buf[0] = '\0';
	if (!c || !c->arch || !sysc_name(c->sysc))
		return 0;
	sb_init(&b);
	sb_printf(&b, "%s(", sysc_name(c->sysc));
	switch (c->sysc) {
	case CT_SYS_CLONE:
		fmt_clone(&b, c);
		break;
	case CT_SYS_CLONE3:
		fmt_clone3(&b, c);
		break;
	case CT_SYS_UNSHARE:
		flags_add(&b, FLAGS_UNSHARE, c->flags);
		break;
	case CT_SYS_SETNS:
		sb_printf(&b, "%d, ", c->fd);
		flags_add(&b, FLAGS_SETNS, c->flags);
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		fmt_exec(&b, c);
		break;
	}
	sb_printf(&b, ")");
	len = sb_copy(&b, buf, n);
	sb_free(&b);
	return len;
}
