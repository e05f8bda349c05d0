/*
 * waitid(2) and wait6(2): the child's siginfo for an exit (CLD_EXITED
 * and the exit code), a kill (CLD_KILLED and the signal), a stop and a
 * continue (CLD_STOPPED/CLD_CONTINUED); WNOWAIT leaves the zombie to be
 * reaped again; WNOHANG with nothing ready gives 0 and si_pid 0; P_PGID
 * picks only the children of that group (the parent's setpgid on a
 * forked child that has not exec'd puts it there, and is EACCES once
 * the child has exec'd); wait6 fills the status word
 * and the child's usage; bad idtypes and options are EINVAL, no child
 * is ECHILD, a bad info pointer is EFAULT.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* A child that sleeps until killed. */
static pid_t
sleeper(void)
{
	pid_t pid;

	if ((pid = fork()) == 0) {
		for (;;)
			pause();
	}
	return (pid);
}

int
main(void)
{
	struct __wrusage wru;
	siginfo_t si;
	pid_t pid, pid2;
	int st, i, pfd[2];

	/* An exit: CLD_EXITED, the code, the pid, our uid. */
	if ((pid = fork()) == 0)
		_exit(42);
	memset(&si, 0xa5, sizeof(si));
	is_int(waitid(P_PID, pid, &si, WEXITED), 0, "waitid(P_PID) exit");
	is_int(si.si_signo, SIGCHLD, "si_signo SIGCHLD");
	is_int(si.si_code, CLD_EXITED, "si_code CLD_EXITED");
	is_int(si.si_status, 42, "si_status 42");
	is_int(si.si_pid, pid, "si_pid the child");
	is_int(si.si_uid, getuid(), "si_uid our uid");
	is_int(waitpid(pid, &st, WNOHANG) == -1 ? errno : 0, ECHILD,
	    "reaped: waitpid ECHILD");

	/* A kill: CLD_KILLED and the signal. */
	pid = sleeper();
	kill(pid, SIGKILL);
	is_int(waitid(P_ALL, 0, &si, WEXITED), 0, "waitid(P_ALL) kill");
	is_int(si.si_code, CLD_KILLED, "si_code CLD_KILLED");
	is_int(si.si_status, SIGKILL, "si_status SIGKILL");
	is_int(si.si_pid, pid, "si_pid the killed child");

	/* WNOWAIT: reported twice, reaped once. */
	if ((pid = fork()) == 0)
		_exit(7);
	is_int(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0,
	    "WNOWAIT: reported");
	is_int(si.si_status, 7, "WNOWAIT: status 7");
	is_int(waitid(P_PID, pid, &si, WEXITED), 0, "then reaped");
	is_int(si.si_pid == pid && si.si_status == 7, 1,
	    "the same child, the same status");

	/* WNOHANG with a running child: 0 and si_pid 0. */
	pid = sleeper();
	memset(&si, 0xa5, sizeof(si));
	is_int(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0,
	    "WNOHANG, child running: 0");
	is_int(si.si_pid, 0, "WNOHANG: si_pid 0");
	is_int(si.si_signo, 0, "WNOHANG: info zeroed");

	/* Stop and continue, each reported once. */
	kill(pid, SIGSTOP);
	is_int(waitid(P_PID, pid, &si, WSTOPPED), 0, "waitid WSTOPPED");
	is_int(si.si_code, CLD_STOPPED, "si_code CLD_STOPPED");
	is_int(si.si_status, SIGSTOP, "si_status SIGSTOP");
	kill(pid, SIGCONT);
	is_int(waitid(P_PID, pid, &si, WCONTINUED), 0, "waitid WCONTINUED");
	is_int(si.si_code, CLD_CONTINUED, "si_code CLD_CONTINUED");
	is_int(si.si_status, SIGCONT, "si_status SIGCONT");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);

	/*
	 * P_PGID: only the child in that group is reported.  The parent
	 * moves the child (which has not exec'd) to a group of its own,
	 * as a shell does; the child waits on a pipe until then.
	 */
	pid = sleeper();
	pipe(pfd);
	if ((pid2 = fork()) == 0) {
		char c;

		close(pfd[1]);
		read(pfd[0], &c, 1);
		_exit(3);
	}
	close(pfd[0]);
	is_int(setpgid(pid2, pid2) == -1 ? errno : 0, 0,
	    "setpgid on a forked child that has not exec'd");
	is_int(getpgid(pid2), pid2, "the child leads its own group");
	close(pfd[1]);
	is_int(waitid(P_PGID, pid2, &si, WEXITED) == -1 ? errno : 0, 0,
	    "waitid(P_PGID)");
	is_int(si.si_pid, pid2, "P_PGID: the group's child only");
	is_int(si.si_status, 3, "P_PGID: its status");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);

	/* Once the child has exec'd, its parent may no longer move it. */
	pipe(pfd);
	if ((pid2 = fork()) == 0) {
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		execl("/bin/cat", "cat", (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	for (i = 0; i < 500; i++) {
		if (setpgid(pid2, pid2) == -1 && errno == EACCES)
			break;
		usleep(10000);
	}
	ok(i < 500, "setpgid after the child's exec: EACCES");
	close(pfd[1]);
	is_int(waitpid(pid2, &st, 0), pid2, "the exec'd child ends at EOF");

	/* wait6: the status word and the child's own usage. */
	if ((pid = fork()) == 0) {
		volatile unsigned long x = 0;

		for (i = 0; i < 2000000; i++)
			x += i;
		_exit(9);
	}
	memset(&wru, 0xa5, sizeof(wru));
	st = -1;
	is_int(wait6(P_PID, pid, &st, WEXITED, &wru, &si), pid,
	    "wait6 returns the pid");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 9, "wait6: status word");
	is_int(si.si_status, 9, "wait6: info too");
	ok(wru.wru_self.ru_utime.tv_sec >= 0 &&
	    wru.wru_self.ru_utime.tv_usec >= 0 &&
	    wru.wru_self.ru_utime.tv_usec < 1000000,
	    "wait6: wru_self written (the 0xa5 fill is gone)");
	is_int(wru.wru_children.ru_utime.tv_sec |
	    wru.wru_children.ru_utime.tv_usec, 0, "wait6: wru_children zero");

	/* Errors. */
	is_int(waitid(P_ALL, 0, &si, WEXITED) == -1 ? errno : 0, ECHILD,
	    "no children: ECHILD");
	pid = sleeper();
	is_int(waitid((idtype_t)4, 0, &si, WEXITED) == -1 ? errno : 0,
	    EINVAL, "idtype P_CID: EINVAL");
	is_int(waitid((idtype_t)99, 0, &si, WEXITED) == -1 ? errno : 0,
	    EINVAL, "idtype 99: EINVAL");
	is_int(waitid(P_ALL, 0, &si, WNOHANG) == -1 ? errno : 0, EINVAL,
	    "no WEXITED/WSTOPPED/WCONTINUED: EINVAL");
	is_int(waitid(P_ALL, 0, &si, WEXITED | 0x4000) == -1 ? errno : 0,
	    EINVAL, "unknown option bit: EINVAL");
	is_int(waitid(P_PID, pid + 100000, &si, WEXITED) == -1 ? errno : 0,
	    ECHILD, "not our child: ECHILD");
	kill(pid, SIGKILL);
	is_int(waitid(P_PID, pid, (siginfo_t *)8, WEXITED | WNOWAIT) == -1 ?
	    errno : 0, EFAULT, "bad info pointer: EFAULT");
	is_int(waitpid(pid, &st, 0), pid, "still reapable after EFAULT");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL");
	return (done());
}
