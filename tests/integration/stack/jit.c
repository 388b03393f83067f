/* SPDX-License-Identifier: MIT */
/*
 * JIT code (t-stack-names.py, x86_64): main calls a trampoline it writes
 * into anonymous executable memory, which calls spawn -> pthread_create.
 * With "map" it names the trampoline in /tmp/perf-PID.map first, as JIT
 * runtimes do for perf, and removes the file at the end.  Writes to argv[1]
 * the trampoline's address, size and name.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NAME "jit_trampoline"

static void *worker(void *arg)
{
	return arg;
}

__attribute__((noinline)) static void spawn(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL) == 0)
		pthread_join(t, NULL);
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	/* push %rbp; mov %rsp,%rbp; movabs $spawn,%rax; call *%rax; pop %rbp; ret */
	unsigned char code[] = { 0x55, 0x48, 0x89, 0xe5, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
				 0xff, 0xd0, 0x5d, 0xc3 };
	uint64_t fn = (uint64_t)(uintptr_t)spawn;
	char map[64] = "";
	unsigned char *jit;
	FILE *f;

	if (argc < 3)
		return 2;
	memcpy(code + 6, &fn, sizeof(fn));
	jit = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (jit == MAP_FAILED)
		return 1;
	memcpy(jit, code, sizeof(code));
	if (!strcmp(argv[2], "map")) {
		snprintf(map, sizeof(map), "/tmp/perf-%d.map", (int)getpid());
		if (!(f = fopen(map, "w")))
			return 1;
		fprintf(f, "%llx %zx %s\n", (unsigned long long)(uintptr_t)jit, sizeof(code), NAME);
		if (fclose(f))
			return 1;
	}
	((void (*)(void))jit)();
	if (map[0])
		unlink(map);
	if (!(f = fopen(argv[1], "w")))
		return 1;
	fprintf(f, "{\"start\": %llu, \"size\": %zu, \"name\": \"%s\"}\n",
		(unsigned long long)(uintptr_t)jit, sizeof(code), map[0] ? NAME : "");
	return fclose(f) ? 1 : 0;
}
