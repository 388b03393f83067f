/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_CMD_STATS_MAIN_H
#define CLONETRACE_CMD_STATS_MAIN_H

/* "clonetrace stats ...", the same way. */
int stats_main(int argc, char **argv);

#endif
