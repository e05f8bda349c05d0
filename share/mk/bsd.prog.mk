# bsd.prog.mk: build and install one program.
#
#	PROG=	cat			the program (built from cat.c unless SRCS says)
#	SRCS=	cat.c util.c x.S	C and assembler sources (found through .PATH)
#	CFLAGS+= CPPFLAGS+= LDFLAGS+=	extra flags
#	LDADD=	-lutil			libraries (the wrappers add -lc -lm -lgcc)
#	DPADD=	${LIBUTIL}		files the link depends on
#	BINDIR=	/bin			(default) BINMODE= 555
#	MAN=	cat.1			manual pages (bsd.man.mk)
#	SCRIPTS= FILES= LINKS= SYMLINKS= INCS=	see bsd.files.mk, bsd.links.mk, bsd.inc.mk
#	NOMAN=	any			do not install MAN
#
# Targets: all (default), install, clean, cleandir, depend, obj, includes.
# Everything is built in the object directory (bsd.obj.mk); `make
# install` copies into ${DESTDIR}${BINDIR}.  The compiler is the Petrel
# cross compiler, so the result is a static Petrel executable.

.if !defined(_BSD_PROG_MK_)
_BSD_PROG_MK_=	1

.include <bsd.own.mk>

.MAIN: all
all: .PHONY
install: .PHONY realinstall
realinstall: .PHONY
clean cleandir: .PHONY

.if defined(PROG)
SRCS?=		${PROG}.c
OBJS+=		${SRCS:N*.h:T:R:S/$/.o/g}
_SRCDIRS=	${SRCS:M*/*:H:O:u}
.if !empty(_SRCDIRS)
.PATH:		${_SRCDIRS:@d@${d:M/*}${d:N/*:S,^,${.CURDIR}/,}@}
.endif

all: ${PROG}

${OBJS}: ${.MAKE.MAKEFILES:M*/Makefile}

${PROG}: ${OBJS} ${DPADD}
	${CC} ${CFLAGS} ${LDFLAGS} -o ${.TARGET} ${OBJS} ${LDADD}

_PDST:=		${DESTDIR}${BINDIR}/${PROGNAME:U${PROG}}
realinstall: ${_PDST}
${_PDST}: ${PROG}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} ${STRIP_INSTALL} -m ${BINMODE} ${.ALLSRC} ${.TARGET}

CLEANFILES+=	${PROG} ${OBJS} ${OBJS:S/.o$/.d/}
.endif

.if defined(NOMAN)
MAN=
.endif

clean cleandir:
	rm -f ${CLEANFILES} a.out core *.core

.include <bsd.inc.mk>
.if !empty(INCS_INSTALLED)
${OBJS} ${CRTS}: ${INCS_INSTALLED}
.endif
.include <bsd.files.mk>
.include <bsd.man.mk>
.include <bsd.links.mk>
.include <bsd.dep.mk>

.endif	# _BSD_PROG_MK_
