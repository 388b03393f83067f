// SPDX-License-Identifier: MIT
/*
 * A C++ creation chain (t-stack-names.py): main -> ct::level1(int) ->
 * ct::Spawner::run(int) const -> pthread_create.  Writes to argv[1] each
 * function's name as the compiler spells it (__PRETTY_FUNCTION__),
 * innermost first; their mangled names must come out demangled.
 */
#include <pthread.h>
#include <stdio.h>

#define NOINLINE __attribute__((noinline, noclone))

namespace ct {

static const char *names[3];

static void *worker(void *arg)
{
	return arg;
}

struct Spawner {
	NOINLINE void run(int n) const;
};

NOINLINE void Spawner::run(int n) const
{
	pthread_t t;

	names[0] = __PRETTY_FUNCTION__;
	if (pthread_create(&t, nullptr, worker, reinterpret_cast<void *>(static_cast<long>(n))) == 0)
		pthread_join(t, nullptr);
	__asm__ volatile("" ::: "memory");
}

NOINLINE void level1(int n)
{
	Spawner s;

	names[1] = __PRETTY_FUNCTION__;
	s.run(n);
	__asm__ volatile("" ::: "memory");
}

} // namespace ct

int main(int argc, char **argv)
{
	FILE *f;

	ct::names[2] = __PRETTY_FUNCTION__;
	ct::level1(argc);
	if (argc < 2 || !(f = fopen(argv[1], "w")))
		return 1;
	fprintf(f, "{\"thread\": [\"%s\", \"%s\", \"%s\"]}\n", ct::names[0], ct::names[1], ct::names[2]);
	return fclose(f) ? 1 : 0;
}
