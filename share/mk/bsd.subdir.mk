# bsd.subdir.mk: run make in subdirectories.
#
#	SUBDIR=	libc libutil .WAIT foo	directories, in order; make may build
#					them in parallel (-j) except across a
#					.WAIT
#
# Every standard target (all install clean cleandir depend obj includes
# regress) descends.  A directory that also builds something itself
# includes bsd.prog.mk or bsd.lib.mk before this file.

.if !defined(_BSD_SUBDIR_MK_)
_BSD_SUBDIR_MK_=	1

.include <bsd.own.mk>

.MAIN: all
SUBDIR_TARGETS?=	all install clean cleandir depend obj includes regress
.if empty(RELDIR) || ${RELDIR} == "."
_SUBDIR_PREFIX=
.else
_SUBDIR_PREFIX=	${RELDIR}/
.endif

.for _t in ${SUBDIR_TARGETS}
.for _d in ${SUBDIR:N.WAIT}
${_t}-${_d}: .PHONY .MAKE
	@echo "===> ${_SUBDIR_PREFIX}${_d} (${_t})"
	@cd ${.CURDIR}/${_d} && ${MAKE} ${_t}
.endfor
${_t}: .PHONY ${SUBDIR:S/^/${_t}-/:S/^${_t}-.WAIT$/.WAIT/}
.endfor

.endif	# _BSD_SUBDIR_MK_
