#!/bin/bash
# Child-output benchmark through a real daemon, Drover and supervisord side by side on the same config
# (not part of the test suite). From the repository root:
#   ./mvnw -q -B -DskipTests package
#   ops/src/test/bench/logs-bench.sh [daemon ...]      default: ops/target/drover/bin/drover /usr/bin/supervisord
#   LOGS_BENCH=a|b|ab (default ab), LOGS_BENCH_SECONDS (default 30), LOGS_BENCH_WRITERS (default 50)
# a. One chatty child: `yes <99 x> | head -c 1GiB` (100-byte lines) into stdout_logfile, maxbytes=50MB, backups=5.
#    MiB/s between the child's "start" and "done" on stderr, and the daemon's CPU-seconds (utime+stime deltas of
#    /proc/<pid>/stat) over that window, per GiB. The kept files (log + 5 backups) are checked: whole lines only
#    (but the first, whose start was rotated away, and the last: 1 GiB is not a whole number of lines).
# b. 50 children, each a python writer paced at 1000 numbered 100-byte lines/s: the daemon's % of one core over a
#    30 s window (from 3 s after every writer's first line is in its log: spawning is not measured); each writer
#    stops after a fixed count and every log file is then checked line by line (every number present, in order, no
#    byte lost, doubled or torn).
# Daemon CPU counts the daemon process only (threads included), not its children, as for supervisord.
set -eu
[ $# -gt 0 ] || set -- ops/target/drover/bin/drover /usr/bin/supervisord
SCEN=${LOGS_BENCH:-ab}
SECS=${LOGS_BENCH_SECONDS:-30}
WRITERS=${LOGS_BENCH_WRITERS:-50}
HZ=$(getconf CLK_TCK)
LINE=$(printf 'x%.0s' $(seq 1 99))
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
now() { date +%s.%N; }
calc() { echo "$1" | bc -l; }

common() {
  cat <<CONF
[supervisord]
logfile=$W/supervisord.log
pidfile=$W/supervisord.pid
childlogdir=$W
nodaemon=true
silent=true

[unix_http_server]
file=$W/sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
CONF
}

stop() { kill -TERM "$1"; wait "$1" || true; }

chatty() {
  local daemon=$1
  cat > "$W/chatty.sh" <<SH
#!/bin/sh
sleep 2
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
stopasgroup=true
CONF
  } > "$W/chatty.conf"
  "$daemon" -n -c "$W/chatty.conf" > "$W/daemon.out" 2>&1 &
  local d=$!
  until grep -q start "$W/chatty.err" 2>/dev/null; do sleep 0.01; done
  local t0 c0 t1 c1
  t0=$(now); c0=$(ticks $d)
  until grep -q done "$W/chatty.err" 2>/dev/null; do sleep 0.02; done
  t1=$(now); c1=$(ticks $d)
  stop $d
  local files bad
  files=$(ls "$W"/chatty.log* | wc -l)
  bad=$(cat "$W"/chatty.log.{5,4,3,2,1} "$W/chatty.log" | tail -n +2 | sed '$d' | LC_ALL=C grep -cvx "$LINE" || true)
  printf 'a. %-28s %6.0f MiB/s  %5.2f CPU-s/GiB  (%d files, %s torn lines)\n' "$(basename "$daemon")" \
    "$(calc "1024 / ($t1 - $t0)")" "$(calc "($c1 - $c0) / $HZ")" "$files" "$bad"
  rm -f "$W"/chatty.*
}

fifty() {
  local daemon=$1 lines=$(( (SECS + 6) * 1000 ))
  cat > "$W/writer.py" <<PY
import os, sys, time
n = int(sys.argv[1])
pad = b'y' * 91 + b'\n'
t = time.monotonic()
for i in range(n):
    os.write(1, b'%08d ' % i + pad)
    t += 0.001
    d = t - time.monotonic()
    if d > 0:
        time.sleep(d)
open(sys.argv[2], 'w').close()
time.sleep(600)
PY
  { common; cat <<CONF

[program:w]
command=/usr/bin/python3 $W/writer.py $lines $W/done-%(process_num)02d
process_name=w%(process_num)02d
numprocs=$WRITERS
stdout_logfile=$W/w-%(process_num)02d.log
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=5
stderr_logfile=NONE
startsecs=0
autorestart=false
CONF
  } > "$W/fifty.conf"
  "$daemon" -n -c "$W/fifty.conf" > "$W/daemon.out" 2>&1 &
  local d=$!
  # Warm-up: every writer logging (50 spawns can take seconds on a loaded machine), then 3 s more (JIT).
  until [ "$(find "$W" -name 'w-*.log' -size +0c | wc -l)" -ge "$WRITERS" ]; do sleep 0.2; done
  sleep 3
  local t0 c0 t1 c1
  t0=$(now); c0=$(ticks $d)
  sleep "$SECS"
  t1=$(now); c1=$(ticks $d)
  until [ "$(ls "$W"/done-* 2>/dev/null | wc -l)" -ge "$WRITERS" ]; do sleep 0.2; done
  sleep 0.5
  stop $d
  local verdict
  verdict=$(python3 - "$W" "$WRITERS" "$lines" <<'PY'
import sys
w, writers, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pad = b'y' * 91 + b'\n'
bad = 0
for p in range(writers):
    data = open('%s/w-%02d.log' % (w, p), 'rb').read()
    want = b''.join(b'%08d ' % i + pad for i in range(lines))
    if data != want:
        bad += 1
print('all %d logs byte-exact' % writers if bad == 0 else '%d of %d logs WRONG' % (bad, writers))
PY
)
  printf 'b. %-28s %5.1f%% of one core  (%s)\n' "$(basename "$daemon")" \
    "$(calc "100 * ($c1 - $c0) / $HZ / ($t1 - $t0)")" "$verdict"
  rm -f "$W"/w-*.log* "$W"/done-*
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for daemon in "$@"; do
  W=$(mktemp -d /tmp/logsbench.XXXXXX)
  daemon=$(readlink -f "$daemon")
  case $SCEN in *a*) chatty "$daemon";; esac
  case $SCEN in *b*) fifty "$daemon";; esac
  rm -rf "$W"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
