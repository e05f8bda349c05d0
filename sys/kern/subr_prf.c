/*
 * Kernel formatted output: kprintf, ksnprintf and the kvcprintf engine
 * under them.  Console output goes to the port's polled cons_putc() and
 * into a message buffer (msgbuf, read back by dmesg through sysctl).  A
 * recursive per-CPU console lock keeps each kprintf call's text together
 * when several CPUs print at once, and is ignored while panicking so that
 * a CPU stopped with the lock held cannot silence the panic message.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>
#include <sys/spinlock.h>
#include <sys/msgbuf.h>
#include <machine/cpufunc.h>

#ifdef _PETREL_HOSTTEST
/*
 * Host tests (regress/host) run this file in a user process, where cli
 * and sti fault; there are no interrupts to hold off there anyway.
 */
#undef intr_disable
#undef intr_restore
#define intr_disable()	((register_t)0)
#define intr_restore(s)	((void)(s))
#endif

#define MSGBUF_SIZE	(64 * 1024)

static char msgbuf_data[MSGBUF_SIZE];
static uint64_t msgbuf_wpos;		/* total bytes ever logged */

static volatile int cons_owner = -1;	/* cpuid holding the console */
static int cons_depth;			/* recursion on that CPU */
static register_t cons_saved_intr;

static int
prf_mycpu(void)
{
	/* Before the port sets up mycpu only the BSP runs. */
	if (cpu_globaldata[0].gd_self == NULL)
		return (0);
	return (mycpuid);
}

