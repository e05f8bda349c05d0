/*
 * System-call dispatch.  The port's trap code collects the call number
 * and the argument registers and calls syscall_dispatch(), which looks the
 * handler up in the generated sysent table, runs it, and returns the
 * errno for the port to put in the user's registers (carry flag / PSTATE.C
 * set on error).  Handlers not written yet are weak aliases of nosys.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/globaldata.h>
#include <sys/thread.h>
#include <sys/sysent.h>
#include <sys/sysmsg.h>

int
nosys(struct sysmsg *sysmsg, const void *uap)
{
	return (ENOSYS);
}

int
syscall_dispatch(struct thread *td, u_int code, const register_t *args,
    register_t *rv)
{
	struct sysmsg msg;
	int error;

	mycpu->gd_syscalls++;
	if (code >= (u_int)nsysent)
		return (ENOSYS);
	msg.sysmsg_td = td;
	msg.sysmsg_result = 0;
	msg.sysmsg_result1 = rv[1];
	/* The argument registers are laid out as the NAME_args slots. */
	error = sysent[code].sy_call(&msg, args);
	if (error == 0) {
		rv[0] = msg.sysmsg_result;
		rv[1] = msg.sysmsg_result1;
	}
	return (error);
}
