/* The live stream of -v (see live.h). */
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "tracer/live.h"

int live_open(struct live *l, const struct options *o)
{
	struct timespec ts;

	memset(l, 0, sizeof(*l));
	l->ts = o->ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	l->t0 = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (!o->verbose)
		return 0;
	if (!o->log) {
		l->f = stderr;
		return 0;
	}
	l->f = fopen(o->log, "we");
	if (!l->f)
		return -1;
	setvbuf(l->f, NULL, _IOLBF, 0);
	return 0;
}

void live_close(struct live *l)
{
	if (l->f && l->f != stderr)
		fclose(l->f);
	l->f = NULL;
}

static void stamp(const struct live *l)
{
	struct timespec now;
	struct tm tm;

	if (l->ts == TS_REL) {
		uint64_t ns;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec - l->t0;
		fprintf(l->f, "%6llu.%06llu ", (unsigned long long)(ns / 1000000000u),
			(unsigned long long)(ns % 1000000000u / 1000));
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	fprintf(l->f, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (l->ts == TS_US)
		fprintf(l->f, ".%06ld", now.tv_nsec / 1000);
	fputc(' ', l->f);
}

void live_line(const struct live *l, pid_t tid, const char *fmt, ...)
{
	va_list ap;

	if (!l->f)
		return;
	fprintf(l->f, "[pid %d] ", (int)tid);
	if (l->ts != TS_NONE)
		stamp(l);
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputc('\n', l->f);
}
