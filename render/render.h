#ifndef CLONETRACE_RENDER_RENDER_H
#define CLONETRACE_RENDER_RENDER_H

/* "clonetrace render ..." and "clonetrace show ...": argv[0] is the subcommand. Return the exit status. */
int render_main(int argc, char **argv);
int show_main(int argc, char **argv);

#endif
