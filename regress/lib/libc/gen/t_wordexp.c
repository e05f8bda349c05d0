/*
 * wordexp(3): the words come out as sh expands a command's arguments
 * (quotes, variables, field splitting, tilde, arithmetic, command
 * substitution, globbing), the flags do what POSIX says, and the
 * characters that would start another command are refused.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wordexp.h>

#include "tap.h"

/* The words of we joined by '|', e.g. "a|b c|d", or "(none)". */
static const char *
joined(const wordexp_t *we)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	if (we->we_wordc == 0)
		return ("(none)");
	for (i = 0; i < we->we_wordc; i++) {
		if (i > 0)
			strlcat(buf, "|", sizeof(buf));
		strlcat(buf, we->we_wordv[we->we_offs + i], sizeof(buf));
	}
	return (buf);
}

/* Expand s with flags; check the result code and the joined words. */
static void
expands(const char *s, int flags, int want_rc, const char *want,
    const char *name)
{
	wordexp_t we;
	int rc;

	memset(&we, 0, sizeof(we));
	rc = wordexp(s, &we, flags);
	if (!is_int(rc, want_rc, name))
		printf("# words: %s\n", s);
	if (want != NULL) {
		is_str(rc == 0 ? joined(&we) : "(error)", want, name);
		ok(rc != 0 || we.we_wordv[we.we_offs + we.we_wordc] == NULL,
		    "the list ends with NULL");
	}
	if (rc == 0)
		wordfree(&we);
}

