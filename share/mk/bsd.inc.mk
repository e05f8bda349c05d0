# bsd.inc.mk: install headers.
#
#	INCS=		stdio.h sys/foo.h	(paths relative to ${.CURDIR}; a
#					 subdirectory is kept below INCSDIR)
#	INCSDIR=	/usr/include		(default)
#
# `make includes` installs them; `make install` does too, so a library's
# headers reach the sysroot before anything is compiled against them.
# INCS_INSTALLED lists the installed files; bsd.prog.mk and bsd.lib.mk
# make every object depend on them (real files, so nothing is rebuilt
# when they have not changed; do not make objects depend on the .PHONY
# target `includes`, which would rebuild them every time).  A Makefile
# that installs other headers with its own rules adds them to
# INCS_INSTALLED before including bsd.prog.mk or bsd.lib.mk.

.if !defined(_BSD_INC_MK_)
_BSD_INC_MK_=	1

includes: .PHONY
install: includes

.for _h in ${INCS}
INCS_INSTALLED+=	${DESTDIR}${INCSDIR}/${_h}
includes: ${DESTDIR}${INCSDIR}/${_h}
${DESTDIR}${INCSDIR}/${_h}: ${.CURDIR}/${_h}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${NONBINMODE} ${.ALLSRC} ${.TARGET}
.endfor
includes: ${INCS_INSTALLED}

.endif	# _BSD_INC_MK_
