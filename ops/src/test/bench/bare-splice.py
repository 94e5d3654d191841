# The kernel's floor for logs-bench.sh (not part of the test suite): the same work with no supervisor logic, a
# plain splice(2) loop in one Python process. Its own CPU (getrusage) is the floor any supervisor pays here.
#   python3 ops/src/test/bench/bare-splice.py a DIR           one writer, 1 GiB of 100-byte lines, rotated at 50 MB
#                                                             with 5 backups; MiB/s and CPU-s per GiB
#   python3 ops/src/test/bench/bare-splice.py b DIR SECS MS   50 writers of 1000 lines/s; every MS ms each readable
#                                                             pipe is spliced into its file; % of one core
# DIR is scratch space (the logs are left there). Run it in the same minute as logs-bench.sh.
import fcntl
import os
import resource
import select
import subprocess
import sys
import time

F_SETPIPE_SZ = 1031


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one_writer(d):
    p = subprocess.Popen('yes %s | head -c 1073741824' % ('x' * 99), shell=True, stdout=subprocess.PIPE)
    fd = p.stdout.fileno()
    fcntl.fcntl(fd, F_SETPIPE_SZ, 1 << 20)
    path = d + '/chatty.log'
    out, size = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 0
    t0, c0 = time.monotonic(), cpu()
    while True:
        n = os.splice(fd, out, 1 << 22)
        if n == 0:
            break
        size += n
        if size >= 50_000_000:
            os.close(out)
            for i in range(4, 0, -1):
                if os.path.exists('%s.%d' % (path, i)):
                    os.rename('%s.%d' % (path, i), '%s.%d' % (path, i + 1))
            os.rename(path, path + '.1')
            out, size = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 0
    t1, c1 = time.monotonic(), cpu()
    p.wait()
    print('a. bare splice loop %6.0f MiB/s  %5.2f CPU-s/GiB' % (1024 / (t1 - t0), c1 - c0))


WRITER = '''import os, sys, time
n = int(sys.argv[1]); pad = b'y' * 91 + b'\\n'; t = time.monotonic()
for i in range(n):
    os.write(1, b'%08d ' % i + pad); t += 0.001; d = t - time.monotonic()
    if d > 0: time.sleep(d)
'''


def fifty_writers(d, secs, ms):
    w = d + '/writer.py'
    with open(w, 'w') as f:
        f.write(WRITER)
    ep, outs, procs = select.epoll(), {}, []
    for k in range(50):
        p = subprocess.Popen(['/usr/bin/python3', w, str(int((secs + 6) * 1000))], stdout=subprocess.PIPE)
        procs.append(p)
        fd = p.stdout.fileno()
        os.set_blocking(fd, False)
        outs[fd] = os.open('%s/w-%02d.log' % (d, k), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        ep.register(fd, select.EPOLLIN)
    time.sleep(3)
    t0, c0 = time.monotonic(), cpu()
    while time.monotonic() - t0 < secs:
        for fd, _ in ep.poll():
            os.lseek(outs[fd], 0, os.SEEK_END)
            try:
                os.splice(fd, outs[fd], 1 << 22)
            except BlockingIOError:
                pass
        time.sleep(ms / 1000)
    t1, c1 = time.monotonic(), cpu()
    for p in procs:
        p.kill()
        p.wait()
    print('b. bare splice loop, %g ms batches: %5.1f%% of one core' % (ms, 100 * (c1 - c0) / (t1 - t0)))


if sys.argv[1] == 'a':
    one_writer(sys.argv[2])
else:
    fifty_writers(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
