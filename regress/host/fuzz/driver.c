/*
 * driver.c: a small, deterministic stand-in for libFuzzer, so the fuzz
 * targets (LLVMFuzzerTestOneInput in fuzz_*.c) run with GCC, which has
 * no -fsanitize=fuzzer.  Linked with one target and the sanitizers:
 *
 *	fuzz_x [-n N] [-t SECONDS] [-s SEED] [-o CRASHDIR] CORPUS_DIR...
 *	fuzz_x FILE...			run exactly these inputs once
 *
 * It runs every corpus file as it is, then mutations of them: bit
 * flips, interesting bytes, truncations, extensions, insertions and
 * deletions, splices of two inputs, and edits of 1/2/4/8-byte integer
 * fields in either byte order (the length fields parsers trust) and of
 * ASCII digits (cpio headers are hex text).  A fixed SEED and N give the
 * same inputs on every run; -t runs until the time is up instead.
 *
 * A crash (a sanitizer report or a panic's abort) first writes the input
 * to CRASHDIR/crash-<target>-<hash> so it can be replayed with
 * `fuzz_x FILE` and added to the corpus.  The result is one TAP line.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define MAXLEN		65536		/* mutated inputs stay below this */
#define MAXSEEDS	256
#define MIN_(a, b)	((a) < (b) ? (a) : (b))

struct input {
	uint8_t	*data;
	size_t	len;
};

static struct input seeds[MAXSEEDS];
static int nseeds;
static const char *progname = "fuzz";
static const char *crashdir = ".";

/* The input being run, for the crash report. */
static const uint8_t *cur_data;
static size_t cur_len;

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* splitmix64: small, fast, and the same everywhere */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

static size_t
below(size_t n)
{
	return (n == 0 ? 0 : (size_t)(rng() % n));
}

static uint64_t
fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return (h);
}

static void
save_crash(void)
{
	char path[4096];
	FILE *f;

	if (cur_data == NULL)
		return;
	snprintf(path, sizeof(path), "%s/crash-%s-%016llx", crashdir,
	    progname, (unsigned long long)fnv1a(cur_data, cur_len));
	f = fopen(path, "wb");
	if (f != NULL) {
		fwrite(cur_data, 1, cur_len, f);
		fclose(f);
		fprintf(stderr, "%s: the input is saved in %s (%zu bytes)\n",
		    progname, path, cur_len);
	}
	cur_data = NULL;
}

static void
on_abort(int sig)
{
	save_crash();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * The target gets a heap copy of exactly len bytes, so that AddressSanitizer
 * catches a read one byte past the end.
 */
static void
run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);

	memcpy(copy, data, len);
	cur_data = copy;
	cur_len = len;
	(void)LLVMFuzzerTestOneInput(copy, len);
	cur_data = NULL;
	free(copy);
}

static int
load(const char *path, struct input *in)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (f == NULL)
		return (-1);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > MAXLEN ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return (-1);
	}
	in->data = malloc((size_t)n + 1);
	in->len = (size_t)n;
	if (in->data == NULL || fread(in->data, 1, in->len, f) != in->len) {
		fclose(f);
		return (-1);
	}
	fclose(f);
	return (0);
}

