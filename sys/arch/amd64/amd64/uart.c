/*
 * The console: a 16550 UART at COM1 (0x3f8), 115200 8N1.  Output is
 * polled so it works from any context, including a panic with interrupts
 * off; input arrives by interrupt (IOAPIC pin 4) and is handed to the MI
 * tty layer through cons_rxintr(), or is polled with cons_getc().
 */
#include <sys/types.h>
#include <sys/cpu.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_DLL	0
#define UART_DLM	1
#define UART_FCR	2
#define UART_IIR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_DR		0x01		/* data ready */
#define LSR_THRE	0x20		/* transmit holding register empty */
#define LSR_TEMT	0x40		/* transmitter empty */

static int uart_present;

void
uart_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x80);		/* DLAB */
	outb(COM1 + UART_DLL, 1);		/* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03);		/* 8N1 */
	outb(COM1 + UART_FCR, 0x07);		/* FIFOs on, cleared */
	outb(COM1 + UART_MCR, 0x0b);		/* DTR RTS OUT2 (IRQ gate) */
	/* A missing UART reads back 0xff. */
	uart_present = inb(COM1 + UART_LSR) != 0xff;
}

static void
uart_putc(int c)
{
	int spins;

	if (!uart_present)
		return;
	for (spins = 0; spins < 1000000; spins++) {
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
		cpu_pause();
	}
	outb(COM1 + UART_DATA, (uint8_t)c);
}

/* Raw: the MI kprintf adds the carriage returns. */
void
cons_putc(int c)
{
	uart_putc(c);
}

int
cons_getc(void)
{
	if (!uart_present || (inb(COM1 + UART_LSR) & LSR_DR) == 0)
		return (-1);
	return (inb(COM1 + UART_DATA));
}

/* Wait until the last bit has left the wire (before power-off). */
void
uart_drain(void)
{
	int spins;

	if (!uart_present)
		return;
	for (spins = 0; spins < 1000000; spins++) {
		if (inb(COM1 + UART_LSR) & LSR_TEMT)
			break;
		cpu_pause();
	}
}

static void
uart_intr(void *arg)
{
	int c;

	while ((c = cons_getc()) != -1)
		cons_rxintr(c);
}

/* Called once interrupts can be routed: receive interrupts on. */
void
uart_intr_init(void)
{
	if (!uart_present)
		return;
	if (intr_establish(4, uart_intr, NULL) == 0)
		outb(COM1 + UART_IER, 0x01);	/* RX data available */
}
