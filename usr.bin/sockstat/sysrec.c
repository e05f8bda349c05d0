/*
 * sysrec: reading the kernel's versioned sysctl lists with the
 * header/trailer generation protocol, a little JSON, and the live view
 * that sockstat -r and ipcs -r share.  Compiled into sockstat, netstat
 * and ipcs (see sysrec.h).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysrec.h"

/* A count field of 4 or 8 bytes, wherever it lies. */
static uint64_t
sysrec_count(const char *p, size_t size)
{
	uint32_t c32;
	uint64_t c64;

	if (size == sizeof(c32)) {
		memcpy(&c32, p, sizeof(c32));
		return (c32);
	}
	memcpy(&c64, p, sizeof(c64));
	return (c64);
}

/*
 * One attempt: size the list (the kernel adds room for growth), read
 * it, and check the framing.  ENOMEM (it grew past the estimate) doubles
 * the buffer and reads again.  The list is consistent when the header
 * and trailer carry the same generation and both count exactly the
 * records that came: a list cut short, or one the kernel added to after
 * counting, says so by its counts even if no generation moved.
 */
static int
sysrec_read1(const char *name, const struct sysrec_fmt *fmt,
    struct sysrec_list *sl)
{
	size_t hdrsize = fmt->sf_hdrsize, genoff = fmt->sf_genoff;
	size_t recsize = fmt->sf_recsize;
	uint32_t hlen, tlen;
	uint64_t hgen, tgen, hcount, tcount;
	size_t len, want;
	char *buf, *p;

	if (sysctlbyname(name, NULL, &want, NULL, 0) < 0)
		return (-1);
	if (want < 8192)
		want = 8192;
	for (;;) {
		if ((buf = malloc(want)) == NULL)
			return (-1);
		len = want;
		if (sysctlbyname(name, buf, &len, NULL, 0) == 0)
			break;
		free(buf);
		if (errno != ENOMEM || want > (64u << 20))
			return (-1);
		want *= 2;
	}
	if (len < 2 * hdrsize) {
		free(buf);
		errno = EPROTO;
		return (-1);
	}
	memcpy(&hlen, buf, sizeof(hlen));
	memcpy(&tlen, buf + len - hdrsize, sizeof(tlen));
	memcpy(&hgen, buf + genoff, sizeof(hgen));
	memcpy(&tgen, buf + len - hdrsize + genoff, sizeof(tgen));
	hcount = sysrec_count(buf + fmt->sf_countoff, fmt->sf_countsize);
	tcount = sysrec_count(buf + len - hdrsize + fmt->sf_countoff,
	    fmt->sf_countsize);
	if (hlen != hdrsize || tlen != hdrsize) {
		free(buf);
		errno = EPROTO;
		return (-1);
	}
	sl->sl_buf = buf;
	sl->sl_len = len;
	sl->sl_first = buf + hdrsize;
	sl->sl_end = buf + len - hdrsize;
	sl->sl_recsize = recsize;
	sl->sl_count = 0;
	for (p = sl->sl_first; p < sl->sl_end; p += recsize) {
		uint32_t rlen;

		memcpy(&rlen, p, sizeof(rlen));
		if (rlen != recsize || p + recsize > sl->sl_end) {
			free(buf);
			errno = EPROTO;
			return (-1);
		}
		sl->sl_count++;
	}
	sl->sl_consistent = hgen == tgen && hcount == sl->sl_count &&
	    tcount == sl->sl_count;
	return (0);
}

int
sysrec_read_fmt(const char *name, const struct sysrec_fmt *fmt,
    struct sysrec_list *sl)
{
	int i;

	if (fmt->sf_hdrsize < fmt->sf_genoff + sizeof(uint64_t) ||
	    (fmt->sf_countsize != 4 && fmt->sf_countsize != 8) ||
	    fmt->sf_hdrsize < fmt->sf_countoff + fmt->sf_countsize) {
		errno = EINVAL;
		return (-1);
	}
	memset(sl, 0, sizeof(*sl));
	for (i = 1; i <= SYSREC_TRIES; i++) {
		if (sl->sl_buf != NULL)
			free(sl->sl_buf);
		sl->sl_buf = NULL;
		if (sysrec_read1(name, fmt, sl) < 0)
			return (-1);
		sl->sl_tries = i;
		if (sl->sl_consistent)
			break;
	}
	return (0);
}

int
sysrec_read_gen(const char *name, size_t recsize, struct sysrec_list *sl)
{
	struct sysrec_fmt fmt;

	fmt.sf_hdrsize = sizeof(struct sysrec_gen);
	fmt.sf_genoff = offsetof(struct sysrec_gen, sg_gen);
	fmt.sf_countoff = offsetof(struct sysrec_gen, sg_count);
	fmt.sf_countsize = sizeof(((struct sysrec_gen *)0)->sg_count);
	fmt.sf_recsize = recsize;
	return (sysrec_read_fmt(name, &fmt, sl));
}

void
sysrec_free(struct sysrec_list *sl)
{
	free(sl->sl_buf);
	memset(sl, 0, sizeof(*sl));
}

int
sysrec_get(const char *name, void *buf, size_t len)
{
	size_t got = len;

	if (sysctlbyname(name, buf, &got, NULL, 0) < 0)
		return (-1);
	if (got != len) {
		errno = EPROTO;
		return (-1);
	}
	return (0);
}

int
sysrec_getint(const char *name, long long *vp)
{
	union {
		int32_t	i32;
		int64_t	i64;
	} u;
	size_t len = sizeof(u);

	if (sysctlbyname(name, &u, &len, NULL, 0) < 0)
		return (-1);
	if (len == sizeof(int32_t))
		*vp = u.i32;
	else if (len == sizeof(int64_t))
		*vp = u.i64;
	else {
		errno = EPROTO;
		return (-1);
	}
	return (0);
}

void
json_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	putc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			putc(*p, fp);
	}
	putc('"', fp);
}

void
json_key(FILE *fp, int *first, const char *key)
{
	if (!*first)
		putc(',', fp);
	*first = 0;
	json_str(fp, key);
	putc(':', fp);
}

/* ---- The live view ----------------------------------------------------- */

static volatile sig_atomic_t live_stop;

static void
live_sigint(int sig)
{
	(void)sig;
	live_stop = 1;
}

void
live_start(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = live_sigint;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: ^C must cut the sleep short. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ANSI: cursor home, then erase the screen (only on a terminal). */
void
live_clear(void)
{
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
}

int
live_wait(int seconds)
{
	fflush(stdout);
	while (seconds-- > 0 && !live_stop)
		sleep(1);
	return (!live_stop);
}
