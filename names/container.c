/* SPDX-License-Identifier: MIT */
/*
 * Cgroup lines and the containers they name (container.h).  The names are
 * the runtimes' own: systemd scopes "PREFIX-ID.scope" (docker, containerd's
 * CRI, CRI-O, podman; runc's default with its systemd driver), cgroupfs
 * paths "/docker/ID", "/libpod_parent/libpod-ID", LXC's "lxc.payload.NAME",
 * and Kubernetes' pod cgroups ("kubepods-burstable-pod<UID, _ for ->.slice"
 * under systemd, "kubepods/burstable/pod<UID>/ID" under cgroupfs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/container.h"

int cgroup_lines(char *text, struct cgroup_line *v, int max)
{
	int n = 0;

	for (char *line = text, *next; line && *line && n < max; line = next) {
		char *c1, *c2, *end;
		long id;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* the path is the rest of the line: it may hold a ':' itself */
		c1 = strchr(line, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		id = strtol(line, &end, 10);
		if (end != c1 || id < 0)
			continue;
		*c1 = *c2 = '\0';
		v[n++] = (struct cgroup_line){ .hierarchy = (int)id, .controllers = c1 + 1,
					       .path = c2 + 1 };
	}
	return n;
}

/* A path component: not terminated. */
struct comp {
	const char *s;
	size_t n;
};

static bool comp_is(struct comp c, const char *s)
{
	return c.n == strlen(s) && !strncmp(c.s, s, c.n);
}

