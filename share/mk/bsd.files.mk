# bsd.files.mk: install plain files (configuration files, data, scripts).
#
#	FILES=		rc passwd	found in ${.CURDIR} or the object dir
#	FILESDIR=	/etc		(default; FILESDIR_<file> per file)
#	FILESMODE=	444		(default; FILESMODE_<file> per file)
#	FILESNAME_<file>=		install under another name
#
#	SCRIPTS=	foo.sh		installed as ${SCRIPTSDIR}/foo, mode 555
#	SCRIPTSDIR=	${BINDIR}	(SCRIPTSNAME_<file> per file)

.if !defined(_BSD_FILES_MK_)
_BSD_FILES_MK_=	1

install: filesinstall scriptsinstall
filesinstall scriptsinstall: .PHONY

.for _f in ${FILES}
_FDST.${_f}:=	${DESTDIR}${FILESDIR_${_f}:U${FILESDIR}}/${FILESNAME_${_f}:U${_f:T}}
filesinstall: ${_FDST.${_f}}
${_FDST.${_f}}: ${_f}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${FILESMODE_${_f}:U${FILESMODE}} ${.ALLSRC} ${.TARGET}
.endfor

SCRIPTSDIR?=	${BINDIR}
.for _f in ${SCRIPTS}
_SDST.${_f}:=	${DESTDIR}${SCRIPTSDIR_${_f}:U${SCRIPTSDIR}}/${SCRIPTSNAME_${_f}:U${_f:T:R}}
scriptsinstall: ${_SDST.${_f}}
${_SDST.${_f}}: ${_f}
	@mkdir -p ${.TARGET:H}
	${INSTALL_FILE} -m ${BINMODE} ${.ALLSRC} ${.TARGET}
.endfor

.endif	# _BSD_FILES_MK_
