# bsd.own.mk: where things are and which tools build them.
#
# Included by sys.mk and by every other bsd.*.mk.  It fixes:
#   - the machine (MACHINE amd64|aarch64, MACHINE_ARCH x86_64|aarch64);
#   - the tree (PETRELSRCDIR, found from this file's own location) and the
#     object tree (OBJTOP, default ${PETRELSRCDIR}/obj; build.sh -O moves it);
#   - the Petrel cross tools (${TOOLDIR}/bin/<arch>-petrel-*, made by
#     `./build.sh tools`), which already carry the sysroot;
#   - the install tree (DESTDIR, default ${OBJTOP}/destdir.${MACHINE}, which
#     is also the sysroot the cross tools compile and link against: so
#     Petrel's own make never installs into the host's /);
#   - the install layout (BINDIR, LIBDIR, ... as on the BSDs).
# Then bsd.obj.mk moves make into the object directory.

.if !defined(_BSD_OWN_MK_)
_BSD_OWN_MK_=	1

PETRELSRCDIR:=	${.PARSEDIR:tA:H:H}

# bmake defaults MACHINE to `uname -m`; Petrel calls the PC port amd64.
.if ${MACHINE} == "x86_64" || ${MACHINE} == "amd64"
MACHINE:=	amd64
MACHINE_ARCH:=	x86_64
.elif ${MACHINE} == "aarch64" || ${MACHINE} == "arm64"
MACHINE:=	aarch64
MACHINE_ARCH:=	aarch64
.else
.error Petrel: unknown MACHINE ${MACHINE} (amd64 or aarch64)
.endif
MACHINE_GNU_PLATFORM:=	${MACHINE_ARCH}-petrel

OBJTOP?=	${PETRELSRCDIR}/obj
TOOLDIR?=	${OBJTOP}/tools
DESTDIR?=	${OBJTOP}/destdir.${MACHINE}
SYSROOT?=	${OBJTOP}/destdir.${MACHINE}

# The cross tools.  A tool the wrappers do not provide yet falls back to
# nothing sensible, so say so instead of silently using the host's.
_TOOL_PREFIX=	${TOOLDIR}/bin/${MACHINE_GNU_PLATFORM}-
.if !exists(${_TOOL_PREFIX}cc) && !defined(PETREL_NO_TOOLS_CHECK)
.warning ${_TOOL_PREFIX}cc is missing: run ./build.sh -m ${MACHINE} tools
.endif
CC=		${_TOOL_PREFIX}cc
CPP=		${_TOOL_PREFIX}cpp
AS=		${_TOOL_PREFIX}as
LD=		${_TOOL_PREFIX}ld
AR=		${_TOOL_PREFIX}ar
RANLIB=		${_TOOL_PREFIX}ranlib
NM=		${_TOOL_PREFIX}nm
OBJCOPY=	${_TOOL_PREFIX}objcopy
OBJDUMP=	${_TOOL_PREFIX}objdump
READELF=	${_TOOL_PREFIX}readelf
STRIP=		${_TOOL_PREFIX}strip
SIZE=		${_TOOL_PREFIX}size

# Tools that run on the build machine.
HOST_CC?=	cc
HOST_CFLAGS?=	-O2
PYTHON?=	python3

# Compiler flags every Petrel program gets (the wrappers add the sysroot).
CSTD?=		-std=gnu11
CWARNFLAGS?=	-Wall -Wno-unused-parameter \
		-Werror=implicit-function-declaration -Werror=return-type
COPTS?=		-O2 -g
CFLAGS=		${CSTD} ${COPTS} ${CWARNFLAGS} ${CFLAGS_EXTRA}
AFLAGS?=	-D__ASSEMBLY__

# Install layout.  Owners are not set here: build.sh runs as root and the
# root image is archived with every file owned by root.
BINDIR?=	/bin
BINMODE?=	555
NONBINMODE?=	444
DIRMODE?=	755
LIBDIR?=	/usr/lib
LIBMODE?=	${NONBINMODE}
INCSDIR?=	/usr/include
MANDIR?=	/usr/share/man
MANMODE?=	${NONBINMODE}
FILESDIR?=	/etc
FILESMODE?=	${NONBINMODE}
REGRESSDIR?=	/usr/regress

INSTALL=	install
INSTALL_DIR=	${INSTALL} -d -m ${DIRMODE}
# Programs are installed stripped (the root image is loaded into RAM); the
# object directory keeps the copy with symbols for gdb.  STRIP_INSTALL=
# (empty) installs them as they are.
STRIP_INSTALL?=	-s --strip-program=${STRIP}
INSTALL_FILE=	${INSTALL} -c -p
INSTALL_LINK=	ln -f
INSTALL_SYMLINK= ln -sfn

# Where this directory sits in the tree ("bin/cat"), or empty outside it.
_CURDIR_REAL:=	${.CURDIR:tA}
.if ${_CURDIR_REAL} == ${PETRELSRCDIR}
RELDIR:=	.
.elif ${_CURDIR_REAL:M${PETRELSRCDIR}/*} != ""
RELDIR:=	${_CURDIR_REAL:S,^${PETRELSRCDIR}/,,}
.else
RELDIR:=
.endif

.include <bsd.obj.mk>

.endif	# _BSD_OWN_MK_
