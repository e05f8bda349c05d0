# bsd.links.mk: extra names for installed files.
#
#	LINKS=		${BINDIR}/test ${BINDIR}/[	(pairs: existing, new; hard links)
#	SYMLINKS=	sh ${BINDIR}/-sh		(pairs: link text, new)
#
# Made after everything else of `make install`.

.if !defined(_BSD_LINKS_MK_)
_BSD_LINKS_MK_=	1

install: linksinstall
linksinstall: .PHONY

.if !empty(LINKS) || !empty(SYMLINKS)
linksinstall: realinstall filesinstall scriptsinstall
	@set -- ${LINKS}; while test $$# -ge 2; do \
		l=${DESTDIR}$$1; t=${DESTDIR}$$2; shift 2; \
		mkdir -p $$(dirname $$t); \
		echo "${INSTALL_LINK} $$l $$t"; ${INSTALL_LINK} $$l $$t; \
	done
	@set -- ${SYMLINKS}; while test $$# -ge 2; do \
		l=$$1; t=${DESTDIR}$$2; shift 2; \
		mkdir -p $$(dirname $$t); \
		echo "${INSTALL_SYMLINK} $$l $$t"; ${INSTALL_SYMLINK} $$l $$t; \
	done
.endif

realinstall filesinstall scriptsinstall: .PHONY

.endif	# _BSD_LINKS_MK_