int
main(void)
{
	wordexp_t we;
	int st;

	setenv("FOO", "x  y", 1);
	setenv("HOME", "/home/tester", 1);
	unsetenv("UNSETVAR");

	expands("a b   c", 0, 0, "a|b|c", "plain words, blanks split");
	expands("", 0, 0, "(none)", "an empty string: no words");
	expands("   ", 0, 0, "(none)", "only blanks: no words");
	expands("'a b' \"c d\" e\\ f", 0, 0, "a b|c d|e f",
	    "single, double quotes and a backslash keep blanks");
	expands("-n -e x", 0, 0, "-n|-e|x", "words that look like options");
	expands("$FOO", 0, 0, "x|y", "an unquoted variable is split");
	expands("\"$FOO\"", 0, 0, "x  y", "a quoted variable is not");
	expands("'$FOO'", 0, 0, "$FOO", "no expansion in single quotes");
	expands("${UNSETVAR:-def} ${FOO%% *}", 0, 0, "def|x",
	    "${var:-word} and ${var%% pattern}");
	expands("~ ~/bin a~", 0, 0, "/home/tester|/home/tester/bin|a~",
	    "tilde expansion at the start of a word only");
	expands("$((2 + 3 * 4)) $(( (1+2)*3 ))", 0, 0, "14|9",
	    "arithmetic expansion");
	expands("$(echo hi there) \"$(echo 'a  b')\"", 0, 0, "hi|there|a  b",
	    "command substitution, split unless quoted");
	expands("`echo back quoted`", 0, 0, "back|quoted",
	    "backquote command substitution");
	expands("'a|b' \"c;d\" e\\&f '(x)' \"{y}\"", 0, 0,
	    "a|b|c;d|e&f|(x)|{y}", "special characters when quoted");

	/* Pathname expansion. */
	mkdir("/tmp/t_wordexp", 0755);
	close(open("/tmp/t_wordexp/a1", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/t_wordexp/a2", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/t_wordexp/b", O_CREAT | O_WRONLY, 0644));
	expands("/tmp/t_wordexp/a* /tmp/t_wordexp/c*", 0, 0,
	    "/tmp/t_wordexp/a1|/tmp/t_wordexp/a2|/tmp/t_wordexp/c*",
	    "globbing, sorted; no match leaves the pattern");
	expands("'/tmp/t_wordexp/a*'", 0, 0, "/tmp/t_wordexp/a*",
	    "no globbing in quotes");
	unlink("/tmp/t_wordexp/a1");
	unlink("/tmp/t_wordexp/a2");
	unlink("/tmp/t_wordexp/b");
	rmdir("/tmp/t_wordexp");

	/* Refused words. */
	expands("a|b", 0, WRDE_BADCHAR, NULL, "| : WRDE_BADCHAR");
	expands("a;b", 0, WRDE_BADCHAR, NULL, "; : WRDE_BADCHAR");
	expands("a & b", 0, WRDE_BADCHAR, NULL, "& : WRDE_BADCHAR");
	expands("a >/tmp/x", 0, WRDE_BADCHAR, NULL, "> : WRDE_BADCHAR");
	expands("<x", 0, WRDE_BADCHAR, NULL, "< : WRDE_BADCHAR");
	expands("(x)", 0, WRDE_BADCHAR, NULL, "( ) : WRDE_BADCHAR");
	expands("{x}", 0, WRDE_BADCHAR, NULL, "{ } : WRDE_BADCHAR");
	expands("a\nb", 0, WRDE_BADCHAR, NULL, "newline: WRDE_BADCHAR");
	expands("'open", 0, WRDE_SYNTAX, NULL, "an open ' : WRDE_SYNTAX");
	expands("\"open", 0, WRDE_SYNTAX, NULL, "an open \" : WRDE_SYNTAX");
	expands("$(echo", 0, WRDE_SYNTAX, NULL, "an open $( : WRDE_SYNTAX");
	expands("${FOO", 0, WRDE_SYNTAX, NULL, "an open ${ : WRDE_SYNTAX");
	expands("`echo", 0, WRDE_SYNTAX, NULL, "an open ` : WRDE_SYNTAX");
	expands("a\\", 0, WRDE_SYNTAX, NULL, "a trailing \\ : WRDE_SYNTAX");
	expands("$(echo x)", WRDE_NOCMD, WRDE_CMDSUB, NULL,
	    "WRDE_NOCMD: $( ) is WRDE_CMDSUB");
	expands("\"`echo x`\"", WRDE_NOCMD, WRDE_CMDSUB, NULL,
	    "WRDE_NOCMD: ` ` in double quotes is WRDE_CMDSUB");
	expands("${X:-$(echo x)}", WRDE_NOCMD, WRDE_CMDSUB, NULL,
	    "WRDE_NOCMD: $( ) inside ${ } is WRDE_CMDSUB");
	expands("$((1 + 1)) '$(x)'", WRDE_NOCMD, 0, "2|$(x)",
	    "WRDE_NOCMD allows arithmetic and quoted text");
	expands("$UNSETVAR", WRDE_UNDEF, WRDE_BADVAL, NULL,
	    "WRDE_UNDEF: an unset variable is WRDE_BADVAL");
	expands("$UNSETVAR a", 0, 0, "a", "without it, nothing");
	expands("$FOO", WRDE_UNDEF, 0, "x|y", "WRDE_UNDEF with a set variable");
	expands("${FOO", WRDE_UNDEF, WRDE_SYNTAX, NULL,
	    "WRDE_UNDEF does not turn a syntax error into WRDE_BADVAL");

	/* DOOFFS, APPEND, REUSE. */
	memset(&we, 0, sizeof(we));
	we.we_offs = 2;
	is_int(wordexp("a b", &we, WRDE_DOOFFS), 0, "WRDE_DOOFFS");
	ok(we.we_wordc == 2 && we.we_wordv[0] == NULL &&
	    we.we_wordv[1] == NULL && strcmp(we.we_wordv[2], "a") == 0 &&
	    strcmp(we.we_wordv[3], "b") == 0 && we.we_wordv[4] == NULL,
	    "two NULL slots, then a, b, NULL");
	is_int(wordexp("c 'd e'", &we, WRDE_DOOFFS | WRDE_APPEND), 0,
	    "WRDE_APPEND");
	is_int(we.we_wordc, 4, "four words after the append");
	is_str(joined(&we), "a|b|c|d e", "the appended words follow");
	ok(we.we_wordv[0] == NULL && we.we_wordv[6] == NULL,
	    "the offset slots and the final NULL kept");
	is_int(wordexp("z", &we, WRDE_REUSE), 0, "WRDE_REUSE");
	ok(we.we_wordc == 1 && we.we_offs == 0 &&
	    strcmp(we.we_wordv[0], "z") == 0 && we.we_wordv[1] == NULL,
	    "the earlier words are gone");
	is_int(wordexp("a|b", &we, WRDE_REUSE), WRDE_BADCHAR,
	    "an error leaves the result alone");
	is_str(joined(&we), "z", "still the last good words");
	wordfree(&we);
	ok(we.we_wordv == NULL && we.we_wordc == 0, "wordfree empties it");
	wordfree(&we);
	ok(1, "a second wordfree is harmless");

	ok(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD,
	    "no shell left behind");
	return (done());
}
