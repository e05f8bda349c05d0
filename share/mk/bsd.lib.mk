# bsd.lib.mk: build and install one static library.
#
#	LIB=	c			makes libc.a (Petrel links statically only)
#	SRCS=	a.c b.S			C and assembler sources (found through .PATH)
#	INCS=	foo.h			headers for ${INCSDIR} (bsd.inc.mk)
#	LIBMERGE= /path/libx.a		archives whose members are put into this
#					library too (e.g. lib/libc adds its OS layer
#					to the archive newlib built)
#	CRTS=	crt0.o			extra objects installed beside the
#					library (built from crt0.S or crt0.c)
#	LIBDIR=	/usr/lib		(default)
#
# Targets: all (default), install, clean, cleandir, depend, obj, includes.

.if !defined(_BSD_LIB_MK_)
_BSD_LIB_MK_=	1

.include <bsd.own.mk>

.MAIN: all
all: .PHONY
install: .PHONY realinstall
realinstall: .PHONY
clean cleandir: .PHONY

.if defined(LIB)
_LIBA=		lib${LIB}.a
OBJS+=		${SRCS:N*.h:T:R:S/$/.o/g}
_SRCDIRS=	${SRCS:M*/*:H:O:u}
.if !empty(_SRCDIRS)
.PATH:		${_SRCDIRS:@d@${d:M/*}${d:N/*:S,^,${.CURDIR}/,}@}
.endif

all: ${_LIBA} ${CRTS}

${OBJS} ${CRTS}: ${.MAKE.MAKEFILES:M*/Makefile}

# With LIBMERGE the archive is written by an ar MRI script, which copies
# the members of other archives without unpacking them (so members of the
# same name in different archives do not overwrite each other).
.if !empty(LIBMERGE)
${_LIBA}: ${OBJS} ${LIBMERGE}
	@rm -f ${.TARGET} ${.TARGET}.mri
	@{ echo "create ${.TARGET}"; \
	  for a in ${LIBMERGE}; do echo "addlib $$a"; done; \
	  for o in ${OBJS}; do echo "addmod $$o"; done; \
	  echo save; echo end; } > ${.TARGET}.mri
	${AR} -M < ${.TARGET}.mri
	${RANLIB} ${.TARGET}
.else
${_LIBA}: ${OBJS}
	@rm -f ${.TARGET}
	${AR} ${ARFLAGS} ${.TARGET} ${OBJS}
	${RANLIB} ${.TARGET}
.endif

realinstall: ${DESTDIR}${LIBDIR}/${_LIBA}
${DESTDIR}${LIBDIR}/${_LIBA}: ${_LIBA}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${LIBMODE} ${.ALLSRC} ${.TARGET}

CLEANFILES+=	${_LIBA} ${_LIBA}.mri ${OBJS} ${OBJS:S/.o$/.d/}
.endif

.for _c in ${CRTS}
realinstall: ${DESTDIR}${LIBDIR}/${_c}
${DESTDIR}${LIBDIR}/${_c}: ${_c}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${LIBMODE} ${.ALLSRC} ${.TARGET}
.endfor
CLEANFILES+=	${CRTS} ${CRTS:S/.o$/.d/}
DEPOBJS+=	${CRTS}

clean cleandir:
	rm -f ${CLEANFILES}

.include <bsd.inc.mk>
.if !empty(INCS_INSTALLED)
${OBJS} ${CRTS}: ${INCS_INSTALLED}
.endif
.include <bsd.files.mk>
.include <bsd.man.mk>
.include <bsd.links.mk>
.include <bsd.dep.mk>

.endif	# _BSD_LIB_MK_
