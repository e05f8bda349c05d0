/*
 * The AF_UNIX server of the 4.4BSD IPC lecture notes (seed 001), as
 * printed there, with the two corrections the notes need: the socket name
 * matches the client's, and the child ends after it prints instead of
 * falling back into the accept loop.  <string.h> and <stdlib.h> are added
 * for strcpy and exit, and accept's length is cast to socklen_t *, so that
 * a C11 compiler takes it.  t_seed001 runs it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <stdio.h>
#include <sys/un.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
int main()
{
    int sd, ns, len;
    struct sockaddr_un server_address, client_address;
    char buf[256];
    //create a socket for the client
    sd = socket(AF_UNIX, SOCK_STREAM, 0);
    //Name the socket
    server_address.sun_family = AF_UNIX;
    strcpy(server_address.sun_path, "sockname");
    len = sizeof(server_address);
    if (bind(sd, (struct sockaddr *)&server_address, len) < 0)
        printf("Cannot bind\n");

    //Create a connection queue and wait for clients.
    listen(sd, 2);
    while(1) {
        //Accept a connection.
        len = sizeof(client_address);
        ns = accept(sd, (struct sockaddr *)&client_address, (socklen_t *)&len);
        if (fork() == 0)
            { /* child */
                close(sd);
                read(ns, buf, sizeof(buf));
                printf("server read %s\n",buf);
                exit(0);
            }
        close(ns);
    }
}
