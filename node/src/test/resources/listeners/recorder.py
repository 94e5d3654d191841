"""Test event listener: records every event it gets as one line (receive time, header, payload with \\ and newlines
escaped, tab-separated) and answers as its mode says.

usage: recorder.py OUTFILE MODE [STATEFILE]
  ok          answer OK to everything
  fail-once   answer FAIL the first time it sees a serial, OK after
  crash-once  exit(3) holding the first event, if STATEFILE does not exist yet (and create it)
  garbage     say something that is not READY
  bad-result  answer the first event with a result line that has no length
"""
import os
import sys
import time

out_path, mode = sys.argv[1], sys.argv[2]
state_file = sys.argv[3] if len(sys.argv) > 3 else None
seen = set()


def write(s):
    sys.stdout.write(s)
    sys.stdout.flush()


out = open(out_path, 'a')


def record(headers_line, payload, received):
    escaped = payload.replace('\\', '\\\\').replace('\n', '\\n')
    out.write('%.6f\t%d\t%s\t%s\n' % (received, os.getpid(), headers_line, escaped))
    out.flush()


if mode == 'garbage':
    write('HELLO I AM NOT A LISTENER\n')
    sys.stdin.read()
    sys.exit(0)

while True:
    write('READY\n')
    line = sys.stdin.readline()
    received = time.time()
    if not line:
        sys.exit(0)
    headers = dict(x.split(':', 1) for x in line.split())
    payload = sys.stdin.read(int(headers['len']))
    record(line.rstrip('\n'), payload, received)
    serial = headers['serial']
    if mode == 'crash-once' and not os.path.exists(state_file):
        open(state_file, 'w').close()
        os._exit(3)
    if mode == 'bad-result':
        write('RESULT xx\nOK')
        sys.stdin.read()
        sys.exit(0)
    if mode == 'fail-once' and serial not in seen:
        seen.add(serial)
        write('RESULT 4\nFAIL')
    else:
        write('RESULT 2\nOK')
