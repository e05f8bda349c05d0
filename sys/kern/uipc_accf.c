/*
 * Accept filters: a listening socket may hold each new connection back
 * from accept() until its first data make it worth a server's attention.
 * A filter is set with setsockopt(SOL_SOCKET, SO_ACCEPTFILTER) on a
 * listening socket, naming one of the filters registered here:
 *
 *	dataready	any data has arrived (or the peer closed)
 *	httpready	a whole HTTP request header has arrived: a GET or
 *			HEAD request up to its blank line (HTTP/1.x) or its
 *			request line (HTTP/0.9); anything else at once
 *
 * Mechanism: soisconnected() on a child whose listener has a filter calls
 * accept_filt_install(), which points the child's so_upcall at the
 * filter's callback and sets SSB_UPCALL on its receive buffer.  Each
 * sowakeup() of that buffer runs the callback; when the data satisfy it,
 * the callback removes itself and calls soisconnected() again, which now
 * moves the child to so_comp and wakes accept().  A buffer that fills up,
 * or a peer that closes, always releases the connection.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/protosw.h>
#include <sys/socketvar.h>
#include <machine/atomic.h>

MALLOC_DECLARE(M_SOCKET);

static SLIST_HEAD(, accept_filter) accept_filters =
    SLIST_HEAD_INITIALIZER(accept_filters);

int
accept_filt_add(struct accept_filter *filt)
{
	if (accept_filt_get(filt->accf_name) != NULL)
		return (EEXIST);
	SLIST_INSERT_HEAD(&accept_filters, filt, accf_next);
	return (0);
}

struct accept_filter *
accept_filt_get(const char *name)
{
	struct accept_filter *p;

	SLIST_FOREACH(p, &accept_filters, accf_next)
		if (strcmp(p->accf_name, name) == 0)
			return (p);
	return (NULL);
}

/* Start filtering a new connection of listener head. */
void
accept_filt_install(struct socket *head, struct socket *so)
{
	atomic_clear_int(&so->so_options, SO_ACCEPTFILTER);
	so->so_upcall = head->so_accf->accf_callback;
	so->so_upcallarg = head->so_accf_arg;
	atomic_set_int(&so->so_rcv.ssb_flags, SSB_UPCALL);
	/* Data may already be there. */
	so->so_upcall(so, so->so_upcallarg, M_NOWAIT);
}

/* The filter is satisfied: release the connection to accept(). */
static void
accept_filt_release(struct socket *so)
{
	atomic_clear_int(&so->so_rcv.ssb_flags, SSB_UPCALL);
	so->so_upcall = NULL;
	so->so_upcallarg = NULL;
	soisconnected(so);
}

/* Conditions that release a connection whatever the filter thinks. */
static bool
accept_filt_forced(struct socket *so)
{
	return ((so->so_state & SS_CANTRCVMORE) || so->so_error != 0 ||
	    ssb_space(&so->so_rcv) == 0);
}

int
accept_filt_setopt(struct socket *so, struct sockopt *sopt)
{
	struct accept_filter_arg *afap;
	struct accept_filter *afp;
	void *arg = NULL;
	int error;

	if ((so->so_options & SO_ACCEPTCONN) == 0)
		return (EINVAL);
	if (sopt->sopt_val == NULL || sopt->sopt_valsize == 0) {
		/* Remove the filter. */
		if (so->so_accf != NULL && so->so_accf->accf_destroy != NULL)
			so->so_accf->accf_destroy(so);
		if (so->so_accf_str != NULL)
			kfree(so->so_accf_str, M_SOCKET);
		so->so_accf = NULL;
		so->so_accf_arg = NULL;
		so->so_accf_str = NULL;
		atomic_clear_int(&so->so_options, SO_ACCEPTFILTER);
		return (0);
	}
	afap = kmalloc(sizeof(*afap), M_TEMP, M_WAITOK | M_ZERO);
	error = sooptcopyin(sopt, afap, sizeof(*afap), sizeof(*afap));
	if (error != 0)
		goto out;
	afap->af_name[sizeof(afap->af_name) - 1] = '\0';
	afap->af_arg[sizeof(afap->af_arg) - 1] = '\0';
	if (so->so_accf != NULL) {
		error = EINVAL;		/* remove the old one first */
		goto out;
	}
	afp = accept_filt_get(afap->af_name);
	if (afp == NULL) {
		error = ENOENT;
		goto out;
	}
	if (afp->accf_create != NULL && afap->af_arg[0] != '\0') {
		arg = afp->accf_create(so, afap->af_arg);
		if (arg == NULL) {
			error = EINVAL;
			goto out;
		}
	}
	if (afap->af_arg[0] != '\0') {
		so->so_accf_str = kmalloc(strlen(afap->af_arg) + 1, M_SOCKET,
		    M_WAITOK);
		strlcpy(so->so_accf_str, afap->af_arg,
		    strlen(afap->af_arg) + 1);
	}
	so->so_accf = afp;
	so->so_accf_arg = arg;
	atomic_set_int(&so->so_options, SO_ACCEPTFILTER);
out:
	kfree(afap, M_TEMP);
	return (error);
}

