/*
 * A decoded call as the "calls[]" entry of docs/trace-format.md: what the
 * decoder knows (syscall, arch, nr, flags, flags_value, exit_signal, args,
 * violates); the tracer adds id, time, task, result and child.
 * Pointers are hex strings, numbers JSON integers; all escaping is jansson's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/compat.h"
#include "decode/decode.h"
#include "decode/flags.h"
#include "decode/rules.h"

static const char *const cargs_status[] = {
	[CT_CARGS_OK] = "ok",
	[CT_CARGS_UNREADABLE] = "unreadable",
	[CT_CARGS_TOO_SMALL] = "too_small",
	[CT_CARGS_TOO_BIG] = "too_big",
	[CT_CARGS_NONZERO_TAIL] = "nonzero_tail",
};

static json_t *hex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return json_string(b);
}

static json_t *uint_json(uint64_t v)
{
	/* a JSON integer is signed 64-bit in jansson: beyond that, hex */
	return v <= INT64_MAX ? json_integer((json_int_t)v) : hex(v);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * A JSON string of tracee bytes: JSON needs UTF-8, a path need not be, so
 * each byte that is not part of valid UTF-8 becomes U+FFFD.
 */
json_t *json_bytes_new(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	json_t *j;
	char *b;

	j = json_string(s);
	if (j)
		return j;
	b = malloc(n * 3 + 1);
	if (!b)
		return json_null();
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(p + i, n - i);

		if (k) {
			memcpy(b + o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(b + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn(b, o);
	free(b);
	return j ? j : json_null();
}

static unsigned flags_set(const struct ct_call *c)
{
	switch (c->sysc) {
	case CT_SYS_SETNS:
		return FLAGS_SETNS;
	case CT_SYS_UNSHARE:
		return FLAGS_UNSHARE;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		return FLAGS_EXECVEAT;
	}
	return FLAGS_CLONE;
}

/* The call's flags: execveat's are in at_flags, apart from the CLONE_* ones. */
static uint64_t call_flags(const struct ct_call *c)
{
	return c->sysc == CT_SYS_EXECVEAT ? (uint32_t)c->at_flags : c->flags;
}

/* "SIGCHLD", a number without a name, or null: no exit signal, or a thread's none. */
static json_t *exit_signal_json(const struct ct_call *c)
{
	uint64_t v;
	const char *name;

	if (!(c->has & CT_HAS_EXIT_SIGNAL))
		return json_null();
	v = c->sysc == CT_SYS_CLONE3 ? c->exit_signal_raw : (uint64_t)(unsigned)c->exit_signal;
	if (v == 0 && (c->flags & CLONE_THREAD))
		return json_null();
	name = v <= 0x7fffffff ? signal_name(c->arch, (int)v) : NULL;
	return name ? json_string(name) : uint_json(v);
}

static void clone_args(const struct ct_call *c, json_t *a)
{
	json_object_set_new(a, "stack", hex(c->stack));
	if (c->has & CT_HAS_STACK_SIZE)
		json_object_set_new(a, "stack_size", uint_json(c->stack_size));
	if (c->has & CT_HAS_PARENT_TID)
		json_object_set_new(a, "parent_tid", hex(c->parent_tid));
	if (c->has & CT_HAS_CHILD_TID)
		json_object_set_new(a, "child_tid", hex(c->child_tid));
	if (c->has & CT_HAS_TLS)
		json_object_set_new(a, "tls", hex(c->tls));
	if (c->has & CT_HAS_PIDFD)
		json_object_set_new(a, "pidfd", hex(c->pidfd));
}

static void clone3_args(const struct ct_call *c, json_t *a)
{
	json_object_set_new(a, "cl_args", hex(c->cargs_addr));
	json_object_set_new(a, "size", uint_json(c->cargs_size));
	json_object_set_new(a, "args_status", json_string(cargs_status[c->cargs]));
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		json_object_set_new(a, "tail_offset", uint_json(c->tail_offset));
	if (!(c->has & CT_HAS_FLAGS))
		return;		/* the struct was not read */
	clone_args(c, a);
	if (c->has & CT_HAS_SET_TID) {
		json_t *t = json_null();

		if (c->n_set_tid > 0) {
			t = json_array();
			for (int i = 0; i < c->n_set_tid; i++)
				json_array_append_new(t, json_integer(c->set_tid[i]));
		}
		json_object_set_new(a, "set_tid", t);
		json_object_set_new(a, "set_tid_addr", hex(c->set_tid_addr));
		json_object_set_new(a, "set_tid_size", uint_json(c->set_tid_size));
	}
	if (c->has & CT_HAS_CGROUP)
		json_object_set_new(a, "cgroup", uint_json(c->cgroup));
}

static void exec_args(const struct ct_call *c, json_t *a)
{
	json_t *v = json_null();

	if (c->sysc == CT_SYS_EXECVEAT)
		json_object_set_new(a, "dirfd", json_integer(c->dirfd));
	json_object_set_new(a, "path", c->path ? json_bytes_new(c->path) : json_null());
	if (c->argv) {
		v = json_array();
		for (int i = 0; i < c->argc; i++)
			json_array_append_new(v, json_bytes_new(c->argv[i]));
	}
	json_object_set_new(a, "argv", v);
	json_object_set_new(a, "argv_truncated", json_boolean(c->argv_truncated));
}

json_t *call_json_new(const struct ct_call *c)
{
	const char *broken[64];
	json_t *o, *a, *v;
	size_t n;

	if (!c || !c->arch || !sysc_name(c->sysc))
		return NULL;
	o = json_object();
	a = json_object();
	v = json_array();
	if (!o || !a || !v) {
		json_decref(o);
		json_decref(a);
		json_decref(v);
		return NULL;
	}
	json_object_set_new(o, "syscall", json_string(sysc_name(c->sysc)));
	json_object_set_new(o, "arch", json_string(c->arch->name));
	json_object_set_new(o, "nr", json_integer(c->nr));
	json_object_set_new(o, "flags", flags_json_new(flags_set(c), call_flags(c)));
	json_object_set_new(o, "flags_value", hex(call_flags(c)));
	json_object_set_new(o, "exit_signal", exit_signal_json(c));

	switch (c->sysc) {
	case CT_SYS_CLONE:
		clone_args(c, a);
		break;
	case CT_SYS_CLONE3:
		clone3_args(c, a);
		break;
	case CT_SYS_SETNS:
		json_object_set_new(a, "fd", json_integer(c->fd));
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		exec_args(c, a);
		break;
	}
	json_object_set_new(o, "args", a);

	n = rules_check(c, broken, sizeof(broken) / sizeof(broken[0]));
	for (size_t i = 0; i < n && i < sizeof(broken) / sizeof(broken[0]); i++)
		json_array_append_new(v, json_string(broken[i]));
	json_object_set_new(o, "violates", v);
	return o;
}

json_t *errno_json_new(int err)
{
	const char *name = errno_name(err);
	char num[16];

	if (name)
		return json_string(name);
	snprintf(num, sizeof(num), "%d", err);
	return json_string(num);
}
