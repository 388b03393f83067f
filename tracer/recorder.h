/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_RECORDER_H
#define CLONETRACE_TRACER_RECORDER_H

/* clonetrace record (recorder.c): the front end of the recorder. */

/* Runs `clonetrace record ARGS`; the exit status clonetrace ends with. */
int recorder_main(int argc, char **argv);

#endif
