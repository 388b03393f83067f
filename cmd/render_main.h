/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_CMD_RENDER_MAIN_H
#define CLONETRACE_CMD_RENDER_MAIN_H

/* "clonetrace render ...": argv[0] is the subcommand.  Returns the exit status. */
int render_main(int argc, char **argv);

#endif
