/*
 * user_from_uid(3), group_from_gid(3): names for ids, as ls and ps want
 * them.  A small direct-mapped cache saves rereading /etc/passwd and
 * /etc/group for every file.  An id with no entry gives its number in
 * decimal, or NULL when the caller passed nouser/nogroup non-zero (the
 * result is then cached too, as FreeBSD does).
 */
#include <sys/types.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#define	NCACHE		64		/* entries per cache (a power of 2) */
#define	NAMELEN		33		/* names longer are looked up anew */

struct idcache {
	unsigned int	id;
	int		valid;		/* 0 empty, 1 name, 2 no entry */
	char		name[NAMELEN];
};

static struct idcache ucache[NCACHE], gcache[NCACHE];

/* The cached answer for id, filling the slot with name (NULL: none). */
static const char *
id_cache(struct idcache *c, unsigned int id, const char *name, int noname)
{
	c->id = id;
	if (name != NULL && strlen(name) < NAMELEN) {
		strcpy(c->name, name);
		c->valid = 1;
		return (c->name);
	}
	if (name != NULL) {
		c->valid = 0;		/* too long to cache */
		return (name);
	}
	c->valid = 2;
	snprintf(c->name, sizeof(c->name), "%u", id);
	return (noname ? NULL : c->name);
}

const char *
user_from_uid(uid_t uid, int nouser)
{
	struct idcache *c = &ucache[uid & (NCACHE - 1)];
	struct passwd *pw;

	if (c->valid != 0 && c->id == uid)
		return (c->valid == 2 && nouser ? NULL : c->name);
	pw = getpwuid(uid);
	return (id_cache(c, uid, pw != NULL ? pw->pw_name : NULL, nouser));
}

const char *
group_from_gid(gid_t gid, int nogroup)
{
	struct idcache *c = &gcache[gid & (NCACHE - 1)];
	struct group *gr;

	if (c->valid != 0 && c->id == gid)
		return (c->valid == 2 && nogroup ? NULL : c->name);
	gr = getgrgid(gid);
	return (id_cache(c, gid, gr != NULL ? gr->gr_name : NULL, nogroup));
}
