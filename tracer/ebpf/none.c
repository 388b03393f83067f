/* SPDX-License-Identifier: MIT */
/* record --ebpf in a clonetrace built without libbpf, bpftool or clang (EBPF=0). */
#include <err.h>
#include <errno.h>

#include "tracer/ebpf.h"

int ebpf_follow(struct tracer *tr)
{
	(void)tr;
	warnx("--ebpf: this clonetrace was built without eBPF (EBPF=0: libbpf-dev, bpftool and "
	      "clang were not all there); the ptrace modes (record without --ebpf) work");
	return -2;
}
