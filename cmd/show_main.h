/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_CMD_SHOW_MAIN_H
#define CLONETRACE_CMD_SHOW_MAIN_H

/* "clonetrace show ...", the same way. */
int show_main(int argc, char **argv);

#endif
