#!/bin/sh
# QEMU's guestfwd runs this once per TCP connection the guest opens to its storage address, with the
# connection on stdin/stdout: it is piped to the host's radosgw. While the flag file exists, the connection
# is closed at once, as a broken link or a stopped server would look from the guest ("storage unreachable");
# the PID of each open connection is noted beside the flag file so that cutting the storage closes those too.
# Usage (from -netdev user,guestfwd=...-cmd:): s3-forward.sh FLAG-FILE PORT
[ -e "$1" ] && exit 0
echo $$ >> "$1.pids"
exec socat - "TCP:127.0.0.1:$2"
