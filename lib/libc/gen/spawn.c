/*
 * posix_spawn(3) and posix_spawnp(3), their file-action lists and
 * attribute objects.
 *
 * Petrel's vfork is a fork whose parent waits, so there is no shared
 * memory to report a failure through: the child gets the write end of a
 * close-on-exec pipe.  If anything fails before or in the exec, the child
 * writes its errno there and exits with status 127; a successful exec
 * closes the pipe, so the parent reads end-of-file.  The child moves the
 * pipe to the top of its descriptor table, and the close and closefrom
 * actions spare it (it is closed by the exec anyway), so the report
 * survives whatever descriptors the actions name.  The parent therefore
 * returns the child's errno (after reaping it) exactly when the program
 * never started, which is what POSIX asks of an implementation that can
 * report the error.
 *
 * All signals are blocked in the parent across the fork, so no handler of
 * the parent's runs in the child; the child puts every caught signal back
 * to SIG_DFL before it restores a mask.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	execvpe(const char *, char *const *, char *const *);
int	pipe2(int *, int);		/* newlib declares it for _GNU_SOURCE only */

struct __posix_spawnattr {
	short		sa_flags;
	pid_t		sa_pgroup;
	struct sched_param sa_schedparam;
	int		sa_schedpolicy;
	sigset_t	sa_sigdefault;
	sigset_t	sa_sigmask;
};

enum fa_type { FA_OPEN, FA_DUP2, FA_CLOSE, FA_CHDIR, FA_FCHDIR, FA_CLOSEFROM };

struct spawn_action {
	struct spawn_action *sa_next;
	enum fa_type	sa_type;
	int		sa_fd;
	int		sa_newfd;	/* dup2 target */
	int		sa_oflag;
	mode_t		sa_mode;
	char		*sa_path;
};

struct __posix_spawn_file_actions {
	struct spawn_action *fa_head;
	struct spawn_action **fa_tail;
};

/*
 * The child's side: attributes in the order POSIX gives (process group,
 * scheduling, ids, signal defaults, mask), then the file actions in the
 * order they were added, then the exec.  Returns only on failure, with
 * errno set.
 */
static void
spawn_child(const char *path, const posix_spawn_file_actions_t *fap,
    const posix_spawnattr_t *attrp, char *const argv[], char *const envp[],
    int use_path, const sigset_t *oldmask, int repfd)
{
	const struct __posix_spawnattr *sa;
	const struct spawn_action *a;
	struct sigaction act;
	sigset_t mask;
	int fd, sig, top;

	sa = attrp != NULL ? *attrp : NULL;
	mask = *oldmask;

	/*
	 * Caught signals go back to the default (exec would do it too, but
	 * a signal between here and the exec must not run the parent's
	 * handler); with POSIX_SPAWN_SETSIGDEF, ignored ones in the set do
	 * as well.
	 */
	memset(&act, 0, sizeof(act));
	act.sa_handler = SIG_DFL;
	sigemptyset(&act.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		struct sigaction cur;
		int setdef;

		if (sigaction(sig, NULL, &cur) != 0)
			continue;		/* not a signal number */
		setdef = sa != NULL &&
		    (sa->sa_flags & POSIX_SPAWN_SETSIGDEF) != 0 &&
		    sigismember(&sa->sa_sigdefault, sig);
		if (cur.sa_handler == SIG_DFL ||
		    (cur.sa_handler == SIG_IGN && !setdef))
			continue;
		if (sigaction(sig, &act, NULL) != 0)
			return;
	}

	if (sa != NULL) {
		if ((sa->sa_flags & POSIX_SPAWN_SETSID) != 0 &&
		    setsid() == -1)
			return;
		if ((sa->sa_flags & POSIX_SPAWN_SETPGROUP) != 0 &&
		    setpgid(0, sa->sa_pgroup) != 0)
			return;
		/*
		 * Petrel has one scheduling policy and no system call to
		 * change it: asking for either is refused rather than
		 * silently ignored.
		 */
		if ((sa->sa_flags & (POSIX_SPAWN_SETSCHEDULER |
		    POSIX_SPAWN_SETSCHEDPARAM)) != 0) {
			errno = ENOSYS;
			return;
		}
		if ((sa->sa_flags & POSIX_SPAWN_RESETIDS) != 0 &&
		    (setegid(getgid()) != 0 || seteuid(getuid()) != 0))
			return;
		if ((sa->sa_flags & POSIX_SPAWN_SETSIGMASK) != 0)
			mask = sa->sa_sigmask;
	}

	if (fap != NULL && *fap != NULL) {
		for (a = (*fap)->fa_head; a != NULL; a = a->sa_next) {
			switch (a->sa_type) {
			case FA_OPEN:
				fd = open(a->sa_path, a->sa_oflag, a->sa_mode);
				if (fd == -1)
					return;
				if (fd != a->sa_fd) {
					if (dup2(fd, a->sa_fd) == -1)
						return;
					close(fd);
				}
				break;
			case FA_DUP2:
				/*
				 * dup2 onto itself would leave close-on-exec
				 * set; POSIX says the descriptor survives.
				 */
				if (a->sa_fd == a->sa_newfd) {
					int fl = fcntl(a->sa_fd, F_GETFD);

					if (fl == -1 || fcntl(a->sa_fd, F_SETFD,
					    fl & ~FD_CLOEXEC) == -1)
						return;
				} else if (dup2(a->sa_fd, a->sa_newfd) == -1)
					return;
				break;
			case FA_CLOSE:
				/*
				 * A close of a closed descriptor is not an
				 * error.  The report pipe is close-on-exec:
				 * leaving it open until the exec changes
				 * nothing the program can see.
				 */
				if (a->sa_fd != repfd)
					(void)close(a->sa_fd);
				break;
			case FA_CHDIR:
				if (chdir(a->sa_path) != 0)
					return;
				break;
			case FA_FCHDIR:
				if (fchdir(a->sa_fd) != 0)
					return;
				break;
			case FA_CLOSEFROM:
				/* closefrom(3), sparing the report pipe. */
				top = getdtablesize();
				for (fd = a->sa_fd; fd < top; fd++)
					if (fd != repfd)
						(void)close(fd);
				break;
			}
		}
	}

	if (sigprocmask(SIG_SETMASK, &mask, NULL) != 0)
		return;
	if (use_path)
		execvpe(path, argv, envp);
	else
		execve(path, argv, envp);
}

