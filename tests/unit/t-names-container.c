/* SPDX-License-Identifier: MIT */
/*
 * names/container.c: the lines of /proc/PID/cgroup, and the containers
 * that cgroup paths and runtimes' command lines name, as tables of
 * real-looking paths (docker, containerd, CRI-O, podman, runc, LXC,
 * Kubernetes under systemd and cgroupfs) and of paths that name none.
 */
#include <stdbool.h>

#include "names/container.h"
#include "tests/unit/tap.h"

#define HEX "4f3b1c7d9a2e8f60b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2"
#define HEX2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define UID "2c1a3b4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
#define UID_ "2c1a3b4d_5e6f_4a7b_8c9d_0e1f2a3b4c5d"

static const struct {
	const char *path, *runtime, *id, *pod;	/* runtime NULL: names none */
} paths[] = {
	/* docker: its systemd driver, its cgroupfs driver, docker in docker */
	{ "/system.slice/docker-" HEX ".scope", "docker", HEX, "" },
	{ "/docker/" HEX, "docker", HEX, "" },
	{ "/docker/" HEX "/docker/" HEX2, "docker", HEX2, "" },
	{ "/system.slice/docker-" HEX ".scope/init.scope", "docker", HEX, "" },
	/* Kubernetes: systemd driver (the UID's dashes as '_'), cgroupfs driver */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice/"
	  "cri-containerd-" HEX ".scope", "containerd", HEX, UID },
	{ "/kubepods.slice/kubepods-pod" UID_ ".slice/crio-" HEX ".scope", "cri-o", HEX, UID },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice/"
	  "docker-" HEX ".scope", "docker", HEX, UID },
	{ "/kubepods/burstable/pod" UID "/" HEX, "kubernetes", HEX, UID },
	{ "/kubepods/pod" UID "/" HEX, "kubernetes", HEX, UID },
	{ "/kubepods/besteffort/pod" UID "/crio-" HEX, "cri-o", HEX, UID },
	/* podman: systemd driver, a container running systemd, cgroupfs driver */
	{ "/machine.slice/libpod-" HEX ".scope", "podman", HEX, "" },
	{ "/machine.slice/libpod-" HEX ".scope/container", "podman", HEX, "" },
	{ "/libpod_parent/libpod-" HEX, "podman", HEX, "" },
	/* runc's systemd driver without a cgroupsPath */
	{ "/system.slice/runc-ctA.scope", "runc", "ctA", "" },
	{ "/user.slice/user-1000.slice/user@1000.service/runc-my.ct-1.scope", "runc", "my.ct-1", "" },
	/* LXC, 4.0 and later, and before */
	{ "/lxc.payload.web1", "lxc", "web1", "" },
	{ "/lxc/web1", "lxc", "web1", "" },
	{ "/lxc.payload.web1/system.slice/docker-" HEX ".scope", "docker", HEX, "" },
	/* names no container */
	{ "/", NULL, NULL, NULL },
	{ "", NULL, NULL, NULL },
	{ "/ctA", NULL, NULL, NULL },			/* runc's cgroupfs default: argv names it */
	{ "/user.slice/user-0.slice/session-3.scope", NULL, NULL, NULL },
	{ "/system.slice/docker.service", NULL, NULL, NULL },
	{ "/system.slice/containerd.service", NULL, NULL, NULL },
	{ "/system.slice/runc-ctA", NULL, NULL, NULL },	/* runc's names are scopes */
	{ "/system.slice/docker-" HEX ".slice", NULL, NULL, NULL },
	{ "/docker/abc123", NULL, NULL, NULL },		/* a docker id is 64 hex digits */
	{ "/system.slice/docker-4F3B1C7D9A2E8F60B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2.scope",
	  NULL, NULL, NULL },
	{ "/machine.slice/libpod-conmon-" HEX ".scope", NULL, NULL, NULL },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice/"
	  "crio-conmon-" HEX ".scope", NULL, NULL, NULL },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice", NULL, NULL,
	  NULL },
	{ "/kubepods/burstable/pod" UID, NULL, NULL, NULL },
	{ "/lxc.monitor.web1", NULL, NULL, NULL },
	{ "/libpod_parent/conmon", NULL, NULL, NULL },
};

