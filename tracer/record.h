/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_RECORD_H
#define CLONETRACE_TRACER_RECORD_H

/* clonetrace record (record.c): the front end of the recorder. */

/* Runs `clonetrace record ARGS`; the exit status clonetrace ends with. */
int record_main(int argc, char **argv);

#endif
