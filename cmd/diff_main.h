/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_CMD_DIFF_MAIN_H
#define CLONETRACE_CMD_DIFF_MAIN_H

/* "clonetrace diff ...", the same way. */
int diff_main(int argc, char **argv);

#endif
