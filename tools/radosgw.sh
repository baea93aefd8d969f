#!/usr/bin/env bash
# Throwaway single-node Ceph radosgw (an S3 server) on loopback, for tests,
# the demo and benchmarks. Made for a Debian 12 box (or container) where we
# are root and no systemd runs: every daemon is started by hand, daemonizes
# itself and writes a pid file into the state directory.
#
#   tools/radosgw.sh start        install packages if missing, start, create user+bucket
#   tools/radosgw.sh stop         stop the daemons and delete the state directory
#   tools/radosgw.sh status       exit 0 if the S3 endpoint answers
#   tools/radosgw.sh env          print `export AILAS_TEST_S3_...=` lines for the tests
#                                 (HTTP and HTTPS endpoints, and the CA that signed the HTTPS one)
#   tools/radosgw.sh ca           make the test CA if missing (or expiring) and print its certificate's path
#   tools/radosgw.sh quota BYTES  cap the test user's total stored bytes (disk-full tests)
#   tools/radosgw.sh quota off    remove that cap
#   tools/radosgw.sh user UID ACCESS SECRET BUCKET [MAXBYTES]
#                                 a second user with its own bucket (and quota)
#
# Settings (environment):
#   AILAS_RGW_DIR             state dir: config, mon/osd data, logs, pids (/tmp/ailas-radosgw)
#   AILAS_RGW_PORT            S3 port on 127.0.0.1, plain HTTP (7480)
#   AILAS_RGW_TLS_PORT        S3 port on 127.0.0.1, HTTPS (7443), as production MinIO is served
#   AILAS_RGW_TLS_NAMES       more subjectAltName entries for the HTTPS certificate, comma-separated
#                             (e.g. IP:10.0.2.100: how tools/vm-test.sh's guest reaches this server)
#   AILAS_RGW_CA_DIR          the test CA (/tmp/ailas-radosgw-ca); kept by `stop`, so an image made
#                             with it (tools/vm-test.sh) still trusts the next start's certificate
#   AILAS_RGW_MON_PORT        monitor port on 127.0.0.1, msgr2 only (3300)
#   AILAS_RGW_ACCESS_KEY      S3 access key (AILASTESTACCESSKEY)
#   AILAS_RGW_SECRET_KEY      S3 secret key (ailas-test-secret-key-0123456789abcdef)
#   AILAS_RGW_QUOTA_SYNC_SECONDS  how often user quota stats are synced (0: always, so quotas bite
#                             at once, at the cost of a spinning thread; tools/bench.sh uses 1)
#   AILAS_RGW_MEMSTORE_BYTES  capacity of the in-RAM object store (4 GiB; RAM is
#                             only used for what is actually stored)
#   AILAS_RGW_START_TIMEOUT   seconds to wait for each start step (60)
#
# The cluster is one mon + one OSD on memstore (objects live in the OSD's RAM,
# nothing is fsync'ed) + one radosgw, with auth disabled: it is a loopback test
# fixture, not storage. Data does not survive `stop`.
#
# The HTTPS endpoint's certificate is made at each start, for 127.0.0.1 and
# localhost (and AILAS_RGW_TLS_NAMES), and signed by a test CA that outlives
# the cluster: a client trusts it only when told to (Storage:CaCertificateFile,
# rclone --ca-cert, an image's CA store), exactly as with a private CA in the field.
set -euo pipefail

DIR=${AILAS_RGW_DIR:-/tmp/ailas-radosgw}
PORT=${AILAS_RGW_PORT:-7480}
TLS_PORT=${AILAS_RGW_TLS_PORT:-7443}
MON_PORT=${AILAS_RGW_MON_PORT:-3300}
ACCESS_KEY=${AILAS_RGW_ACCESS_KEY:-AILASTESTACCESSKEY}
SECRET_KEY=${AILAS_RGW_SECRET_KEY:-ailas-test-secret-key-0123456789abcdef}
MEMSTORE_BYTES=${AILAS_RGW_MEMSTORE_BYTES:-$((4 * 1024 * 1024 * 1024))}
TIMEOUT=${AILAS_RGW_START_TIMEOUT:-60}
QUOTA_SYNC=${AILAS_RGW_QUOTA_SYNC_SECONDS:-0}

