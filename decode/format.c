/* SPDX-License-Identifier: MIT */
/*
 * call_format(): one strace-like line for a decoded call, without the
 * result.  NULL pointers print as NULL, others as hex; strings are quoted
 * and escaped as strace does (\", \\, \n, \t, ..., other bytes as \ooo).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "decode/compat.h"
#include "decode/decode.h"
#include "decode/flags.h"
#include "decode/sbuf.h"

/* snprintf-style appender: counts what it wanted, writes what fits. */
static void ptr(struct sbuf *b, const char *name, uint64_t v)
{
	if (v)
		sbuf_printf(b, "%s=0x%" PRIx64, name, v);
	else
		sbuf_printf(b, "%s=NULL", name);
}

static void flags_out(struct sbuf *b, unsigned set, uint64_t v)
{
	char tmp[512];
	int k = flags_format(set, v, tmp, sizeof(tmp));

	if (k >= 0 && (size_t)k < sizeof(tmp)) {
		sbuf_printf(b, "%s", tmp);
	} else {
		/* longer than every name in the table put together: never */
		sbuf_printf(b, "0x%" PRIx64, v);
	}
}

static void sig_out(struct sbuf *b, const struct ct_arch *a, uint64_t sig)
{
	const char *name = sig <= 0x7fffffff ? signal_name(a, (int)sig) : NULL;

	if (name)
		sbuf_printf(b, "%s", name);
	else
		sbuf_printf(b, "%" PRIu64, sig);
}

static void quoted(struct sbuf *b, const char *s)
{
	sbuf_printf(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sbuf_printf(b, "\\\""); break;
		case '\\': sbuf_printf(b, "\\\\"); break;
		case '\t': sbuf_printf(b, "\\t"); break;
		case '\n': sbuf_printf(b, "\\n"); break;
		case '\v': sbuf_printf(b, "\\v"); break;
		case '\f': sbuf_printf(b, "\\f"); break;
		case '\r': sbuf_printf(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				sbuf_printf(b, "\\%03o", *p);
			else
				sbuf_printf(b, "%c", *p);
		}
	}
	sbuf_printf(b, "\"");
}

static void fmt_clone(struct sbuf *b, const struct ct_call *c)
{
	ptr(b, "child_stack", c->stack);
	if (c->has & CT_HAS_STACK_SIZE)
		sbuf_printf(b, ", stack_size=0x%" PRIx64, c->stack_size);
	sbuf_printf(b, ", flags=");
	if (c->flags || !c->exit_signal)
		flags_out(b, FLAGS_CLONE, c->flags);
	if (c->exit_signal) {
		if (c->flags)
			sbuf_printf(b, "|");
		sig_out(b, c->arch, (uint64_t)c->exit_signal);
	}
	sbuf_printf(b, ", ");
	ptr(b, "parent_tid", c->parent_tid);
	sbuf_printf(b, ", ");
	ptr(b, "child_tid", c->child_tid);
	sbuf_printf(b, ", ");
	ptr(b, "tls", c->tls);
}

static void fmt_clone3(struct sbuf *b, const struct ct_call *c)
{
	if (c->cargs != CT_CARGS_OK && c->cargs != CT_CARGS_NONZERO_TAIL) {
		sbuf_printf(b, "0x%" PRIx64 ", %" PRIu64, c->cargs_addr, c->cargs_size);
		return;
	}
	sbuf_printf(b, "{flags=");
	flags_out(b, FLAGS_CLONE, c->flags);
	sbuf_printf(b, ", exit_signal=");
	sig_out(b, c->arch, c->exit_signal_raw);
	sbuf_printf(b, ", ");
	ptr(b, "stack", c->stack);
	sbuf_printf(b, ", stack_size=0x%" PRIx64, c->stack_size);
	if (c->parent_tid)
		sbuf_printf(b, ", parent_tid=0x%" PRIx64, c->parent_tid);
	if (c->child_tid)
		sbuf_printf(b, ", child_tid=0x%" PRIx64, c->child_tid);
	if (c->tls)
		sbuf_printf(b, ", tls=0x%" PRIx64, c->tls);
	if (c->n_set_tid > 0) {
		sbuf_printf(b, ", set_tid=[");
		for (int i = 0; i < c->n_set_tid; i++)
			sbuf_printf(b, "%s%d", i ? ", " : "", (int)c->set_tid[i]);
		sbuf_printf(b, "]");
	} else if (c->has & CT_HAS_SET_TID) {
		sbuf_printf(b, ", ");
		ptr(b, "set_tid", c->set_tid_addr);
		sbuf_printf(b, ", set_tid_size=%" PRIu64, c->set_tid_size);
	}
	if ((c->has & CT_HAS_CGROUP) || c->cgroup)
		sbuf_printf(b, ", cgroup=%" PRIu64, c->cgroup);
	if (c->pidfd)
		sbuf_printf(b, ", pidfd=0x%" PRIx64, c->pidfd);
	sbuf_printf(b, "}");
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		sbuf_printf(b, " /* non-zero byte at %" PRIu64 " */", c->tail_offset);
	sbuf_printf(b, ", %" PRIu64, c->cargs_size);
}

static void fmt_exec(struct sbuf *b, const struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	uint64_t mask = a->wordsize == 4 ? 0xffffffffu : ~(uint64_t)0;
	int at = c->sysc == CT_SYS_EXECVEAT;

	if (at) {
		if (c->dirfd == CT_AT_FDCWD)
			sbuf_printf(b, "AT_FDCWD, ");
		else
			sbuf_printf(b, "%d, ", c->dirfd);
	}
	if (c->path)
		quoted(b, c->path);
	else
		sbuf_printf(b, "0x%" PRIx64, c->raw[at ? 1 : 0] & mask);
	sbuf_printf(b, ", ");
	if (c->argv) {
		sbuf_printf(b, "[");
		for (int i = 0; i < c->argc; i++) {
			if (i)
				sbuf_printf(b, ", ");
			quoted(b, c->argv[i]);
		}
		if (c->argv_truncated)
			sbuf_printf(b, "%s...", c->argc ? ", " : "");
		sbuf_printf(b, "]");
	} else {
		sbuf_printf(b, "0x%" PRIx64, c->raw[at ? 2 : 1] & mask);
	}
	if (at) {
		sbuf_printf(b, ", ");
		flags_out(b, FLAGS_EXECVEAT, (uint32_t)c->at_flags);
	}
}

int call_format(const struct ct_call *c, char *buf, size_t n)
{
	struct sbuf b = { buf, buf ? n : 0, 0 };

	if (buf && n)
		buf[0] = '\0';
	if (!c || !c->arch || !sysc_name(c->sysc))
		return 0;
	sbuf_printf(&b, "%s(", sysc_name(c->sysc));
	switch (c->sysc) {
	case CT_SYS_CLONE:
		fmt_clone(&b, c);
		break;
	case CT_SYS_CLONE3:
		fmt_clone3(&b, c);
		break;
	case CT_SYS_UNSHARE:
		flags_out(&b, FLAGS_UNSHARE, c->flags);
		break;
	case CT_SYS_SETNS:
		sbuf_printf(&b, "%d, ", c->fd);
		flags_out(&b, FLAGS_SETNS, c->flags);
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		fmt_exec(&b, c);
		break;
	}
	sbuf_printf(&b, ")");
	return (int)b.len;
}