static int
cmpname(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Every regular file of dir, in name order (readdir's order varies). */
static void
load_dir(const char *dir)
{
	char *names[MAXSEEDS], path[4096];
	struct dirent *d;
	int n = 0, i;
	DIR *dp = opendir(dir);

	if (dp == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, dir,
		    strerror(errno));
		exit(2);
	}
	while ((d = readdir(dp)) != NULL && n < MAXSEEDS) {
		if (d->d_name[0] == '.')
			continue;
		names[n++] = strdup(d->d_name);
	}
	closedir(dp);
	qsort(names, (size_t)n, sizeof(names[0]), cmpname);
	for (i = 0; i < n && nseeds < MAXSEEDS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (load(path, &seeds[nseeds]) == 0)
			nseeds++;
		free(names[i]);
	}
}

static const uint8_t interesting8[] = { 0, 1, 0x7f, 0x80, 0xff, 0x10,
    0x20, 0x40 };
static const int64_t interesting[] = { 0, 1, -1, 2, 4, 8, 16, 0x7f, 0x80,
    0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff,
    (int64_t)0x80000000LL, (int64_t)0xffffffffLL, INT64_MAX, INT64_MIN };

/*
 * A position for a w-byte edit: half the time in the first 256 bytes,
 * where the headers and their length fields are.
 */
static size_t
where(size_t len, size_t w)
{
	size_t span = len - w + 1;

	if (span > 256 && below(2) == 0)
		span = 256;
	return (below(span));
}

/* Mutate buf (len bytes, room for MAXLEN) once; returns the new length. */
static size_t
mutate(uint8_t *buf, size_t len)
{
	size_t pos, n, w, i, big;
	uint64_t v;
	const struct input *o;

	switch (below(10)) {
	case 0:				/* flip a bit */
		if (len > 0)
			buf[where(len, 1)] ^= (uint8_t)(1u << below(8));
		break;
	case 1:				/* an interesting byte */
		if (len > 0)
			buf[where(len, 1)] = interesting8[below(
			    sizeof(interesting8))];
		break;
	case 2:				/* a random byte */
		if (len > 0)
			buf[below(len)] = (uint8_t)rng();
		break;
	case 3:				/* truncate */
		if (len > 0)
			len = below(len);
		break;
	case 4:				/* insert random bytes */
		n = 1 + below(16);
		if (len + n > MAXLEN)
			break;
		pos = below(len + 1);
		memmove(buf + pos + n, buf + pos, len - pos);
		for (i = 0; i < n; i++)
			buf[pos + i] = (uint8_t)rng();
		len += n;
		break;
	case 5:				/* delete bytes */
		if (len == 0)
			break;
		pos = below(len);
		n = 1 + below(MIN_(16, len - pos));
		memmove(buf + pos, buf + pos + n, len - pos - n);
		len -= n;
		break;
	case 6:				/* splice with another seed */
		o = &seeds[below((size_t)nseeds)];
		pos = below(len + 1);
		n = below(o->len + 1);
		w = o->len - n;
		if (pos + w > MAXLEN)
			w = MAXLEN - pos;
		memcpy(buf + pos, o->data + n, w);
		len = pos + w;
		break;
	case 7:				/* an integer field, either order */
	case 8:
		w = (size_t)1 << below(4);	/* 1, 2, 4, 8 bytes */
		if (len < w)
			break;
		pos = where(len, w);
		big = below(2);
		if (below(2) == 0) {
			v = (uint64_t)interesting[below(sizeof(interesting) /
			    sizeof(interesting[0]))];
		} else {
			/* nudge the value that is there */
			v = 0;
			for (i = 0; i < w; i++)
				v |= (uint64_t)buf[big ? pos + w - 1 - i :
				    pos + i] << (8 * i);
			v += (uint64_t)((int64_t)below(33) - 16);
		}
		for (i = 0; i < w; i++) {
			uint8_t b = (uint8_t)(v >> (8 * i));

			if (!big)		/* little endian ... */
				buf[pos + i] = b;
			else			/* ... or big endian */
				buf[pos + w - 1 - i] = b;
		}
		break;
	case 9:				/* an ASCII hex digit */
		if (len > 0)
			buf[below(len)] = (uint8_t)"0123456789abcdefF"
			    [below(17)];
		break;
	}
	return (len);
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-n N] [-t SECONDS] [-s SEED] "
	    "[-o CRASHDIR] CORPUS_DIR...\n       %s FILE...\n", progname,
	    progname);
	exit(2);
}

int
main(int argc, char **argv)
{
	long iters = 10000, seconds = 0, done = 0;
	uint64_t seed = 1;
	uint8_t *buf;
	size_t len;
	struct stat st;
	time_t t0;
	int c, i, k, files = 0;

	progname = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	while ((c = getopt(argc, argv, "n:t:s:o:")) != -1) {
		switch (c) {
		case 'n': iters = atol(optarg); break;
		case 't': seconds = atol(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'o': crashdir = optarg; break;
		default: usage();
		}
	}
	if (optind == argc)
		usage();
	/* Sanitizer reports (and faults, which ASan catches) and panics. */
	__sanitizer_set_death_callback(save_crash);
	signal(SIGABRT, on_abort);

	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			load_dir(argv[i]);
		else if (nseeds < MAXSEEDS && load(argv[i],
		    &seeds[nseeds]) == 0) {
			nseeds++;
			files++;
		} else {
			fprintf(stderr, "%s: cannot read %s\n", progname,
			    argv[i]);
			exit(2);
		}
	}
	/* Replay mode: just the given files. */
	if (files > 0) {
		for (i = 0; i < nseeds; i++)
			run_one(seeds[i].data, seeds[i].len);
		printf("ok 1 - %s: %d input(s) replayed without a crash\n",
		    progname, nseeds);
		return (0);
	}
	if (nseeds == 0) {
		printf("not ok 1 - %s: no corpus\n", progname);
		return (1);
	}
	for (i = 0; i < nseeds; i++)
		run_one(seeds[i].data, seeds[i].len);

	buf = malloc(MAXLEN);
	rng_state = seed;
	t0 = time(NULL);
	for (;;) {
		if (seconds > 0 ? time(NULL) - t0 >= seconds : done >= iters)
			break;
		/* A seed, then a few stacked mutations of it. */
		i = (int)below((size_t)nseeds);
		len = seeds[i].len;
		memcpy(buf, seeds[i].data, len);
		for (k = 1 + (int)below(4); k > 0; k--)
			len = mutate(buf, len);
		run_one(buf, len);
		done++;
	}
	free(buf);
	printf("ok 1 - %s: %d seeds and %ld mutations (seed %llu) without a "
	    "crash\n", progname, nseeds, done, (unsigned long long)seed);
	return (0);
}