BUCKET=ailas-test
REGION=us-east-1
S3_USER=ailas-test        # radosgw user id owning the keys and the bucket
RGW_NAME=ailas            # daemon is client.rgw.ailas; its config section must match
ENDPOINT="http://127.0.0.1:${PORT}"
TLS_ENDPOINT="https://127.0.0.1:${TLS_PORT}"
TLS_DIR="$DIR/tls"
TLS_NAMES="IP:127.0.0.1,DNS:localhost${AILAS_RGW_TLS_NAMES:+,$AILAS_RGW_TLS_NAMES}"
CA_DIR=${AILAS_RGW_CA_DIR:-/tmp/ailas-radosgw-ca}
TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PACKAGES=(ceph-mon ceph-osd ceph-mgr radosgw ceph-common python3-rados openssl)
# Debian's own python: python3-rados is installed for it, and a pyenv or venv
# python3 earlier on PATH would not see it.
PY=/usr/bin/python3

# Every ceph tool (ceph, radosgw-admin, librados in python) reads this instead
# of /etc/ceph/ceph.conf, so nothing outside the state dir is touched.
export CEPH_CONF="$DIR/ceph.conf"

log() { echo "radosgw.sh: $*" >&2; }

die() {
    log "error: $*"
    exit 1
}

# The end of every daemon log: a failed start must say why.
show_log_tails() {
    local f
    for f in "$DIR"/log/*.log "$DIR"/log/*.out; do
        [[ -s $f ]] || continue
        echo "----- last lines of $f -----" >&2
        tail -n 25 "$f" >&2
    done
}

# ---------------------------------------------------------------- packages --

ensure_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    log "installing ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${PACKAGES[@]}"
}

# --------------------------------------------------------------- processes --

# The daemons we own, in stop order (the gateway first, the monitor last).
DAEMONS=("client.rgw.$RGW_NAME" osd.0 mon.a)

pid_of() { cat "$DIR/run/$1.pid" 2>/dev/null || true; }

# A pid from a pid file counts only if that process still runs with our
# config: after a crash or reboot the number may belong to someone else.
is_ours() {
    local pid=$1
    [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$CEPH_CONF"
}

daemon_running() { is_ours "$(pid_of "$1")"; }

# True when anything at all answers HTTP on the S3 port, and HTTPS with a
# certificate our CA vouches for on the TLS port (any status code: an
# anonymous GET / on radosgw returns an empty bucket list).
endpoint_answers() {
    "$PY" - "$ENDPOINT" "$TLS_ENDPOINT" "$CA_DIR/ca.crt" <<'EOF' 2>/dev/null
import ssl, sys, urllib.request, urllib.error
tls = ssl.create_default_context(cafile=sys.argv[3])
for url in sys.argv[1:3]:
    try:
        urllib.request.urlopen(url + "/", timeout=2, context=tls).read()
    except urllib.error.HTTPError:
        pass  # an HTTP error status still means the server is up
EOF
}

any_daemon_running() {
    local d
    for d in "${DAEMONS[@]}"; do daemon_running "$d" && return 0; done
    return 1
}

# The cluster in $DIR was made for the ports asked for now (the same state
# dir with another AILAS_RGW_PORT must not count as "already running").
config_matches() {
    grep -qxF "mon host = v2:127.0.0.1:$MON_PORT" "$CEPH_CONF" 2>/dev/null &&
        grep -qxF "rgw frontends = $(frontends)" "$CEPH_CONF" &&
        grep -qxF "subjectAltName=$TLS_NAMES" "$TLS_DIR/server.ext" 2>/dev/null
}

# Both endpoints on one beast frontend: the same gateway, the same objects.
frontends() {
    echo "beast endpoint=127.0.0.1:$PORT ssl_endpoint=127.0.0.1:$TLS_PORT" \
        "ssl_certificate=$TLS_DIR/server.crt ssl_private_key=$TLS_DIR/server.key"
}

port_in_use() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

healthy() {
    local d
    config_matches || return 1
    for d in "${DAEMONS[@]}"; do daemon_running "$d" || return 1; done
    endpoint_answers
}

# Poll "$@" every 0.2 s until it succeeds or TIMEOUT seconds pass.
wait_for() {
    local what=$1
    shift
    local deadline=$((SECONDS + TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what"
        sleep 0.2
    done
}

stop_daemons() {
    local d pid i
    for d in "${DAEMONS[@]}"; do
        pid=$(pid_of "$d")
        is_ours "$pid" || continue
        if [[ $d == osd.* ]]; then
            # On a clean shutdown memstore writes every object it holds to its
            # data dir (possibly gigabytes) just for us to delete it: kill it.
            kill -KILL "$pid" 2>/dev/null || true
        else
            kill -TERM "$pid" 2>/dev/null || true
        fi
        for ((i = 0; i < 100; i++)); do # up to 10 s, then force it
            is_ours "$pid" || break
            sleep 0.1
        done
        if is_ours "$pid"; then
            log "$d (pid $pid) ignored SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
}

# ------------------------------------------------------------------ config --

write_config() {
    mkdir -p "$DIR"/{run,log,mon.a,osd.0}
    cat >"$CEPH_CONF" <<EOF
# Generated by tools/radosgw.sh: a throwaway one-node cluster on loopback.
[global]
fsid = $("$PY" -c 'import uuid; print(uuid.uuid4())')
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
# Loopback only: without "cluster addr" the OSD binds its replication ports
# on 0.0.0.0.
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
# No cephx: loopback only, and it saves making and passing keyrings around.
auth cluster required = none
auth service required = none
auth client required = none
# radosgw (unlike the other tools) defaults to "secure" mode towards the mon,
# which auth "none" cannot provide; it then fails with -13 for 5 minutes.
ms mon client mode = crc
# Keep everything inside the state dir.
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = /dev/null
# One OSD: one replica per object, placement across OSDs (type 0) not hosts.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# Few PGs keep peering and memory small; no mgr, so no autoscaler either.
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
# Commit monitor changes at once; the default 1 s costs a second per pool.
paxos propose interval = 0.05
# The mon would stop itself when the disk holding the state dir is nearly
# full; disk-full tests fill disks on purpose.
mon data avail warn = 1
mon data avail crit = 0
mon allow pool delete = true
# Pools made by hand carry no "application" tag; it is only a health warning.
mon warn on pool no app = false

[mon]
mon data = $DIR/mon.\$id

[osd]
osd data = $DIR/osd.\$id
osd objectstore = memstore
# Memstore keeps every object in the OSD's RAM. Its "device" size is what
# the OSD reports as capacity: near it (97 %) the OSD stops accepting writes
# and S3 PUTs hang rather than fail, so use the quota command for disk-full
# tests. Measured: the OSD's RSS grows by about twice the bytes stored.
memstore device bytes = $MEMSTORE_BYTES
memstore page set = true
# Pin the OSD's CRUSH location instead of using the machine's hostname.
crush location = root=default host=ailas

[client]
log file = $DIR/log/\$name.log
# Re-read usage from the bucket index on every quota check, so the quota
# command's limit bites at once instead of after the 10-minute stats cache.
# The user's stats sync: 0 ("always", AILAS_RGW_QUOTA_SYNC_SECONDS' default)
# keeps a radosgw thread spinning, a quarter of a core for as long as the
# server runs (measured: 2.36 CPU-s per 10 s idle, 0.02 with 1 s), but with
# 1 s a fast upload overshoots a user quota (an 18 MB card went into 8 MB).
rgw bucket quota ttl = 0
rgw user quota bucket sync interval = $QUOTA_SYNC
# An S3 DELETE or overwrite only queues the old data for garbage collection,
# which waits 2 h by default; reclaim it within about two minutes instead so
# repeated benchmark runs do not fill the memstore.
rgw gc obj min wait = 60
rgw gc processor period = 60

[client.rgw.$RGW_NAME]
rgw frontends = $(frontends)
rgw enable apis = s3, admin
EOF
}

# --------------------------------------------------------------------- TLS --

# The test CA: made once, and again only when it expires within a week.
# ECDSA P-256: quick to make, and what a private MinIO deployment often shows.
ensure_ca() {
    if openssl x509 -in "$CA_DIR/ca.crt" -noout -checkend $((7 * 86400)) &>/dev/null &&
        [[ -s $CA_DIR/ca.key ]]; then
        return 0
    fi
    mkdir -p "$CA_DIR"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
        -subj "/CN=AilasKiosk test CA" -keyout "$CA_DIR/ca.key" -out "$CA_DIR/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        &>"$CA_DIR/make.log" || die "making the test CA failed (see $CA_DIR/make.log)"
    chmod 0600 "$CA_DIR/ca.key"
}

# This start's server certificate, signed by the CA, for $TLS_NAMES.
make_server_certificate() {
    mkdir -p "$TLS_DIR"
    (
        cd "$TLS_DIR"
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
        printf '%s\n' "subjectAltName=$TLS_NAMES" \
            "basicConstraints=critical,CA:FALSE" "extendedKeyUsage=serverAuth" >server.ext
        openssl x509 -req -in server.csr -CA "$CA_DIR/ca.crt" -CAkey "$CA_DIR/ca.key" \
            -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile server.ext -out server.crt
    ) &>>"$DIR/log/tls.out" || die "making the server certificate failed (see $DIR/log/tls.out)"
}

# ------------------------------------------------------------------- start --

start_mon() {
    monmaptool --create --fsid "$(ceph-conf --lookup fsid)" \
        --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
    ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "$DIR/monmap" ||
        die "ceph-mon --mkfs failed"
    # Each daemon forks into the background once initialised and writes
    # its pid file; timeout bounds the init in case it hangs. Their early
    # stderr chatter goes to log/*.out, so callers' pipes are never held.
    timeout "$TIMEOUT" ceph-mon -c "$CEPH_CONF" -i a &>>"$DIR/log/mon.a.out" ||
        die "ceph-mon did not start"
    wait_for "the monitor" timeout 5 ceph --connect-timeout 3 mon stat
}

start_osd() {
    local uuid id
    uuid=$("$PY" -c 'import uuid; print(uuid.uuid4())')
    id=$(ceph osd new "$uuid") || die "ceph osd new failed"
    [[ $id == 0 ]] || die "expected OSD id 0, got '$id'"
    ceph-osd -c "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$uuid" &>>"$DIR/log/osd.0.out" ||
        die "ceph-osd --mkfs failed"
    timeout "$TIMEOUT" ceph-osd -c "$CEPH_CONF" -i 0 &>>"$DIR/log/osd.0.out" ||
        die "ceph-osd did not start"
}

# radosgw would create these pools one by one as it needs them; creating them
# up front in a single librados session is faster and leaves nothing to race.
create_pools() {
    timeout "$TIMEOUT" "$PY" - <<'EOF' || die "creating the rgw pools failed"
import os, rados

POOLS = [".rgw.root", "default.rgw.control", "default.rgw.meta", "default.rgw.log",
         "default.rgw.buckets.index", "default.rgw.buckets.data",
         "default.rgw.buckets.non-ec"]

with rados.Rados(conffile=os.environ["CEPH_CONF"]) as cluster:
    for pool in POOLS:
        if not cluster.pool_exists(pool):
            cluster.create_pool(pool)  # pg num, size: the config's defaults
EOF
}

create_user() {
    timeout "$TIMEOUT" radosgw-admin user create --uid "$S3_USER" \
        --display-name "AilasKiosk tests" \
        --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >/dev/null ||
        die "radosgw-admin user create failed (or timed out after ${TIMEOUT}s)"
}

start_rgw() {
    timeout "$TIMEOUT" radosgw -c "$CEPH_CONF" -n "client.rgw.$RGW_NAME" \
        &>>"$DIR/log/client.rgw.$RGW_NAME.out" ||
        die "radosgw did not start"
    wait_for "the S3 endpoints $ENDPOINT and $TLS_ENDPOINT" endpoint_answers
}

create_bucket() {
    local out
    out=$("$PY" "$TOOLS_DIR/s3sign.py" PUT "$ENDPOINT/$BUCKET" \
        --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" --region "$REGION" 2>&1) ||
        die "creating bucket $BUCKET failed:"$'\n'"$out"
}

cmd_start() {
    ensure_packages
    if healthy; then
        log "already running and healthy"
        echo "ready: $ENDPOINT $TLS_ENDPOINT"
        return 0
    fi
    if any_daemon_running && ! config_matches; then
        die "$DIR holds a cluster running on other ports or certificate names; '$0 stop' it first or set AILAS_RGW_DIR"
    fi
    # Leftovers of a crashed or half-finished start: begin from scratch.
    if [[ -e $DIR ]]; then
        log "clearing stale state in $DIR"
        stop_daemons
        rm -rf "$DIR"
    fi
    # Fail fast: a busy port otherwise shows up as a bind retry loop or a
    # timeout further down.
    if port_in_use "$PORT"; then
        die "something else already listens on 127.0.0.1:$PORT (set AILAS_RGW_PORT)"
    fi
    if port_in_use "$TLS_PORT"; then
        die "something else already listens on 127.0.0.1:$TLS_PORT (set AILAS_RGW_TLS_PORT)"
    fi
    if port_in_use "$MON_PORT"; then
        die "something else already listens on 127.0.0.1:$MON_PORT (set AILAS_RGW_MON_PORT)"
    fi
    # From here on, any failure (die or set -e) shows the logs and stops what
    # was started, so no half-made cluster lingers; the logs stay in $DIR.
    trap start_failed EXIT
    write_config
    ensure_ca
    make_server_certificate
    start_mon
    start_osd
    create_pools
    create_user
    start_rgw
    create_bucket
    trap - EXIT
    echo "ready: $ENDPOINT $TLS_ENDPOINT"
}

start_failed() {
    local rc=$?
    show_log_tails
    stop_daemons
    log "start failed; daemons stopped, logs kept in $DIR/log ('$0 stop' removes them)"
    exit "$rc"
}

# ------------------------------------------------------------ other verbs --

cmd_stop() {
    [[ -e $DIR ]] || return 0
    stop_daemons
    rm -rf "$DIR"
    log "stopped"
}

cmd_status() {
    if healthy; then
        echo "running: $ENDPOINT $TLS_ENDPOINT"
    else
        echo "not running"
        return 1
    fi
}

cmd_env() {
    cat <<EOF
export AILAS_TEST_S3_ENDPOINT=$ENDPOINT
export AILAS_TEST_S3_HTTPS_ENDPOINT=$TLS_ENDPOINT
export AILAS_TEST_S3_CA_FILE=$CA_DIR/ca.crt
export AILAS_TEST_S3_ACCESS_KEY=$ACCESS_KEY
export AILAS_TEST_S3_SECRET_KEY=$SECRET_KEY
export AILAS_TEST_S3_BUCKET=$BUCKET
export AILAS_TEST_S3_REGION=$REGION
EOF
}

cmd_quota() {
    local arg=${1:-}
    healthy || die "not running; run '$0 start' first"
    if [[ $arg == off ]]; then
        radosgw-admin quota disable --quota-scope=user --uid "$S3_USER"
        log "user quota off"
    elif [[ $arg =~ ^[0-9]+$ ]]; then
        radosgw-admin quota set --quota-scope=user --uid "$S3_USER" --max-size "$arg"
        radosgw-admin quota enable --quota-scope=user --uid "$S3_USER"
        log "user quota: $arg bytes"
    else
        usage
    fi
}

# A second S3 user with its own bucket, optionally under a quota: lets a test fill "the storage" without
# touching the user and bucket that the other tests share.
cmd_user() {
    (($# >= 4)) || usage
    local uid=$1 access=$2 secret=$3 bucket=$4 max=${5:-}
    healthy || die "not running; run '$0 start' first"
    radosgw-admin user info --uid "$uid" &>/dev/null ||
        radosgw-admin user create --uid "$uid" --display-name "$uid" \
            --access-key "$access" --secret-key "$secret" >/dev/null ||
        die "radosgw-admin user create $uid failed"
    local out
    out=$("$PY" "$TOOLS_DIR/s3sign.py" PUT "$ENDPOINT/$bucket" \
        --access-key "$access" --secret-key "$secret" --region "$REGION" 2>&1) ||
        grep -q BucketAlreadyOwnedByYou <<<"$out" ||
        die "creating bucket $bucket failed:"$'\n'"$out"
    if [[ -n $max ]]; then
        radosgw-admin quota set --quota-scope=user --uid "$uid" --max-size "$max" >/dev/null
        radosgw-admin quota enable --quota-scope=user --uid "$uid" >/dev/null
    fi
    log "user $uid with bucket $bucket${max:+, quota $max bytes}"
}

usage() {
    # The command list at the top of this file, from "start" to the blank line.
    sed -n '/^#   tools\/radosgw.sh start/,/^#$/s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
quota) shift; cmd_quota "$@" ;;
user) shift; cmd_user "$@" ;;
ca) ensure_ca; echo "$CA_DIR/ca.crt" ;;
*) usage ;;
esac
