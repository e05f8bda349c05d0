/*
 * sysrec: what sockstat, netstat and ipcs share for reading the kernel's
 * versioned sysctl lists (kern.file, net.local.*.pcblist ...) and for
 * writing --json.  A list is a header, records that each begin with
 * their own 32-bit length, and a trailer laid out like the header; the
 * reader retries until header and trailer carry the same generation and
 * both count the records that came.
 * See docs/sys/kern/ipc/sysctl-records.md.
 */
#ifndef _SYSREC_H_
#define _SYSREC_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The common layout of struct xunpgen, struct xfilegen ... */
struct sysrec_gen {
	uint32_t	sg_len;		/* sizeof the header */
	uint32_t	sg_count;	/* records */
	uint64_t	sg_gen;		/* generation of the list */
	uint64_t	sg_sogen;	/* generation of the socket set */
};

struct sysrec_list {
	char		*sl_buf;	/* header, records, trailer */
	size_t		sl_len;
	char		*sl_first;	/* first record */
	char		*sl_end;	/* the trailer */
	size_t		sl_recsize;	/* every record's length */
	size_t		sl_count;	/* records */
	int		sl_tries;	/* reads it took */
	int		sl_consistent;	/* header and trailer agree: same
					   generation, counts = sl_count */
};

#define SYSREC_TRIES	5		/* reads before giving up on a
					   list that keeps changing */

/*
 * How a list is laid out: the header and trailer are sf_hdrsize bytes,
 * starting with that length, with the 64-bit generation at sf_genoff and
 * the record count (sf_countsize: 4 or 8 bytes) at sf_countoff; every
 * record is sf_recsize bytes, starting with that length.
 */
struct sysrec_fmt {
	size_t		sf_hdrsize;
	size_t		sf_genoff;
	size_t		sf_countoff;
	size_t		sf_countsize;
	size_t		sf_recsize;
};

/*
 * Read the list `name', up to SYSREC_TRIES times until header and
 * trailer agree with each other and with the records received (same
 * generation, both counts equal to the records); sl_consistent says
 * whether the last reading did.  0, or -1 with errno set (ENOENT: the
 * kernel has no such list; EPROTO: the framing or records are not what
 * this program was built for).  sysrec_read() is the common case,
 * headers laid out as sysrec_gen.
 */
int	sysrec_read_fmt(const char *name, const struct sysrec_fmt *fmt,
	    struct sysrec_list *sl);
int	sysrec_read_gen(const char *name, size_t recsize,
	    struct sysrec_list *sl);
#define sysrec_read(name, recsize, sl)	sysrec_read_gen((name), (recsize), (sl))
void	sysrec_free(struct sysrec_list *sl);
#define sysrec_rec(sl, i)	((void *)((sl)->sl_first + (i) * (sl)->sl_recsize))

/* Read one fixed-size value (a struct or a scalar). */
int	sysrec_get(const char *name, void *buf, size_t len);
/* Read a scalar integer sysctl of any width (int, long, 64-bit). */
int	sysrec_getint(const char *name, long long *vp);

/* JSON output: a string with escapes, and a comma between members. */
void	json_str(FILE *fp, const char *s);
void	json_key(FILE *fp, int *first, const char *key);

/* The live view (-r seconds): clear the terminal, and notice ^C. */
void	live_start(void);
void	live_clear(void);
int	live_wait(int seconds);		/* 0 when interrupted */

#endif /* !_SYSREC_H_ */
