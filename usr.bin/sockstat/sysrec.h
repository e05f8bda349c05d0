/*
 * sysrec: what sockstat, netstat and ipcs share for reading the kernel's
 * versioned sysctl lists (kern.file, net.local.*.pcblist ...) and for
 * writing --json.  A list is a header, records that each begin with
 * their own 32-bit length, and a trailer laid out like the header; the
 * reader retries until header and trailer carry the same generation.
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
	int		sl_consistent;	/* header gen == trailer gen */
};

#define SYSREC_TRIES	5		/* reads before giving up on a
					   list that keeps changing */

/*
 * Read the list `name' whose header and trailer are `hdrsize' bytes
 * (starting with that length, the 64-bit generation at `genoff') and
 * whose records are `recsize' bytes (each starting with that length).
 * 0, or -1 with errno set (ENOENT: the kernel has no such list; EPROTO:
 * the framing or records are not what this program was built for).
 * sysrec_read() is the common case, headers laid out as sysrec_gen.
 */
int	sysrec_read_list(const char *name, size_t hdrsize, size_t genoff,
	    size_t recsize, struct sysrec_list *sl);
#define sysrec_read(name, recsize, sl)					\
	sysrec_read_list((name), sizeof(struct sysrec_gen),		\
	    offsetof(struct sysrec_gen, sg_gen), (recsize), (sl))
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
