# sys.mk: the system rules BSD make reads before any Makefile.
#
# Petrel's make is Debian's bmake run with `-m <tree>/share/mk` (build.sh
# and the obj/tools/bin/nbmake-<arch> wrappers do this), so this file takes
# the place of bmake's own sys.mk.  It only defines the suffix rules and
# tool defaults; everything Petrel-specific (the cross tools, the object
# directory, the install layout) is in bsd.own.mk, which every bsd.*.mk
# includes.

unix?=		We run Petrel.

# No "--- target ---" banners between the output of parallel jobs.
.MAKE.JOB.PREFIX?=

.SUFFIXES:
.SUFFIXES:	.out .a .o .c .S .s .sh .y .l .h .1 .2 .3 .4 .5 .6 .7 .8 .9

AR?=		ar
ARFLAGS?=	rcs
AS?=		as
CC?=		cc
CFLAGS?=	-O2
CPP?=		cpp
LD?=		ld
NM?=		nm
OBJCOPY?=	objcopy
RANLIB?=	ranlib
SIZE?=		size
STRIP?=		strip
INSTALL?=	install
SHELL?=		/bin/sh

# The objects record their header dependencies (-MD -MP writes foo.d next
# to foo.o); bsd.dep.mk reads them back, so a changed header rebuilds
# exactly the objects that include it.
DEPFLAGS?=	-MD -MP

COMPILE.c?=	${CC} ${CFLAGS} ${CPPFLAGS} ${DEPFLAGS} -c
COMPILE.S?=	${CC} ${AFLAGS} ${CPPFLAGS} ${DEPFLAGS} -c
LINK.c?=	${CC} ${CFLAGS} ${CPPFLAGS} ${LDFLAGS}

.c.o:
	${COMPILE.c} ${.IMPSRC} -o ${.TARGET}
.S.o .s.o:
	${COMPILE.S} ${.IMPSRC} -o ${.TARGET}
.c:
	${LINK.c} -o ${.TARGET} ${.IMPSRC} ${LDADD}

.include <bsd.own.mk>
