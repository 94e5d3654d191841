"""An event listener in superlance's childutils style, with no import of supervisor: READY, one header line, the
payload, RESULT 2\\nOK. Appends one JSON line per event to OUTFILE: the CLOCK_MONOTONIC time of receipt (ns), the
header line and the payload. Used by EventConformanceTest and the event benchmark against both daemons.

usage: record_listener.py OUTFILE
"""
import json
import sys
import time


def main():
    out = open(sys.argv[1], 'a')
    stdin, stdout = sys.stdin, sys.stdout
    while True:
        stdout.write('READY\n')
        stdout.flush()
        line = stdin.readline()
        if not line:
            return
        received = time.monotonic_ns()
        headers = dict(x.split(':', 1) for x in line.split())
        payload = stdin.read(int(headers['len']))
        out.write(json.dumps({'t': received, 'header': line.rstrip('\n'), 'payload': payload}) + '\n')
        out.flush()
        stdout.write('RESULT 2\nOK')
        stdout.flush()


if __name__ == '__main__':
    main()
