#!/bin/sh
# t_seed001: the server and client of seed 001 talk over an AF_UNIX
# socket named "sockname" in a scratch directory.  The server prints what
# its child read; the client exits 0 once it has connected and written.
dir=/tmp/t_seed001.$$
helpers=$(pwd)/.seed001
mkdir -p $dir && cd $dir || { echo "not ok 1 - scratch directory"; exit 1; }
$helpers/server > out 2>&1 &
srv=$!
n=0
while [ ! -S sockname ] && [ $n -lt 50 ]; do sleep 0.1 2>/dev/null || sleep 1; n=$((n + 1)); done
if [ -S sockname ]; then echo "ok 1 - the server bound sockname"; else echo "not ok 1 - the server bound sockname"; fi
if $helpers/client; then echo "ok 2 - the client connected and wrote"; else echo "not ok 2 - the client connected and wrote"; fi
n=0
while ! grep -q "server read" out && [ $n -lt 50 ]; do sleep 0.1 2>/dev/null || sleep 1; n=$((n + 1)); done
kill $srv
wait $srv 2>/dev/null
# The notes print buf without terminating what read() put there, so only
# the first 18 characters are checked.
read -r line < out
case "$line" in
"server read hi guy"*) echo "ok 3 - server read hi guy" ;;
*) echo "not ok 3 - server read hi guy (got: $line)" ;;
esac
cd / && rm -rf $dir
