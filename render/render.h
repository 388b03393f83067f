/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_RENDER_RENDER_H
#define CLONETRACE_RENDER_RENDER_H

/* "clonetrace render ..." and "clonetrace show ...": argv[0] is the subcommand. Return the exit status. */
int render_main(int argc, char **argv);
int show_main(int argc, char **argv);
/* "clonetrace stats ..." and "clonetrace diff ..." (render/answers.c), the same way. */
int stats_main(int argc, char **argv);
int diff_main(int argc, char **argv);

#endif
