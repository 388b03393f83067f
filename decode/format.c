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

/* snprintf-style appender: counts what it wanted, writes what fits. */
struct sbuf {
	char *buf;
	size_t n, len;
};

static void out(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(b->len < b->n ? b->buf + b->len : NULL,
		      b->len < b->n ? b->n - b->len : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->len += (size_t)k;
}

static void ptr(struct sbuf *b, const char *name, uint64_t v)
{
	if (v)
		out(b, "%s=0x%" PRIx64, name, v);
	else
		out(b, "%s=NULL", name);
}

static void flags_out(struct sbuf *b, const struct ct_xlat *x, uint64_t v)
{
	char tmp[512];
	int k = flags_format(x, v, tmp, sizeof(tmp));

	if (k >= 0 && (size_t)k < sizeof(tmp)) {
		out(b, "%s", tmp);
	} else {
		/* longer than every name in the table put together: never */
		out(b, "0x%" PRIx64, v);
	}
}

static void sig_out(struct sbuf *b, const struct ct_arch *a, uint64_t sig)
{
	const char *name = sig <= 0x7fffffff ? signal_name(a, (int)sig) : NULL;

	if (name)
		out(b, "%s", name);
	else
		out(b, "%" PRIu64, sig);
}

static void quoted(struct sbuf *b, const char *s)
{
	out(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': out(b, "\\\""); break;
		case '\\': out(b, "\\\\"); break;
		case '\t': out(b, "\\t"); break;
		case '\n': out(b, "\\n"); break;
		case '\v': out(b, "\\v"); break;
		case '\f': out(b, "\\f"); break;
		case '\r': out(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				out(b, "\\%03o", *p);
			else
				out(b, "%c", *p);
		}
	}
	out(b, "\"");
}

static void fmt_clone(struct sbuf *b, const struct ct_call *c)
{
	ptr(b, "child_stack", c->stack);
	if (c->has & CT_HAS_STACK_SIZE)
		out(b, ", stack_size=0x%" PRIx64, c->stack_size);
	out(b, ", flags=");
	if (c->flags || !c->exit_signal)
		flags_out(b, clone_flags_xlat, c->flags);
	if (c->exit_signal) {
		if (c->flags)
			out(b, "|");
		sig_out(b, c->arch, (uint64_t)c->exit_signal);
	}
	out(b, ", ");
	ptr(b, "parent_tid", c->parent_tid);
	out(b, ", ");
	ptr(b, "child_tid", c->child_tid);
	out(b, ", ");
	ptr(b, "tls", c->tls);
}

static void fmt_clone3(struct sbuf *b, const struct ct_call *c)
{
	if (c->cargs != CT_CARGS_OK && c->cargs != CT_CARGS_NONZERO_TAIL) {
		out(b, "0x%" PRIx64 ", %" PRIu64, c->cargs_addr, c->cargs_size);
		return;
	}
	out(b, "{flags=");
	flags_out(b, clone_flags_xlat, c->flags);
	out(b, ", exit_signal=");
	sig_out(b, c->arch, c->exit_signal_raw);
	out(b, ", ");
	ptr(b, "stack", c->stack);
	out(b, ", stack_size=0x%" PRIx64, c->stack_size);
	if (c->parent_tid)
		out(b, ", parent_tid=0x%" PRIx64, c->parent_tid);
	if (c->child_tid)
		out(b, ", child_tid=0x%" PRIx64, c->child_tid);
	if (c->tls)
		out(b, ", tls=0x%" PRIx64, c->tls);
	if (c->n_set_tid > 0) {
		out(b, ", set_tid=[");
		for (int i = 0; i < c->n_set_tid; i++)
			out(b, "%s%d", i ? ", " : "", (int)c->set_tid[i]);
		out(b, "]");
	} else if (c->has & CT_HAS_SET_TID) {
		out(b, ", ");
		ptr(b, "set_tid", c->set_tid_addr);
		out(b, ", set_tid_size=%" PRIu64, c->set_tid_size);
	}
	if ((c->has & CT_HAS_CGROUP) || c->cgroup)
		out(b, ", cgroup=%" PRIu64, c->cgroup);
	if (c->pidfd)
		out(b, ", pidfd=0x%" PRIx64, c->pidfd);
	out(b, "}");
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		out(b, " /* non-zero byte at %" PRIu64 " */", c->tail_offset);
	out(b, ", %" PRIu64, c->cargs_size);
}

static void fmt_exec(struct sbuf *b, const struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	uint64_t mask = a->wordsize == 4 ? 0xffffffffu : ~(uint64_t)0;
	int at = c->sysc == CT_SYS_EXECVEAT;

	if (at) {
		if (c->dirfd == CT_AT_FDCWD)
			out(b, "AT_FDCWD, ");
		else
			out(b, "%d, ", c->dirfd);
	}
	if (c->path)
		quoted(b, c->path);
	else
		out(b, "0x%" PRIx64, c->raw[at ? 1 : 0] & mask);
	out(b, ", ");
	if (c->argv) {
		out(b, "[");
		for (int i = 0; i < c->argc; i++) {
			if (i)
				out(b, ", ");
			quoted(b, c->argv[i]);
		}
		if (c->argv_truncated)
			out(b, "%s...", c->argc ? ", " : "");
		out(b, "]");
	} else {
		out(b, "0x%" PRIx64, c->raw[at ? 2 : 1] & mask);
	}
	if (at) {
		out(b, ", ");
		flags_out(b, execveat_flags_xlat, (uint32_t)c->at_flags);
	}
}

int call_format(const struct ct_call *c, char *buf, size_t n)
{
	struct sbuf b = { buf, buf ? n : 0, 0 };

	if (buf && n)
		buf[0] = '\0';
	if (!c || !c->arch || !sysc_name(c->sysc))
		return 0;
	out(&b, "%s(", sysc_name(c->sysc));
	switch (c->sysc) {
	case CT_SYS_CLONE:
		fmt_clone(&b, c);
		break;
	case CT_SYS_CLONE3:
		fmt_clone3(&b, c);
		break;
	case CT_SYS_UNSHARE:
		flags_out(&b, unshare_flags_xlat, c->flags);
		break;
	case CT_SYS_SETNS:
		out(&b, "%d, ", c->fd);
		flags_out(&b, ns_flags_xlat, c->flags);
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		fmt_exec(&b, c);
		break;
	}
	out(&b, ")");
	return (int)b.len;
}
