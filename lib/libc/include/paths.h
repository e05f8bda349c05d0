/*
 * Well-known paths (replaces newlib's short list).
 */
#ifndef _PATHS_H_
#define _PATHS_H_

#define _PATH_DEFPATH	"/usr/bin:/bin"
#define _PATH_STDPATH	"/usr/bin:/bin:/usr/sbin:/sbin"
#define _PATH_BSHELL	"/bin/sh"
#define _PATH_CONSOLE	"/dev/console"
#define _PATH_DEV	"/dev/"
#define _PATH_DEVNULL	"/dev/null"
#define _PATH_DEVZERO	"/dev/zero"
#define _PATH_TTY	"/dev/tty"
#define _PATH_TMP	"/tmp/"
#define _PATH_VARTMP	"/var/tmp/"
#define _PATH_VARRUN	"/var/run/"
#define _PATH_ETC	"/etc"
#define _PATH_RC	"/etc/rc"
#define _PATH_PASSWD	"/etc/passwd"
#define _PATH_GROUP	"/etc/group"
#define _PATH_HOSTS	"/etc/hosts"
#define _PATH_SERVICES	"/etc/services"
#define _PATH_PROTOCOLS	"/etc/protocols"
#define _PATH_MOTD	"/etc/motd"
#define _PATH_NOLOGIN	"/var/run/nologin"

#endif /* !_PATHS_H_ */
