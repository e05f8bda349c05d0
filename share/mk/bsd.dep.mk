# bsd.dep.mk: read back the header dependencies the compiler wrote.
#
# Every object is compiled with ${DEPFLAGS} (-MD -MP), which leaves foo.d
# beside foo.o in the object directory.  Reading them here means a changed
# header rebuilds exactly what includes it (OBJS, plus DEPOBJS for objects
# outside OBJS); -MP keeps a deleted header from
# breaking the build.  `make depend` is therefore a no-op.

.if !defined(_BSD_DEP_MK_)
_BSD_DEP_MK_=	1

.for _d in ${OBJS:M*.o:S/.o$/.d/:O:u} ${DEPOBJS:M*.o:S/.o$/.d/:O:u}
.dinclude "${_d}"
.endfor

depend: .PHONY

.endif	# _BSD_DEP_MK_
