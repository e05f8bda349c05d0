/*
 * ARM PL011 UART: the aarch64 console.  Output is polled (usable from
 * panic and before interrupts); input is polled by cons_getc() and also
 * delivered by the receive interrupt to the MI tty layer (cons_rxintr).
 * QEMU's PL011 needs no baud-rate set-up; a real one would keep the
 * firmware's settings, so only the enables and the FIFO are touched.
 */
#include <sys/systm.h>
#include <sys/cpu.h>
#include <machine/cpufunc.h>
#include <machine/machdep.h>

#define UART_DR		0x00
#define UART_FR		0x18
#define  FR_RXFE	0x10		/* receive FIFO empty */
#define  FR_TXFF	0x20		/* transmit FIFO full */
#define  FR_BUSY	0x08
#define UART_LCR_H	0x2c
#define  LCR_FEN	0x10
#define  LCR_WLEN8	0x60
#define UART_CR		0x30
#define  CR_UARTEN	0x001
#define  CR_TXE		0x100
#define  CR_RXE		0x200
#define UART_IMSC	0x38
#define  INT_RX		0x10
#define  INT_RT		0x40
#define UART_ICR	0x44

static volatile uint32_t *uart_base;

static __inline uint32_t
uart_read(int reg)
{
	return (uart_base[reg / 4]);
}

static __inline void
uart_write(int reg, uint32_t v)
{
	uart_base[reg / 4] = v;
}

void
pl011_init(vm_offset_t va)
{
	uart_base = (volatile uint32_t *)va;
	uart_write(UART_LCR_H, LCR_WLEN8 | LCR_FEN);
	uart_write(UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void
cons_putc(int c)
{
	if (uart_base == NULL)
		return;
	while (uart_read(UART_FR) & FR_TXFF)
		cpu_pause();
	uart_write(UART_DR, c & 0xff);
}

int
cons_getc(void)
{
	if (uart_base == NULL || (uart_read(UART_FR) & FR_RXFE))
		return (-1);
	return (uart_read(UART_DR) & 0xff);
}

/* Wait until the last character has left (before power-off). */
void
cons_drain(void)
{
	int n;

	if (uart_base == NULL)
		return;
	for (n = 0; n < 1000000 && (uart_read(UART_FR) & FR_BUSY); n++)
		cpu_pause();
}

void
pl011_intr(void *arg)
{
	int c;

	uart_write(UART_ICR, INT_RX | INT_RT);
	while ((c = cons_getc()) != -1)
		cons_rxintr(c);
}

/* Called once interrupts can be taken: turn on the receive interrupt. */
void
pl011_enable_intr(void)
{
	if (uart_base == NULL || platform.uart_irq < 0)
		return;
	if (intr_establish(platform.uart_irq, pl011_intr, NULL) == 0)
		uart_write(UART_IMSC, INT_RX | INT_RT);
}
