/*
 * The AF_UNIX client of the 4.4BSD IPC lecture notes (seed 001), as
 * printed there except for the socket name, which now matches the
 * server's ("sockname"), and <string.h>/<stdlib.h> for strcpy and exit.
 * t_seed001 runs it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
int main ()
{
    int sd, len;
    struct sockaddr_un address;
    int result;

    //create a socket for the client
    sd = socket(AF_UNIX, SOCK_STREAM, 0);

    //Name the socket as agreed with the server
    address.sun_family=AF_UNIX;
    strcpy(address.sun_path,"sockname");
    len = sizeof(address);

    //Now connect our socket to the server's socket
    result = connect(sd, (struct sockaddr *)&address, len);
    if(result == -1) exit (1);
    write(sd, "hi guy", 6);
    //Close the socket
    close(sd);
    return (0);
}
