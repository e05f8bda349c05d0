/*
 * netstat(1): what netstat.c (options, Unix sockets, -m) and inet.c
 * (Internet sockets, -s, -i, -r) share.
 */
#ifndef _NETSTAT_H_
#define _NETSTAT_H_

extern int	aflag, Lflag, nflag, xflag, Wflag;
extern int	opt_json, want_unix;
extern const char *pflag;	/* -p proto, or NULL */
extern int	sflag;		/* -s count: 2 hides zeros */
extern int	jfirst_sec;

void	json_section(const char *name);
int	have_node(const char *name);

int	inetpr(void);
int	statpr(void);
int	ifpr(void);
int	routepr(void);

#endif /* !_NETSTAT_H_ */
