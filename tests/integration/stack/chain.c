/* SPDX-License-Identifier: MIT */
/*
 * A creation chain that says where it calls (t-stack-names.py builds it
 * with gcc -g and with clang -fuse-ld=lld): main -> level1 -> level2 ->
 * (inlined) inline_helper -> level3 -> pthread_create, and main ->
 * fork_level -> fork.  Writes to argv[1] what it knows of itself: each
 * function's name, file and the line of its call, innermost first, and the
 * load bias of each of its modules (dl_iterate_phdr).
 */
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

static FILE *truth;
static int line_l3, line_helper, line_l2, line_l1, line_main, line_fork, line_main_fork;

static void *worker(void *arg)
{
	return arg;
}

NOINLINE static void level3(void)
{
	pthread_t t;

	line_l3 = __LINE__; if (pthread_create(&t, NULL, worker, NULL) == 0)
		pthread_join(t, NULL);
	__asm__ volatile("" ::: "memory");
}

static inline __attribute__((always_inline)) void inline_helper(void)
{
	line_helper = __LINE__; level3();
	__asm__ volatile("" ::: "memory");
}

NOINLINE static void level2(void)
{
	line_l2 = __LINE__; inline_helper();
	__asm__ volatile("" ::: "memory");
}

NOINLINE static void level1(void)
{
	line_l1 = __LINE__; level2();
	__asm__ volatile("" ::: "memory");
}

NOINLINE static void fork_level(void)
{
	pid_t pid;

	line_fork = __LINE__; pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	__asm__ volatile("" ::: "memory");
}

static int module(struct dl_phdr_info *info, size_t size, void *arg)
{
	fprintf(truth, "%s\n    {\"name\": \"%s\", \"bias\": %llu}", *(int *)arg ? "," : "",
		info->dlpi_name, (unsigned long long)info->dlpi_addr);
	*(int *)arg = 1;
	return 0;
}

#define PLACE(fn, line, more) "{\"function\": \"" fn "\", \"file\": \"%s\", \"line\": %d}" more

int main(int argc, char **argv)
{
	int any = 0;

	line_main = __LINE__; level1();
	line_main_fork = __LINE__; fork_level();
	if (argc < 2 || !(truth = fopen(argv[1], "w")))
		return 1;
	fprintf(truth, "{\"thread\": [" PLACE("level3", line_l3, ", ") PLACE("inline_helper", line_helper, ", ")
		PLACE("level2", line_l2, ", ") PLACE("level1", line_l1, ", ") PLACE("main", line_main, "],\n"),
		__FILE__, line_l3, __FILE__, line_helper, __FILE__, line_l2, __FILE__, line_l1, __FILE__, line_main);
	fprintf(truth, " \"fork\": [" PLACE("fork_level", line_fork, ", ") PLACE("main", line_main_fork, "],\n"),
		__FILE__, line_fork, __FILE__, line_main_fork);
	fprintf(truth, " \"modules\": [");
	dl_iterate_phdr(module, &any);
	fprintf(truth, "]}\n");
	return fclose(truth) ? 1 : 0;
}
