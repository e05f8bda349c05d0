/*
 * Uncancellable read, write and close for newlib's stdio (_read_r,
 * _write_r and _close_r are rewritten to call these: see NEWLIB_NOCANCEL
 * in lib/libc/Makefile and "Cancellation" in docs/lib/threads.md).
 */
#include "SYS.h"

RSYSCALL_N(__sys_nc_read, read)
RSYSCALL_N(__sys_nc_write, write)
RSYSCALL_N(__sys_nc_close, close)