static int
do_spawn(pid_t *pidp, const char *path, const posix_spawn_file_actions_t *fap,
    const posix_spawnattr_t *attrp, char *const argv[], char *const envp[],
    int use_path)
{
	sigset_t all, old;
	pid_t pid;
	ssize_t n;
	int err, fds[2], maxfd, status;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return (errno);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		/*
		 * Move the report pipe to the top of the descriptor table,
		 * out of the way of the numbers the file actions name.
		 */
		maxfd = (int)sysconf(_SC_OPEN_MAX) - 1;
		if (maxfd > fds[1] && dup2(fds[1], maxfd) == maxfd &&
		    fcntl(maxfd, F_SETFD, FD_CLOEXEC) == 0) {
			close(fds[1]);
			fds[1] = maxfd;
		}
		spawn_child(path, fap, attrp, argv, envp, use_path, &old,
		    fds[1]);
		err = errno;
		/*
		 * Only a dup2 onto the pipe's own (top) descriptor can have
		 * replaced it: then the parent sees end-of-file and the
		 * child's exit status 127.
		 */
		(void)write(fds[1], &err, sizeof(err));
		_exit(127);
	}
	err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		return (err);
	}
	do
		n = read(fds[0], &err, sizeof(err));
	while (n == -1 && errno == EINTR);
	close(fds[0]);
	if (n == (ssize_t)sizeof(err)) {
		/* The program never ran: reap the child, report why. */
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		return (err);
	}
	if (pidp != NULL)
		*pidp = pid;
	return (0);
}

int
posix_spawn(pid_t * __restrict pidp, const char * __restrict path,
    const posix_spawn_file_actions_t *fap,
    const posix_spawnattr_t * __restrict attrp, char *const argv[],
    char *const envp[])
{
	return (do_spawn(pidp, path, fap, attrp, argv, envp, 0));
}

int
posix_spawnp(pid_t * __restrict pidp, const char * __restrict file,
    const posix_spawn_file_actions_t *fap,
    const posix_spawnattr_t * __restrict attrp, char *const argv[],
    char *const envp[])
{
	return (do_spawn(pidp, file, fap, attrp, argv, envp, 1));
}

/* File actions. */

int
posix_spawn_file_actions_init(posix_spawn_file_actions_t *fap)
{
	struct __posix_spawn_file_actions *fa;

	if ((fa = malloc(sizeof(*fa))) == NULL)
		return (ENOMEM);
	fa->fa_head = NULL;
	fa->fa_tail = &fa->fa_head;
	*fap = fa;
	return (0);
}

int
posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fap)
{
	struct spawn_action *a, *next;

	if (fap == NULL || *fap == NULL)
		return (EINVAL);
	for (a = (*fap)->fa_head; a != NULL; a = next) {
		next = a->sa_next;
		free(a->sa_path);
		free(a);
	}
	free(*fap);
	*fap = NULL;
	return (0);
}

/* Append one action; fd (and newfd where used) must be valid numbers. */
static int
fa_add(posix_spawn_file_actions_t *fap, enum fa_type type, int fd, int newfd,
    const char *path, int oflag, mode_t mode)
{
	struct spawn_action *a;
	long max;

	if (fap == NULL || *fap == NULL)
		return (EINVAL);
	max = sysconf(_SC_OPEN_MAX);
	if (fd < 0 || (max > 0 && fd >= max) ||
	    (type == FA_DUP2 && (newfd < 0 || (max > 0 && newfd >= max))))
		return (EBADF);
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return (ENOMEM);
	if (path != NULL && (a->sa_path = strdup(path)) == NULL) {
		free(a);
		return (ENOMEM);
	}
	a->sa_type = type;
	a->sa_fd = fd;
	a->sa_newfd = newfd;
	a->sa_oflag = oflag;
	a->sa_mode = mode;
	*(*fap)->fa_tail = a;
	(*fap)->fa_tail = &a->sa_next;
	return (0);
}

