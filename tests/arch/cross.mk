# SPDX-License-Identifier: MIT
# Read after the top Makefile by tests/arch/build
#   make -f Makefile -f tests/arch/cross.mk B=build/arch/ARCH/obj arch-all
# so that the recorder is linked inside $(B) and the host's ./clonetrace is
# left alone.  Everything else (sources, flags, pkg-config) is the top
# Makefile's.
.PHONY: arch-all
arch-all: $(B)/clonetrace $(SAMPLE_BIN)

$(B)/clonetrace: $(APP_OBJ)
	$(CC) $(CFLAGS) -o $@ $(APP_OBJ) $(LIBS)
