/* Placeholder until the renderer lands; replaced by render/*.c. */
#include <stdio.h>
#include "render/render.h"

int render_main(int argc, char **argv)
{
	fprintf(stderr, "clonetrace: render: not built yet\n");
	return 2;
}

int show_main(int argc, char **argv)
{
	return render_main(argc, argv);
}
