/* Reading tracee memory for the decoder: process_vm_readv, one call per read. */
#include <sys/uio.h>

#include "decode/decode.h"
#include "tracer/mem.h"

static int vm_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	pid_t tid = *(pid_t *)ctx;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t r;

	if (len == 0)
		return 0;
	r = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return r == (ssize_t)len ? 0 : -1;
}

struct ct_mem mem_for(pid_t *tid)
{
	struct ct_mem m = { vm_read, tid };

	return m;
}

int mem_read_u32(pid_t tid, uint64_t addr, uint32_t *v)
{
	return vm_read(&tid, addr, v, sizeof(*v));
}

int mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	return process_vm_writev(tid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}