static void test_paths(void)
{
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct container_name c;
		bool got = container_of_cgroup(paths[i].path, &c);

		if (!paths[i].runtime) {
			ok(!got, "%s names no container", paths[i].path);
			is_str(c.id, "", "%s: no id", paths[i].path);
			continue;
		}
		ok(got, "%s names a container", paths[i].path);
		is_str(c.runtime, paths[i].runtime, "%s: runtime", paths[i].path);
		is_str(c.id, paths[i].id, "%s: id", paths[i].path);
		is_str(c.pod, paths[i].pod, "%s: pod", paths[i].path);
	}
	{
		struct container_name c;

		ok(!container_of_cgroup(NULL, &c), "no path names no container");
	}
}

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define N(...) (int)(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
#define ROW(rt, id, ...) { ARGV(__VA_ARGS__), N(__VA_ARGS__), rt, id }

static const struct {
	const char *const *argv;
	int argc;
	const char *runtime, *id;		/* NULL: names none */
} argvs[] = {
	ROW("runc", "ctA", "runc", "--root", "/tmp/state", "run", "ctA"),
	ROW("runc", "ctA", "runc", "run", "-d", "--pid-file", "/run/p", "-b", "/b", "ctA"),
	/* containerd's shim and podman's conmon call it so */
	ROW("runc", HEX, "/usr/sbin/runc", "--root", "/run/containerd/runc/k8s.io", "--log",
	    "/run/log.json", "--log-format", "json", "--systemd-cgroup", "create", "--bundle",
	    "/run/b", "--pid-file", "/run/b/init.pid", "--console-socket", "/tmp/c.sock", HEX),
	ROW("runc", "ctA", "runc", "exec", "-t", "--env", "A=b", "-u", "0", "--cwd", "/", "ctA", "sh"),
	ROW("runc", "ctA", "runc", "--rootless", "true", "run", "--bundle=/b", "ctA"),
	ROW("runc", "ctA", "runc", "run", "--", "ctA"),
	ROW("runc", "ctA", "runc", "restore", "--image-path", "/ckpt", "ctA"),
	ROW("crun", "ctB", "crun", "--root=/run/crun", "--cgroup-manager", "cgroupfs", "run", "-f",
	    "/b/config.json", "ctB"),
	ROW("crun", "ctB", "/usr/bin/crun", "exec", "-e", "X=1", "--process", "/p.json", "ctB"),
	/* no container made or entered, or none named */
	ROW(NULL, NULL, "runc", "init"),
	ROW(NULL, NULL, "runc", "state", "ctA"),
	ROW(NULL, NULL, "runc", "--root", "/s", "delete", "ctA"),
	ROW(NULL, NULL, "runc", "run"),
	ROW(NULL, NULL, "runc", "run", "-b", "/b"),
	ROW(NULL, NULL, "runc", "--root", "/s"),
	ROW(NULL, NULL, "runcx", "run", "ctA"),
	ROW(NULL, NULL, "sh", "-c", "runc run ctA"),
	ROW(NULL, NULL, "docker", "run", "busybox"),
	ROW(NULL, NULL, "runc", "run", ""),
};

static void test_argv(void)
{
	for (size_t i = 0; i < sizeof(argvs) / sizeof(argvs[0]); i++) {
		struct container_name c;
		bool got = container_of_argv(argvs[i].argv, argvs[i].argc, &c);
		char what[160];

		snprintf(what, sizeof(what), "argv #%zu (%s %s ...)", i, argvs[i].argv[0],
			 argvs[i].argc > 1 ? argvs[i].argv[1] : "");
		if (!argvs[i].runtime) {
			ok(!got, "%s names no container", what);
			continue;
		}
		ok(got, "%s names a container", what);
		is_str(c.runtime, argvs[i].runtime, "%s: runtime", what);
		is_str(c.id, argvs[i].id, "%s: id", what);
	}
	{
		struct container_name c;

		ok(!container_of_argv(NULL, 0, &c), "no argv names no container");
		ok(!container_of_argv(ARGV("runc", NULL, "ctA"), 3, &c), "a null word is no command");
	}
}

static void test_lines(void)
{
	/* this host's: v1 controllers beside the unified hierarchy ("hybrid") */
	char hybrid[] = "9:name=systemd:/ctA\n8:pids:/ctA\n4:memory:/process_api/e9/ctA\n"
			"2:cpu,cpuacct:/ctA\n0::/ctA\n";
	char v2[] = "0::/system.slice/docker-" HEX ".scope\n";
	char odd[] = "garbage\nx:memory:/a\n0::/with:colon\n-1:cpu:/b\n5:cpu:/no-newline";
	char empty[] = "";
	struct cgroup_line v[16];
	int n = cgroup_lines(hybrid, v, 16);

	is_int(n, 5, "hybrid: five lines");
	is_int(v[0].hierarchy, 9, "hybrid: the hierarchy's id");
	is_str(v[0].controllers, "name=systemd", "hybrid: a named hierarchy");
	is_str(v[0].path, "/ctA", "hybrid: its path");
	is_str(v[2].path, "/process_api/e9/ctA", "hybrid: memory's path");
	is_str(v[3].controllers, "cpu,cpuacct", "hybrid: two controllers on one hierarchy");
	is_int(v[4].hierarchy, 0, "hybrid: the unified hierarchy is 0");
	is_str(v[4].controllers, "", "hybrid: with no controllers named");
	is_str(v[4].path, "/ctA", "hybrid: the v2 path");
	is_int(cgroup_lines(v2, v, 16), 1, "v2 only: one line");
	is_str(v[0].path, "/system.slice/docker-" HEX ".scope", "v2 only: the path");
	n = cgroup_lines(odd, v, 16);
	is_int(n, 2, "lines that are not ID:CONTROLLERS:PATH are left out");
	is_str(v[0].path, "/with:colon", "a ':' in a path is the path's");
	is_str(v[1].path, "/no-newline", "the last line needs no newline");
	is_int(cgroup_lines(empty, v, 16), 0, "no text, no lines");
	{
		char three[] = "3:a:/\n2:b:/\n1:c:/\n";

		is_int(cgroup_lines(three, v, 2), 2, "at most max lines");
	}
}

int main(void)
{
	test_lines();
	test_paths();
	test_argv();
	return tap_done();
}
