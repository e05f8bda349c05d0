# Machine-independent kernel sources, relative to sys/.  One subsystem a
# file; keep the list grouped by directory and sorted within a group.
SRCS+=	kern/init_main.c
