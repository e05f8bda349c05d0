# bsd.inc.mk: install headers.
#
#	INCS=		stdio.h sys/foo.h	(paths relative to ${.CURDIR}; a
#					 subdirectory is kept below INCSDIR)
#	INCSDIR=	/usr/include		(default)
#
# `make includes` installs them; `make install` does too, so a library's
# headers reach the sysroot before anything is compiled against them.

.if !defined(_BSD_INC_MK_)
_BSD_INC_MK_=	1

includes: .PHONY
install: includes

.for _h in ${INCS}
includes: ${DESTDIR}${INCSDIR}/${_h}
${DESTDIR}${INCSDIR}/${_h}: ${.CURDIR}/${_h}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${NONBINMODE} ${.ALLSRC} ${.TARGET}
.endfor

.endif	# _BSD_INC_MK_
