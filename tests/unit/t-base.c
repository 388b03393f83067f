/* SPDX-License-Identifier: MIT */
/* base/: the string buffer, and the one out-of-memory policy (an allocation that fails exits). */
#include <jansson.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "tests/unit/tap.h"

/* ASan would report malloc(SIZE_MAX) itself; the test wants malloc's NULL. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void test_sbuf(void)
{
	struct sbuf b;
	char buf[8];

	sb_init(&b);
	is_str(sb_str(&b), "", "an empty buffer is \"\"");
	is_int(sb_copy(&b, buf, sizeof(buf)), 0, "sb_copy of nothing is 0");
	is_str(buf, "", "sb_copy of nothing writes \"\"");
	sb_add(&b, "clone");
	sb_addn(&b, "3(xyz", 2);
	sb_printf(&b, "%s=%d", "flags", 17);
	is_str(sb_str(&b), "clone3(flags=17", "sb_add, sb_addn, sb_printf");
	is_int((long long)b.len, 15, "its length");
	is_int(sb_copy(&b, buf, sizeof(buf)), 15, "sb_copy: the length wanted");
	is_str(buf, "clone3(", "sb_copy: what fits, terminated");
	is_int(sb_copy(&b, NULL, 0), 15, "sb_copy(NULL, 0): the length wanted");
	for (int i = 0; i < 1000; i++)
		sb_add(&b, "x");
	is_int((long long)b.len, 1015, "grows past its first 64 bytes");
	sb_reset(&b);
	is_str(sb_str(&b), "", "sb_reset empties it");
	sb_add(&b, "kept");
	{
		char *s = sb_steal(&b);

		is_str(s, "kept", "sb_steal takes the string");
		is_str(sb_str(&b), "", "and leaves the buffer empty");
		free(s);
	}
	sb_free(&b);
}

static int hook_fd = -1;

static void hook(void *ctx)
{
	if (write(hook_fd, ctx, strlen(ctx)) < 0)
		_exit(3);
}

/* xmalloc(SIZE_MAX / 2) in a child with the hook set: what it says, what the hook did, how it ends. */
static void test_out_of_memory(void)
{
	int err[2], mark[2], status = 0;
	char said[512] = "", marked[16] = "", *tail;
	ssize_t n;
	pid_t pid;

	if (pipe(err) < 0 || pipe(mark) < 0) {
		ok(0, "pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(err[1], 2);
		hook_fd = mark[1];
		alloc_set_fatal_hook(hook, "detached");
		xmalloc(SIZE_MAX / 2);
		_exit(2);	/* not reached */
	}
	close(err[1]);
	close(mark[1]);
	/* all of it: under ASan a warning of its own comes first */
	for (size_t got = 0; (n = read(err[0], said + got, sizeof(said) - 1 - got)) > 0;)
		got += (size_t)n;
	tail = said + strlen(said);
	if (tail > said)
		tail--;		/* the last line's own newline */
	while (tail > said && tail[-1] != '\n')
		tail--;
	n = read(mark[0], marked, sizeof(marked) - 1);
	marked[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status), "out of memory: the program exits (no abort, no core)");
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 1, "out of memory: exit status 1");
	is_str(tail, "clonetrace: out of memory\n", "out of memory: one line on stderr, last");
	is_str(marked, "detached", "out of memory: the fatal hook ran");
	close(err[0]);
	close(mark[0]);
}

static void test_jansson(void)
{
	json_malloc_t m = NULL;
	json_free_t f = NULL;

	alloc_init();
	json_get_alloc_funcs(&m, &f);
	ok(m == xmalloc && f == free, "alloc_init: jansson allocates with xmalloc()");
}

int main(void)
{
	test_sbuf();
	test_out_of_memory();
	test_jansson();
	return tap_done();
}