int
accept_filt_getopt(struct socket *so, struct sockopt *sopt)
{
	struct accept_filter_arg afa;

	if ((so->so_options & SO_ACCEPTCONN) == 0 || so->so_accf == NULL)
		return (EINVAL);
	bzero(&afa, sizeof(afa));
	strlcpy(afa.af_name, so->so_accf->accf_name, sizeof(afa.af_name));
	if (so->so_accf_str != NULL)
		strlcpy(afa.af_arg, so->so_accf_str, sizeof(afa.af_arg));
	return (sooptcopyout(sopt, &afa, sizeof(afa)));
}

/* ---- dataready ------------------------------------------------------ */

static void
accf_data_callback(struct socket *so, void *arg, int waitflag)
{
	if (so->so_rcv.sb.sb_cc > 0 || accept_filt_forced(so))
		accept_filt_release(so);
}

static struct accept_filter accf_data = {
	.accf_name = "dataready",
	.accf_callback = accf_data_callback,
};

/* ---- httpready ------------------------------------------------------ */

/*
 * Does the receive buffer start with `str'?  1 yes, 0 no, -1 not enough
 * data yet to tell.
 */
static int
accf_http_prefix(struct socket *so, const char *str)
{
	size_t len = strlen(str);
	char buf[8];

	if (so->so_rcv.sb.sb_cc < len) {
		m_copydata(so->so_rcv.sb.sb_mb, 0, (int)so->so_rcv.sb.sb_cc,
		    buf);
		return (strncmp(buf, str, so->so_rcv.sb.sb_cc) == 0 ? -1 : 0);
	}
	m_copydata(so->so_rcv.sb.sb_mb, 0, (int)len, buf);
	return (strncmp(buf, str, len) == 0);
}

/*
 * Scan the request: complete when the header ends with a blank line, or,
 * for a request line without an HTTP version (HTTP/0.9), at its end.
 */
static bool
accf_http_complete(struct socket *so)
{
	struct mbuf *m;
	int i, newlines = 0, state = 0;
	bool sawversion = false;
	char c, prev[5] = { 0 };

	for (m = so->so_rcv.sb.sb_mb; m != NULL; m = m->m_next) {
		if (m->m_type != MT_DATA && m->m_type != MT_HEADER)
			continue;
		for (i = 0; i < m->m_len; i++) {
			c = mtod(m, char *)[i];
			prev[0] = prev[1];
			prev[1] = prev[2];
			prev[2] = prev[3];
			prev[3] = c;
			if (state == 0) {
				/* The request line. */
				if (strncmp(prev, "HTTP", 4) == 0)
					sawversion = true;
				if (c == '\n') {
					if (!sawversion)
						return (true);
					state = 1;
					newlines = 1;
				}
				continue;
			}
			if (c == '\n') {
				if (++newlines == 2)
					return (true);
			} else if (c != '\r') {
				newlines = 0;
			}
		}
	}
	return (false);
}

static void
accf_http_callback(struct socket *so, void *arg, int waitflag)
{
	int get, head;

	if (accept_filt_forced(so)) {
		accept_filt_release(so);
		return;
	}
	if (so->so_rcv.sb.sb_cc == 0)
		return;
	get = accf_http_prefix(so, "GET ");
	head = accf_http_prefix(so, "HEAD ");
	if (get == -1 || head == -1) {
		if (get != 1 && head != 1)
			return;		/* could still be either */
	}
	if (get == 0 && head == 0) {
		/* Not a request we understand: let the server decide. */
		accept_filt_release(so);
		return;
	}
	if (accf_http_complete(so))
		accept_filt_release(so);
}

static struct accept_filter accf_http = {
	.accf_name = "httpready",
	.accf_callback = accf_http_callback,
};

static void
accept_filt_init(void *dummy)
{
	(void)accept_filt_add(&accf_data);
	(void)accept_filt_add(&accf_http);
}
SYSINIT(accf, SI_SUB_PROTO_BEGIN, SI_ORDER_FIRST, accept_filt_init, NULL);
