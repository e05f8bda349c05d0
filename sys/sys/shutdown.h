/*
 * Shutdown hooks: functions run by kern_reboot() before the machine stops
 * (not on panic), newest first.  howto is the RB_* word.
 */
#ifndef _SYS_SHUTDOWN_H_
#define _SYS_SHUTDOWN_H_

int	shutdown_register(void (*fn)(void *arg, int howto), void *arg);

#endif /* !_SYS_SHUTDOWN_H_ */
