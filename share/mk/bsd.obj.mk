# bsd.obj.mk: objects never land in the source tree.
#
# A directory of the tree builds in ${OBJTOP}/${MACHINE}/<its path>
# (bin/cat -> obj/amd64/bin/cat), like NetBSD's MAKEOBJDIRPREFIX but with
# the machine in the path so both ports can be built from one tree.  A
# directory outside the tree (a user's own program built with
# nbmake-<arch>) builds in ./obj.${MACHINE}.  The directory is made when
# the Makefile is read, and the `.OBJDIR:` special target moves make into
# it, so no separate `make obj` pass is needed; sources are still found in
# ${.CURDIR} through make's search path.

.if !defined(_BSD_OBJ_MK_)
_BSD_OBJ_MK_=	1

.if !defined(NOOBJ)
.if ${RELDIR} == "."
_OBJDIR:=	${OBJTOP}/${MACHINE}
.elif !empty(RELDIR)
_OBJDIR:=	${OBJTOP}/${MACHINE}/${RELDIR}
.else
_OBJDIR:=	${_CURDIR_REAL}/obj.${MACHINE}
.endif
.if ${.OBJDIR:tA} != ${_OBJDIR}
_MKOBJ!=	mkdir -p ${_OBJDIR} && echo ok
.OBJDIR:	${_OBJDIR}
.endif
.endif

# Compatibility with BSD habits: `make obj` is harmless.
obj: .PHONY

.endif	# _BSD_OBJ_MK_
