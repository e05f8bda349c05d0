/*
 * Kernel ABI constants of <unistd.h> (user ABI, FreeBSD's values): the
 * access(2) modes, lseek whences, and the standard descriptors.  libc's
 * own <unistd.h> holds the prototypes.
 */
#ifndef _SYS_UNISTD_H_
#define _SYS_UNISTD_H_

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#define F_OK		0	/* exists */
#define X_OK		0x01
#define W_OK		0x02
#define R_OK		0x04

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

/* pathconf names */
#define _PC_LINK_MAX		1
#define _PC_MAX_CANON		2
#define _PC_MAX_INPUT		3
#define _PC_NAME_MAX		4
#define _PC_PATH_MAX		5
#define _PC_PIPE_BUF		6
#define _PC_CHOWN_RESTRICTED	7
#define _PC_NO_TRUNC		8
#define _PC_VDISABLE		9

#endif /* !_SYS_UNISTD_H_ */
