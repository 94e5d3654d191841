#!/bin/bash
# Child-log throughput through a real daemon (not part of the test suite).
#   node/src/test/bench/logs-daemon-bench.sh ops/target/drover/bin/drover
#   node/src/test/bench/logs-daemon-bench.sh /usr/bin/supervisord          (the reference)
# 1. One chatty child: `yes <99 x> | head -c 1GiB` (100-byte lines) into stdout_logfile, maxbytes=50MB, backups=5:
#    wall time and the daemon's CPU (utime+stime from /proc/<pid>/stat) between the child's "start" and "done".
# 2. 50 children, each a python writer paced at 1000 lines/s: the daemon's CPU over 10 s, and lines/s logged.
set -eu
DAEMON=$(readlink -f "$1")
W=$(mktemp -d /tmp/logsbench.XXXXXX)
trap 'rm -rf "$W"' EXIT
LINE=$(printf 'x%.0s' $(seq 1 99))
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

common() {
  cat <<CONF
[supervisord]
logfile=$W/supervisord.log
pidfile=$W/supervisord.pid
childlogdir=$W
nodaemon=true

[unix_http_server]
file=$W/sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
CONF
}

# --- 1. chatty writer
cat > "$W/chatty.sh" <<SH
#!/bin/sh
sleep 3
echo start >&2
yes $LINE | head -c 1073741824
echo done >&2
exec sleep 600
SH
chmod +x "$W/chatty.sh"
{ common; cat <<CONF

[program:chatty]
command=$W/chatty.sh
stdout_logfile=$W/chatty.log
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=5
stderr_logfile=$W/chatty.err
autorestart=false
startsecs=0
CONF
} > "$W/chatty.conf"
"$DAEMON" -c "$W/chatty.conf" > "$W/daemon.out" 2>&1 &
D=$!
until grep -q start "$W/chatty.err" 2>/dev/null; do sleep 0.01; done
T0=$(date +%s.%N); C0=$(ticks $D)
until grep -q done "$W/chatty.err" 2>/dev/null; do sleep 0.05; done
T1=$(date +%s.%N); C1=$(ticks $D)
kill -TERM $D; wait $D || true
echo "chatty: 1 GiB in $(echo "$T1 - $T0" | bc | cut -c1-5) s = $(echo "1024 / ($T1 - $T0)" | bc) MiB/s," \
     "daemon $(echo "($C1 - $C0) / 100" | bc -l | cut -c1-5) CPU-s/GiB"
rm -f "$W"/chatty.log*

# --- 2. fifty paced writers
cat > "$W/writer.py" <<'PY'
import os, time
line = b'y' * 99 + b'\n'
t = time.monotonic()
while True:
    os.write(1, line)
    t += 0.001
    d = t - time.monotonic()
    if d > 0:
        time.sleep(d)
PY
{ common; cat <<CONF

[program:w]
command=/usr/bin/python3 $W/writer.py
process_name=w%(process_num)02d
numprocs=50
stdout_logfile=$W/w-%(process_num)02d.log
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=5
startsecs=0
CONF
} > "$W/fifty.conf"
"$DAEMON" -c "$W/fifty.conf" > "$W/daemon.out" 2>&1 &
D=$!
size() { cat "$W"/w-*.log 2>/dev/null | wc -c; }
sleep 4   # warm-up: all writers running
C0=$(ticks $D); S0=$(size); T0=$(date +%s.%N)
sleep 10  # the measuring window
C1=$(ticks $D); S1=$(size); T1=$(date +%s.%N)
kill -TERM $D; wait $D || true
echo "fifty writers: $(echo "($S1 - $S0) / 100 / ($T1 - $T0)" | bc) lines/s logged," \
     "daemon $(echo "($C1 - $C0) / ($T1 - $T0)" | bc -l | cut -c1-5)% of one core"
