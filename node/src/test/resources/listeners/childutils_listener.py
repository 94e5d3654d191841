"""A listener written against supervisor.childutils, as superlance's plugins are: records (headers, payload)."""
import json
import sys

from supervisor import childutils


def main():
    out_path = sys.argv[1]
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers['eventname'].startswith('PROCESS_STATE'):
            pheaders, pdata = childutils.eventdata(payload + '\n')
            extra = pheaders
        else:
            extra = {}
        with open(out_path, 'a') as f:
            f.write(json.dumps({'headers': headers, 'payload': payload, 'parsed': extra}) + '\n')
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
