# RpcBench's client side: times one daemon's /RPC2 with Python's xmlrpc.client, as supervisorctl uses it.
# usage: rpcbench.py URL CONFIG DAEMON_PID PROGRAMS ROUNDS CPU_CALLS
import http.client
import io
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import xmlrpc.client

url, conf, pid, programs, rounds, cpu_calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6])
ticks = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def timed(fn, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def ms(label, values, p):
    print("   %-44s median %8.2f ms   p%d %8.2f ms   (n=%d)" % (label, statistics.median(values), p,
                                                             pct(values, p), len(values)))


proxy = xmlrpc.client.ServerProxy(url + "/RPC2")
all_info = proxy.supervisor.getAllProcessInfo()
assert len(all_info) == programs, len(all_info)
proxy.supervisor.getAllProcessInfo()  # warm
ms("getAllProcessInfo (ServerProxy)", timed(proxy.supervisor.getAllProcessInfo, rounds), 90)

# the same call without parsing: server + transfer time as the client sees it
host = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(host.hostname, host.port)
request = xmlrpc.client.dumps((), "supervisor.getAllProcessInfo").encode()
captured = []


def raw_all():
    conn.request("POST", "/RPC2", request, {"Content-Type": "text/xml"})
    captured[:] = [conn.getresponse().read()]


ms("getAllProcessInfo (raw HTTP, no parse)", timed(raw_all, rounds), 90)
body = captured[0]
conn.close()


class Captured(io.BytesIO):
    """The captured answer as an HTTP response: what ServerProxy's Transport parses once the bytes are in."""

    def getheader(self, name, default=None):
        return default


transport = xmlrpc.client.Transport()
transport.verbose = False
ms("client parse floor (%d bytes, no net)" % len(body),
   timed(lambda: transport.parse_response(Captured(body)), rounds), 90)

names = ["p%d" % i for i in range(programs)]
calls = iter(range(1 << 62))
get_one = lambda: proxy.supervisor.getProcessInfo(names[next(calls) % programs])
timed(get_one, 50)  # warm
ms("getProcessInfo (ServerProxy)", timed(get_one, rounds * 10), 99)

# daemon CPU per call: utime+stime over cpu_calls calls, less what the daemon spends idle over as long
idle_window = 2.0
c0 = cpu_seconds()
time.sleep(idle_window)
idle_rate = (cpu_seconds() - c0) / idle_window
c0 = cpu_seconds()
w0 = time.perf_counter()
for _ in range(cpu_calls):
    get_one()
wall = time.perf_counter() - w0
used = cpu_seconds() - c0
print("   daemon CPU per getProcessInfo: %7.1f us raw, %7.1f us less idle (%d calls in %.2f s, %.0f calls/s,"
      " idle %.2f%% of a core)" % (used / cpu_calls * 1e6, max(0.0, used - idle_rate * wall) / cpu_calls * 1e6,
                                   cpu_calls, wall, cpu_calls / wall, idle_rate * 100))

ctl = lambda: subprocess.run(["supervisorctl", "-c", conf, "-s", url, "status"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
ctl()
ms("supervisorctl status (wall)", timed(ctl, 5), 90)
# the same client doing almost nothing (one tiny call): Python's start-up and supervisorctl's imports
ctl_floor = lambda: subprocess.run(["supervisorctl", "-c", conf, "-s", url, "version"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
ms("supervisorctl version (wall, client floor)", timed(ctl_floor, 5), 90)
