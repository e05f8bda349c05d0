/*
 * The password and group databases, read straight from /etc/passwd
 * (name:passwd:uid:gid:gecos:dir:shell, the V7 format) and /etc/group
 * (name:passwd:gid:member,member).  There is no db cache: the files are
 * small, and reading them each time means a change shows at once.
 */
#include <sys/types.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _PATH_PASSWD	"/etc/passwd"
#define _PATH_GROUP	"/etc/group"
#define LINE_MAX_PW	1024
#define MAXGRMEM	64
#define NGROUPS_MAX_PW	16	/* the kernel's NGROUPS (sys/param.h) */

static FILE		*pw_fp;
static struct passwd	pw_ent;
static char		pw_line[LINE_MAX_PW];
static FILE		*gr_fp;
static struct group	gr_ent;
static char		gr_line[LINE_MAX_PW];
static char		*gr_mem[MAXGRMEM + 1];

/* Split s at the first ':' and return what follows (NULL if none). */
static char *
field(char **sp)
{
	char *s, *c;

	s = *sp;
	if (s == NULL)
		return (NULL);
	c = strchr(s, ':');
	if (c != NULL) {
		*c = '\0';
		*sp = c + 1;
	} else
		*sp = NULL;
	return (s);
}

static int
parse_id(const char *s, unsigned int *idp)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return (-1);
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 0xffffffffUL)
		return (-1);
	*idp = (unsigned int)v;
	return (0);
}

static int
parse_pw(char *line, struct passwd *pw)
{
	char *p, *uid, *gid;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return (-1);
	p = line;
	pw->pw_name = field(&p);
	pw->pw_passwd = field(&p);
	uid = field(&p);
	gid = field(&p);
	pw->pw_gecos = field(&p);
	pw->pw_dir = field(&p);
	pw->pw_shell = field(&p);
	if (pw->pw_shell == NULL || parse_id(uid, &pw->pw_uid) < 0 ||
	    parse_id(gid, &pw->pw_gid) < 0)
		return (-1);
	pw->pw_comment = pw->pw_gecos;
	return (0);
}

static int
parse_gr(char *line, struct group *gr, char **mem, int nmem)
{
	char *p, *gid, *list, *m;
	int i;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return (-1);
	p = line;
	gr->gr_name = field(&p);
	gr->gr_passwd = field(&p);
	gid = field(&p);
	list = field(&p);
	if (list == NULL || parse_id(gid, &gr->gr_gid) < 0)
		return (-1);
	i = 0;
	while (i < nmem && (m = strsep(&list, ",")) != NULL)
		if (*m != '\0')
			mem[i++] = m;
	mem[i] = NULL;
	gr->gr_mem = mem;
	return (0);
}

void
setpwent(void)
{
	if (pw_fp != NULL)
		rewind(pw_fp);
}

/*
 * setpassent: setpwent that says whether the file is open (1) or could
 * not be (0).  stayopen, FreeBSD's hint to keep the database open across
 * getpwnam/getpwuid, has nothing to keep: those read the file afresh.
 */
int
setpassent(int stayopen)
{
	(void)stayopen;
	if (pw_fp == NULL)
		pw_fp = fopen(_PATH_PASSWD, "r");
	else
		rewind(pw_fp);
	return (pw_fp != NULL);
}

void
endpwent(void)
{
	if (pw_fp != NULL) {
		fclose(pw_fp);
		pw_fp = NULL;
	}
}

struct passwd *
getpwent(void)
{
	if (pw_fp == NULL && (pw_fp = fopen(_PATH_PASSWD, "r")) == NULL)
		return (NULL);
	while (fgets(pw_line, sizeof(pw_line), pw_fp) != NULL)
		if (parse_pw(pw_line, &pw_ent) == 0)
			return (&pw_ent);
	return (NULL);
}

/* Scan the whole file for the first entry match() accepts. */
static struct passwd *
pw_search(int (*match)(const struct passwd *, const void *), const void *key)
{
	struct passwd *pw;
	FILE *fp;

	if ((fp = fopen(_PATH_PASSWD, "r")) == NULL)
		return (NULL);
	pw = NULL;
	while (fgets(pw_line, sizeof(pw_line), fp) != NULL) {
		if (parse_pw(pw_line, &pw_ent) == 0 && match(&pw_ent, key)) {
			pw = &pw_ent;
			break;
		}
	}
	fclose(fp);
	return (pw);
}

static int
pw_byname(const struct passwd *pw, const void *key)
{
	return (strcmp(pw->pw_name, key) == 0);
}

static int
pw_byuid(const struct passwd *pw, const void *key)
{
	return (pw->pw_uid == *(const uid_t *)key);
}

struct passwd *
getpwnam(const char *name)
{
	return (pw_search(pw_byname, name));
}

struct passwd *
getpwuid(uid_t uid)
{
	return (pw_search(pw_byuid, &uid));
}

/* The _r forms copy the static entry's strings into the caller's buffer. */
static int
pw_copy(struct passwd *src, struct passwd *dst, char *buf, size_t len,
    struct passwd **result)
{
	char **in[] = { &src->pw_name, &src->pw_passwd, &src->pw_gecos,
	    &src->pw_dir, &src->pw_shell };
	char **out[] = { &dst->pw_name, &dst->pw_passwd, &dst->pw_gecos,
	    &dst->pw_dir, &dst->pw_shell };
	size_t i, n;

