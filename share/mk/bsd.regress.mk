# bsd.regress.mk: build and install in-guest regression tests.
#
# A directory regress/<path>/ installs its tests into
# ${DESTDIR}/usr/regress/<path>/, where the in-guest runner finds them.
#
#	REGRESS=	t_pipe t_basic	the tests; each is a program built from
#					<name>.c (or SRCS.<name>), or a script
#					installed from <name>.sh (mode 555, no
#					suffix) when <name>.sh exists
#	LDADD.<name>=	-lutil		per-program libraries (LDADD for all)
#	FILES=		data.txt	other files the tests need (installed
#					beside them; see bsd.files.mk)
#	SUBDIR=		...		a directory may also hold subdirectories
#
# A test prints TAP lines (`ok N - name` / `not ok N - name`) and exits 0
# only if everything passed.  A directory that wants bsd.prog.mk's
# single PROG can use that too: BINDIR is set to the regress directory.

.if !defined(_BSD_REGRESS_MK_)
_BSD_REGRESS_MK_=	1

.include <bsd.own.mk>

.if ${RELDIR:Mregress/*}
REGRESSPATH?=	${REGRESSDIR}/${RELDIR:S,^regress/,,}
.else
REGRESSPATH?=	${REGRESSDIR}/${.CURDIR:T}
.endif
BINDIR=		${REGRESSPATH}
FILESDIR?=	${REGRESSPATH}
SCRIPTSDIR?=	${REGRESSPATH}

.MAIN: all
all install realinstall clean cleandir: .PHONY
install: realinstall

.for _t in ${REGRESS}
.if exists(${.CURDIR}/${_t}.sh) && !defined(SRCS.${_t})
SCRIPTS+=	${_t}.sh
.else
SRCS.${_t}?=	${_t}.c
OBJS.${_t}:=	${SRCS.${_t}:N*.h:T:R:S/$/.o/g}
DEPOBJS+=	${OBJS.${_t}}
all: ${_t}
${OBJS.${_t}}: ${.MAKE.MAKEFILES:M*/Makefile}
${_t}: ${OBJS.${_t}} ${DPADD.${_t}} ${DPADD}
	${CC} ${CFLAGS} ${LDFLAGS} -o ${.TARGET} ${OBJS.${_t}} ${LDADD.${_t}} ${LDADD}
realinstall: ${DESTDIR}${REGRESSPATH}/${_t}
${DESTDIR}${REGRESSPATH}/${_t}: ${_t}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} ${STRIP_INSTALL} -m ${BINMODE} ${.ALLSRC} ${.TARGET}
CLEANFILES+=	${_t} ${OBJS.${_t}} ${OBJS.${_t}:S/.o$/.d/}
.endif
.endfor

# The test scripts need make to find <name>.sh.
all: ${SCRIPTS}

.if defined(PROG)
.include <bsd.prog.mk>
.else
clean cleandir:
	rm -f ${CLEANFILES}
.include <bsd.inc.mk>
.include <bsd.files.mk>
.include <bsd.man.mk>
.include <bsd.links.mk>
.include <bsd.dep.mk>
.endif

.if defined(SUBDIR)
.include <bsd.subdir.mk>
.endif

regress: .PHONY

.endif	# _BSD_REGRESS_MK_
