# bsd.man.mk: install manual pages as they are (mdoc source; no formatting
# at build time).
#
#	MAN=	cat.1 ipcs.1	installed as ${MANDIR}/man1/cat.1 ...

.if !defined(_BSD_MAN_MK_)
_BSD_MAN_MK_=	1

install: maninstall
maninstall: .PHONY

.for _m in ${MAN}
_MDST.${_m}:=	${DESTDIR}${MANDIR}/man${_m:E}/${_m:T}
maninstall: ${_MDST.${_m}}
${_MDST.${_m}}: ${_m}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${MANMODE} ${.ALLSRC} ${.TARGET}
.endfor

.endif	# _BSD_MAN_MK_