int
posix_spawn_file_actions_addopen(posix_spawn_file_actions_t * __restrict fap,
    int fd, const char * __restrict path, int oflag, mode_t mode)
{
	return (fa_add(fap, FA_OPEN, fd, 0, path, oflag, mode));
}

int
posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fap, int fd,
    int newfd)
{
	return (fa_add(fap, FA_DUP2, fd, newfd, NULL, 0, 0));
}

int
posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fap, int fd)
{
	return (fa_add(fap, FA_CLOSE, fd, 0, NULL, 0, 0));
}

int
posix_spawn_file_actions_addchdir(posix_spawn_file_actions_t * __restrict fap,
    const char * __restrict path)
{
	return (fa_add(fap, FA_CHDIR, 0, 0, path, 0, 0));
}

int
posix_spawn_file_actions_addfchdir(posix_spawn_file_actions_t *fap, int fd)
{
	return (fa_add(fap, FA_FCHDIR, fd, 0, NULL, 0, 0));
}

int
posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fap,
    int from)
{
	return (fa_add(fap, FA_CLOSEFROM, from, 0, NULL, 0, 0));
}

int
posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *
    __restrict fap, const char * __restrict path)
{
	return (posix_spawn_file_actions_addchdir(fap, path));
}

int
posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *fap, int fd)
{
	return (posix_spawn_file_actions_addfchdir(fap, fd));
}

/* Attributes. */

int
posix_spawnattr_init(posix_spawnattr_t *attrp)
{
	struct __posix_spawnattr *sa;

	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		return (ENOMEM);
	sigemptyset(&sa->sa_sigdefault);
	sigemptyset(&sa->sa_sigmask);
	*attrp = sa;
	return (0);
}

int
posix_spawnattr_destroy(posix_spawnattr_t *attrp)
{
	if (attrp == NULL || *attrp == NULL)
		return (EINVAL);
	free(*attrp);
	*attrp = NULL;
	return (0);
}

#define	SA_FLAGS_ALL	(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | \
	POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER | \
	POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID)

int
posix_spawnattr_setflags(posix_spawnattr_t *attrp, short flags)
{
	if (attrp == NULL || *attrp == NULL || (flags & ~SA_FLAGS_ALL) != 0)
		return (EINVAL);
	(*attrp)->sa_flags = flags;
	return (0);
}

int
posix_spawnattr_getflags(const posix_spawnattr_t * __restrict attrp,
    short * __restrict flags)
{
	*flags = (*attrp)->sa_flags;
	return (0);
}

int
posix_spawnattr_setpgroup(posix_spawnattr_t *attrp, pid_t pgroup)
{
	if (pgroup < 0)
		return (EINVAL);
	(*attrp)->sa_pgroup = pgroup;
	return (0);
}

int
posix_spawnattr_getpgroup(const posix_spawnattr_t * __restrict attrp,
    pid_t * __restrict pgroup)
{
	*pgroup = (*attrp)->sa_pgroup;
	return (0);
}

int
posix_spawnattr_setschedparam(posix_spawnattr_t * __restrict attrp,
    const struct sched_param * __restrict param)
{
	(*attrp)->sa_schedparam = *param;
	return (0);
}

int
posix_spawnattr_getschedparam(const posix_spawnattr_t * __restrict attrp,
    struct sched_param * __restrict param)
{
	*param = (*attrp)->sa_schedparam;
	return (0);
}

int
posix_spawnattr_setschedpolicy(posix_spawnattr_t *attrp, int policy)
{
	(*attrp)->sa_schedpolicy = policy;
	return (0);
}

int
posix_spawnattr_getschedpolicy(const posix_spawnattr_t * __restrict attrp,
    int * __restrict policy)
{
	*policy = (*attrp)->sa_schedpolicy;
	return (0);
}

int
posix_spawnattr_setsigdefault(posix_spawnattr_t * __restrict attrp,
    const sigset_t * __restrict set)
{
	(*attrp)->sa_sigdefault = *set;
	return (0);
}

int
posix_spawnattr_getsigdefault(const posix_spawnattr_t * __restrict attrp,
    sigset_t * __restrict set)
{
	*set = (*attrp)->sa_sigdefault;
	return (0);
}

int
posix_spawnattr_setsigmask(posix_spawnattr_t * __restrict attrp,
    const sigset_t * __restrict set)
{
	(*attrp)->sa_sigmask = *set;
	return (0);
}

int
posix_spawnattr_getsigmask(const posix_spawnattr_t * __restrict attrp,
    sigset_t * __restrict set)
{
	*set = (*attrp)->sa_sigmask;
	return (0);
}
