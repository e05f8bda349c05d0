/* poll(2): the kernel's <sys/poll.h>. */
#include <sys/poll.h>