	*result = NULL;
	if (src == NULL)
		return (0);
	*dst = *src;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		n = strlen(*in[i]) + 1;
		if (n > len)
			return (ERANGE);
		memcpy(buf, *in[i], n);
		*out[i] = buf;
		buf += n;
		len -= n;
	}
	dst->pw_comment = dst->pw_gecos;
	*result = dst;
	return (0);
}

int
getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len,
    struct passwd **result)
{
	return (pw_copy(getpwnam(name), pw, buf, len, result));
}

int
getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len,
    struct passwd **result)
{
	return (pw_copy(getpwuid(uid), pw, buf, len, result));
}

void
setgrent(void)
{
	if (gr_fp != NULL)
		rewind(gr_fp);
}

void
endgrent(void)
{
	if (gr_fp != NULL) {
		fclose(gr_fp);
		gr_fp = NULL;
	}
}

struct group *
getgrent(void)
{
	if (gr_fp == NULL && (gr_fp = fopen(_PATH_GROUP, "r")) == NULL)
		return (NULL);
	while (fgets(gr_line, sizeof(gr_line), gr_fp) != NULL)
		if (parse_gr(gr_line, &gr_ent, gr_mem, MAXGRMEM) == 0)
			return (&gr_ent);
	return (NULL);
}

static struct group *
gr_search(const char *name, gid_t gid)
{
	struct group *gr;
	FILE *fp;

	if ((fp = fopen(_PATH_GROUP, "r")) == NULL)
		return (NULL);
	gr = NULL;
	while (fgets(gr_line, sizeof(gr_line), fp) != NULL) {
		if (parse_gr(gr_line, &gr_ent, gr_mem, MAXGRMEM) != 0)
			continue;
		if (name != NULL ? strcmp(gr_ent.gr_name, name) == 0 :
		    gr_ent.gr_gid == gid) {
			gr = &gr_ent;
			break;
		}
	}
	fclose(fp);
	return (gr);
}

struct group *
getgrnam(const char *name)
{
	return (gr_search(name, 0));
}

struct group *
getgrgid(gid_t gid)
{
	return (gr_search(NULL, gid));
}

/*
 * The group _r forms: the member pointers (aligned) at the start of the
 * caller's buffer, then the strings.  ERANGE if it is too small, with
 * *result NULL; not found is 0 with *result NULL (POSIX).
 */
static int
gr_copy(struct group *src, struct group *dst, char *buf, size_t len,
    struct group **result)
{
	size_t need, n, i, nmem, pad;
	char *p;

	*result = NULL;
	if (src == NULL)
		return (0);
	for (nmem = 0; src->gr_mem[nmem] != NULL; nmem++)
		;
	pad = (sizeof(char *) - (uintptr_t)buf % sizeof(char *)) %
	    sizeof(char *);
	need = pad + (nmem + 1) * sizeof(char *) + strlen(src->gr_name) + 1 +
	    strlen(src->gr_passwd) + 1;
	for (i = 0; i < nmem; i++)
		need += strlen(src->gr_mem[i]) + 1;
	if (need > len)
		return (ERANGE);
	dst->gr_gid = src->gr_gid;
	dst->gr_mem = (char **)(void *)(buf + pad);
	p = buf + pad + (nmem + 1) * sizeof(char *);
	n = strlen(src->gr_name) + 1;
	dst->gr_name = memcpy(p, src->gr_name, n);
	p += n;
	n = strlen(src->gr_passwd) + 1;
	dst->gr_passwd = memcpy(p, src->gr_passwd, n);
	p += n;
	for (i = 0; i < nmem; i++) {
		n = strlen(src->gr_mem[i]) + 1;
		dst->gr_mem[i] = memcpy(p, src->gr_mem[i], n);
		p += n;
	}
	dst->gr_mem[nmem] = NULL;
	*result = dst;
	return (0);
}

int
getgrnam_r(const char *name, struct group *gr, char *buf, size_t len,
    struct group **result)
{
	return (gr_copy(getgrnam(name), gr, buf, len, result));
}

int
getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len,
    struct group **result)
{
	return (gr_copy(getgrgid(gid), gr, buf, len, result));
}

/*
 * getgrouplist(3): the base group, then every group naming the user as
 * a member.  Returns -1 (with *ngroups the count needed) if it did not fit.
 */
int
getgrouplist(const char *name, gid_t basegid, gid_t *groups, int *ngroups)
{
	struct group gr;
	char *mem[MAXGRMEM + 1], line[LINE_MAX_PW];
	FILE *fp;
	int i, n, max, ret;

	max = *ngroups;
	n = 0;
	ret = 0;
	if (n < max)
		groups[n] = basegid;
	n++;
	if ((fp = fopen(_PATH_GROUP, "r")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (parse_gr(line, &gr, mem, MAXGRMEM) != 0 ||
			    gr.gr_gid == basegid)
				continue;
			for (i = 0; mem[i] != NULL; i++) {
				if (strcmp(mem[i], name) == 0) {
					if (n < max)
						groups[n] = gr.gr_gid;
					else
						ret = -1;
					n++;
					break;
				}
			}
		}
		fclose(fp);
	}
	*ngroups = n;
	return (n > max ? -1 : ret);
}

/*
 * initgroups(3): make the group list the user's (getgrouplist) with
 * basegid first; setgroups(2) decides who may (EPERM for non-root).
 */
int
initgroups(const char *name, gid_t basegid)
{
	gid_t groups[NGROUPS_MAX_PW];
	int n;

	n = NGROUPS_MAX_PW;
	if (getgrouplist(name, basegid, groups, &n) < 0)
		n = NGROUPS_MAX_PW;	/* the first NGROUPS_MAX, as BSD */
	return (setgroups(n, groups));
}