static bool hex64(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A pod's UID as Kubernetes writes it, 8-4-4-4-12 hex digits; sep is '-' or systemd's '_'. */
static bool uid_like(const char *s, size_t n, char sep)
{
	if (n != 36)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != sep :
		    !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

static void copy(char *dst, size_t size, const char *s, size_t n)
{
	snprintf(dst, size, "%.*s", (int)n, s);
}

/*
 * A pod's cgroup: "pod<UID>" (cgroupfs) or, unless cgroupfs,
 * "kubepods[-QOS]-pod<UID>.slice" (systemd, the UID's dashes as '_'); the
 * UID into pod, with dashes.
 */
static bool pod_of(struct comp c, bool cgroupfs, char *pod, size_t size)
{
	static const char slice[] = ".slice";
	size_t ns = sizeof(slice) - 1;
	const char *uid = NULL;
	char sep = '-';

	if (c.n == 3 + 36 && !strncmp(c.s, "pod", 3)) {
		uid = c.s + 3;
	} else if (!cgroupfs && c.n >= 8 + 4 + 36 + ns && !strncmp(c.s, "kubepods-", 9) &&
		   !strncmp(c.s + c.n - ns, slice, ns) && !strncmp(c.s + c.n - ns - 36 - 4, "-pod", 4)) {
		uid = c.s + c.n - ns - 36;
		sep = '_';
	}
	if (!uid || !uid_like(uid, 36, sep))
		return false;
	copy(pod, size, uid, 36);
	for (char *p = pod; *p; p++)
		if (*p == '_')
			*p = '-';
	return true;
}

/*
 * A runtime's name for a container's cgroup: PREFIX-ID, with ".scope"
 * (systemd's unit) or without (podman's cgroupfs "libpod-ID").  Where the
 * runtime's ids are 64 hex digits, nothing else matches ("crio-conmon-ID"
 * is CRI-O's monitor, not the container).
 */
static const struct scope_rule {
	const char *prefix, *runtime;
	bool hex64;			/* the id is 64 hex digits */
	bool scope;			/* only as a systemd scope */
} scope_rules[] = {
	{ .prefix = "docker-", .runtime = "docker", .hex64 = true },
	{ .prefix = "cri-containerd-", .runtime = "containerd", .hex64 = true },
	{ .prefix = "crio-", .runtime = "cri-o", .hex64 = true },
	{ .prefix = "libpod-", .runtime = "podman", .hex64 = true },
	/* runc's systemd driver without a cgroupsPath: "system.slice:runc:ID" */
	{ .prefix = "runc-", .runtime = "runc", .scope = true },
};

/* A parent's name that says what its child is: cgroupfs layouts. */
static const struct parent_rule {
	const char *parent, *runtime;
	bool hex64;
} parent_rules[] = {
	{ .parent = "docker", .runtime = "docker", .hex64 = true },
	/* LXC before 4.0: "/lxc/NAME" */
	{ .parent = "lxc", .runtime = "lxc" },
};

static bool by_scope(struct comp c, struct container_name *out)
{
	static const char scope[] = ".scope";
	size_t sn = sizeof(scope) - 1;

	for (size_t r = 0; r < sizeof(scope_rules) / sizeof(scope_rules[0]); r++) {
		const struct scope_rule *q = &scope_rules[r];
		size_t pn = strlen(q->prefix), n = c.n;

		if (n <= pn || strncmp(c.s, q->prefix, pn) != 0)
			continue;
		if (n > sn && !strncmp(c.s + n - sn, scope, sn))
			n -= sn;
		else if (q->scope)
			continue;
		if (n <= pn || (q->hex64 && !hex64(c.s + pn, n - pn)))
			continue;
		snprintf(out->runtime, sizeof(out->runtime), "%s", q->runtime);
		copy(out->id, sizeof(out->id), c.s + pn, n - pn);
		return true;
	}
	/* LXC 4.0 and later: "lxc.payload.NAME" ("lxc.monitor.NAME" is its monitor) */
	if (c.n > 12 && !strncmp(c.s, "lxc.payload.", 12)) {
		snprintf(out->runtime, sizeof(out->runtime), "lxc");
		copy(out->id, sizeof(out->id), c.s + 12, c.n - 12);
		return true;
	}
	return false;
}

static bool by_parent(struct comp parent, struct comp c, struct container_name *out)
{
	char pod[sizeof(out->pod)];

	for (size_t r = 0; r < sizeof(parent_rules) / sizeof(parent_rules[0]); r++) {
		const struct parent_rule *q = &parent_rules[r];

		if (!comp_is(parent, q->parent) || (q->hex64 && !hex64(c.s, c.n)))
			continue;
		snprintf(out->runtime, sizeof(out->runtime), "%s", q->runtime);
		copy(out->id, sizeof(out->id), c.s, c.n);
		return true;
	}
	/*
	 * Kubernetes with cgroupfs: ".../pod<UID>/ID", whichever runtime made
	 * it (its ids are 64 hex digits: "crio-conmon-ID" is no container)
	 */
	if (pod_of(parent, true, pod, sizeof(pod)) && hex64(c.s, c.n)) {
		snprintf(out->runtime, sizeof(out->runtime), "kubernetes");
		copy(out->id, sizeof(out->id), c.s, c.n);
		return true;
	}
	return false;
}

#define MAX_COMPS 256

bool container_of_cgroup(const char *path, struct container_name *out)
{
	struct comp v[MAX_COMPS];
	int n = 0;

	memset(out, 0, sizeof(*out));
	if (!path)
		return false;
	for (const char *p = path; *p && n < MAX_COMPS;) {
		size_t k = strcspn(p, "/");

		if (k)
			v[n++] = (struct comp){ p, k };
		p += k;
		p += *p == '/';
	}
	for (int i = n - 1; i >= 0; i--) {
		if (!by_scope(v[i], out) && !(i > 0 && by_parent(v[i - 1], v[i], out)))
			continue;
		/* the pod above it, if Kubernetes made it */
		for (int j = i - 1; j >= 0; j--)
			if (pod_of(v[j], false, out->pod, sizeof(out->pod)))
				break;
		return true;
	}
	memset(out, 0, sizeof(*out));
	return false;
}

/* The runtimes whose command lines name the container they put processes in. */
static const char *const runtimes[] = { "runc", "crun" };
/* ... the commands that do (a new container's first process, or one more in it) */
static const char *const commands[] = { "run", "create", "exec", "restore" };
/*
 * ... and their options that take the next word as a value, global and of
 * those commands (runc's urfave/cli and crun's argp take "--opt=VALUE" too).
 */
static const char *const valued[] = {
	"additional-gids", "apparmor", "b", "bundle", "c", "cap", "cgroup", "cgroup-manager",
	"config", "console-socket", "criu", "cwd", "e", "empty-ns", "env", "f", "g", "image-path",
	"log", "log-format", "log-level", "lsm-mount-context", "lsm-profile", "manage-cgroups-mode",
	"p", "pid-file", "pidfd-socket", "preserve-fds", "process", "process-label", "root",
	"rootless", "u", "user", "work-path",
};

static bool in(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return true;
	return false;
}

#define IN(s, v) in(s, v, sizeof(v) / sizeof(v[0]))

/* The index of the first word from i on that is not an option (nor an option's value). */
static int skip_options(const char *const *argv, int argc, int i)
{
	while (i < argc && argv[i] && argv[i][0] == '-') {
		const char *o = argv[i] + 1 + (argv[i][1] == '-');

		if (!strcmp(argv[i], "--"))
			return i + 1;
		i += !strchr(o, '=') && IN(o, valued) ? 2 : 1;
	}
	return i;
}

bool container_of_argv(const char *const *argv, int argc, struct container_name *out)
{
	const char *base;
	int i;

	memset(out, 0, sizeof(*out));
	if (argc < 3 || !argv[0])
		return false;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (!IN(base, runtimes))
		return false;
	i = skip_options(argv, argc, 1);
	if (i >= argc || !argv[i] || !IN(argv[i], commands))
		return false;
	i = skip_options(argv, argc, i + 1);
	if (i >= argc || !argv[i] || !argv[i][0])
		return false;
	snprintf(out->runtime, sizeof(out->runtime), "%s", base);
	snprintf(out->id, sizeof(out->id), "%s", argv[i]);
	return true;
}