void
kprintf_lock(void)
{
	register_t s;
	int cpu, spins, expect;

	s = intr_disable();
	cpu = prf_mycpu();
	if (cons_owner == cpu) {
		cons_depth++;
		intr_restore(s);
		return;
	}
	for (spins = 0; ; spins++) {
		expect = -1;
		if (__atomic_compare_exchange_n(&cons_owner, &expect, cpu, 0,
		    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			break;
		/*
		 * A panicking CPU steals the console after a while: the
		 * holder may have been stopped by IPI_STOP.
		 */
		if (panicstr != NULL && spins > 10000000) {
			__atomic_store_n(&cons_owner, cpu, __ATOMIC_SEQ_CST);
			break;
		}
		cpu_pause();
	}
	cons_depth = 1;
	cons_saved_intr = s;
}

void
kprintf_unlock(void)
{
	register_t s;

	if (--cons_depth > 0)
		return;
	s = cons_saved_intr;
	__atomic_store_n(&cons_owner, -1, __ATOMIC_RELEASE);
	intr_restore(s);
}

static void
msgbuf_putc(int c)
{
	msgbuf_data[msgbuf_wpos % MSGBUF_SIZE] = (char)c;
	msgbuf_wpos++;
}

/*
 * Copy up to len bytes of the message buffer's tail into buf; returns the
 * number copied.  Used by the kern.msgbuf sysctl (dmesg).
 */
size_t
msgbuf_copy(char *buf, size_t len)
{
	uint64_t start, end, i;
	size_t n;

	kprintf_lock();
	end = msgbuf_wpos;
	start = end > MSGBUF_SIZE ? end - MSGBUF_SIZE : 0;
	if (end - start > len)
		start = end - len;
	n = 0;
	for (i = start; i < end; i++)
		buf[n++] = msgbuf_data[i % MSGBUF_SIZE];
	kprintf_unlock();
	return (n);
}

static void
cons_out(int c, void *arg)
{
	if (c == '\n')
		cons_putc('\r');
	cons_putc(c);
	msgbuf_putc(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
	int n;

	kprintf_lock();
	n = kvcprintf(fmt, cons_out, NULL, ap);
	kprintf_unlock();
	return (n);
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return (n);
}

struct snprintf_arg {
	char	*buf;
	size_t	left;
};

static void
snprintf_out(int c, void *arg)
{
	struct snprintf_arg *sa = arg;

	if (sa->left > 1) {
		*sa->buf++ = (char)c;
		sa->left--;
	}
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snprintf_arg sa;
	int n;

	sa.buf = buf;
	sa.left = size;
	n = kvcprintf(fmt, snprintf_out, &sa, ap);
	if (size > 0)
		*sa.buf = '\0';
	return (n);
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

/*
 * Put the digits of num in base into buf backwards; returns the count.
 */
static int
prf_ksprintn(char *buf, uint64_t num, int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		buf[n++] = digits[num % base];
		num /= base;
	} while (num != 0);
	return (n);
}

/*
 * The formatting engine.  Supports the conversions d i u o x X p s c %
 * with flags '-', '0', '+', ' ', '#', a width and precision (also '*'),
 * and the length modifiers hh h l ll j z t q.  Returns the number of
 * characters produced.
 */
int
kvcprintf(const char *fmt, void (*func)(int, void *), void *arg, va_list ap)
{
	char nbuf[72];
	const char *p, *s;
	int ch, n, width, prec, lmod, base, len, i, retval;
	bool ladjust, zpad, sign, upper, alt, plus, space, neg = false;
	uint64_t num;
	int64_t snum;

#define PCHAR(c)	do { func((c), arg); retval++; } while (0)
	retval = 0;
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			PCHAR(*p);
			continue;
		}
		ladjust = zpad = alt = plus = space = false;
		width = 0;
		prec = -1;
		lmod = 0;
flags:
		ch = *++p;
		switch (ch) {
		case '-': ladjust = true; goto flags;
		case '0': zpad = true; goto flags;
		case '#': alt = true; goto flags;
		case '+': plus = true; goto flags;
		case ' ': space = true; goto flags;
		}
		if (ch == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				ladjust = true;
				width = -width;
			}
			ch = *++p;
		} else {
			while (ch >= '0' && ch <= '9') {
				width = width * 10 + (ch - '0');
				ch = *++p;
			}
		}
		if (ch == '.') {
			ch = *++p;
			prec = 0;
			if (ch == '*') {
				prec = va_arg(ap, int);
				ch = *++p;
			} else {
				while (ch >= '0' && ch <= '9') {
					prec = prec * 10 + (ch - '0');
					ch = *++p;
				}
			}
		}
		/* lmod: -2 hh, -1 h, 0 int, 1 long, 2 long long/intmax */
		for (;;) {
			if (ch == 'h')
				lmod--;
			else if (ch == 'l')
				lmod++;
			else if (ch == 'j' || ch == 'q')
				lmod = 2;
			else if (ch == 'z' || ch == 't')
				lmod = 1;
			else
				break;
			ch = *++p;
		}
		sign = upper = false;
		base = 10;
		switch (ch) {
		case '\0':
			p--;
			continue;
		case '%':
			PCHAR('%');
			continue;
		case 'c':
			nbuf[0] = (char)va_arg(ap, int);
			s = nbuf;
			len = 1;
			goto string;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			for (len = 0; s[len] != '\0' &&
			    (prec < 0 || len < prec); len++)
				;
string:
			if (!ladjust)
				for (i = len; i < width; i++)
					PCHAR(' ');
			for (i = 0; i < len; i++)
				PCHAR(s[i]);
			if (ladjust)
				for (i = len; i < width; i++)
					PCHAR(' ');
			continue;
		case 'p':
			num = (uintptr_t)va_arg(ap, void *);
			base = 16;
			alt = true;
			goto number;
		case 'd':
		case 'i':
			sign = true;
			break;
		case 'u':
			break;
		case 'o':
			base = 8;
			break;
		case 'X':
			upper = true;
			/* FALLTHROUGH */
		case 'x':
			base = 16;
			break;
		default:
			/* Unknown conversion: print it as is. */
			PCHAR('%');
			PCHAR(ch);
			continue;
		}
		if (sign) {
			if (lmod >= 2)
				snum = va_arg(ap, long long);
			else if (lmod == 1)
				snum = va_arg(ap, long);
			else if (lmod == -1)
				snum = (short)va_arg(ap, int);
			else if (lmod <= -2)
				snum = (signed char)va_arg(ap, int);
			else
				snum = va_arg(ap, int);
			neg = snum < 0;
			num = neg ? -(uint64_t)snum : (uint64_t)snum;
		} else {
			neg = false;
			if (lmod >= 2)
				num = va_arg(ap, unsigned long long);
			else if (lmod == 1)
				num = va_arg(ap, unsigned long);
			else if (lmod == -1)
				num = (unsigned short)va_arg(ap, unsigned int);
			else if (lmod <= -2)
				num = (unsigned char)va_arg(ap, unsigned int);
			else
				num = va_arg(ap, unsigned int);
		}
number:
		{
			char prefix[3];
			int plen = 0, ndig, zeros, total;

			if (neg)
				prefix[plen++] = '-';
			else if (sign && plus)
				prefix[plen++] = '+';
			else if (sign && space)
				prefix[plen++] = ' ';
			if (alt && base == 16 && (num != 0 || ch == 'p')) {
				prefix[plen++] = '0';
				prefix[plen++] = upper ? 'X' : 'x';
			} else if (alt && base == 8 && num != 0)
				prefix[plen++] = '0';
			if (prec == 0 && num == 0)
				ndig = 0;
			else
				ndig = prf_ksprintn(nbuf, num, base, upper);
			zeros = prec > ndig ? prec - ndig : 0;
			if (zpad && !ladjust && prec < 0 &&
			    width > plen + ndig)
				zeros = width - plen - ndig;
			total = plen + zeros + ndig;
			if (!ladjust)
				for (i = total; i < width; i++)
					PCHAR(' ');
			for (i = 0; i < plen; i++)
				PCHAR(prefix[i]);
			for (i = 0; i < zeros; i++)
				PCHAR('0');
			for (n = ndig - 1; n >= 0; n--)
				PCHAR(nbuf[n]);
			if (ladjust)
				for (i = total; i < width; i++)
					PCHAR(' ');
		}
	}
#undef PCHAR
	return (retval);
}
