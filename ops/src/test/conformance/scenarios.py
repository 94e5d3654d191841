#!/usr/bin/env python3
"""Scenario differential: one config, one sequence of actions, supervisord 4.2.5 and Drover side by side.

Each scenario writes the same supervisord.conf into two directories (only the port differs), starts
``/usr/bin/supervisord -n -c`` and ``ops/target/drover/bin/drover -n -c`` on them, and runs every step against both
at once (supervisorctl commands, XML-RPC calls, signals sent to a child from outside, config edits). After each step
it waits until both daemons are settled (no STARTING/STOPPING/BACKOFF and nothing changed for a while: supervisord
only looks at its children once a second) and compares, normalised (pids, times, directories and ports replaced):
the step's own result (ctl stdout and exit code, RPC value or fault), getAllProcessInfo, the main log lines written
since the previous step, and every child log file. Differences are printed per step; the exit code is the number
of scenarios that differed (capped at 100).

    python3 ops/src/test/conformance/scenarios.py               # every hand-written scenario
    python3 ops/src/test/conformance/scenarios.py stop_starting # the named ones
    python3 ops/src/test/conformance/scenarios.py --random 20 --seed 7
    python3 ops/src/test/conformance/scenarios.py --list

Options: ``--port N`` (first of the ports, default 19500), ``--dir D`` (default /tmp/scenarios), ``--keep`` (leave
the directories), ``--drover PATH``, ``-v`` (print every step's results, equal or not). README.md next to this file
says how to read a report.

Known timing differences (docs/compatibility.md: Drover reaps at once, supervisord on its 1 s poll) make some
orders differ; a line-order-only difference in the main log is reported as such, not as a content difference.
Build the distribution first (``./mvnw -q -B -o -DskipTests package``). Not part of ``.ci/run``: a scenario takes
seconds and its outcome depends on supervisord's timing.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xmlrpc.client

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
SUPERVISORD = '/usr/bin/supervisord'
SUPERVISORCTL = '/usr/bin/supervisorctl'
TRANSIENT = ('STARTING', 'STOPPING', 'BACKOFF')

HEADER = """\
[inet_http_server]
port=127.0.0.1:{port}

[supervisord]
logfile=%(here)s/main.log
pidfile=%(here)s/main.pid
childlogdir=%(here)s/logs
identifier=scen

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=http://127.0.0.1:{port}
"""

# Children the scenarios use. A shell with `exec` keeps the pid the program's.
SLEEP = 'sleep 1000'
TRAP_TERM = "sh -c \"trap 'echo got TERM' TERM; echo ready; while :; do sleep 0.1; done\""
GRANDKIDS = "sh -c \"sleep 1000 & sleep 1000 & wait\""
DEAF_KIDS = "sh -c \"trap '' TERM; sleep 1000 & sleep 1000 & wait\""  # TERM ignored by all three


def exiting(code, after=0.0, out=''):
    echo = f'echo {out}; ' if out else ''
    pause = f'sleep {after}; ' if after else ''
    return f'sh -c "{echo}{pause}exit {code}"'


def program(name, command, **options):
    lines = [f'[program:{name}]', f'command={command}']
    options.setdefault('stdout_logfile', '%(here)s/logs/%(program_name)s.out')
    options.setdefault('stderr_logfile', '%(here)s/logs/%(program_name)s.err')
    for key, value in options.items():
        lines.append(f'{key}={value}')
    return '\n'.join(lines) + '\n'


def group(name, programs, **options):
    return '\n'.join([f'[group:{name}]', f'programs={",".join(programs)}']
                     + [f'{k}={v}' for k, v in options.items()]) + '\n'


# ---------------------------------------------------------------------------------------------------- daemons

class Daemon:
    """One supervisor (either kind) on its own directory and port."""

    def __init__(self, kind, argv, directory, port):
        self.kind, self.argv, self.dir, self.port = kind, argv, directory, port
        self.proc = None
        self.log_pos = 0
        self.auth = None  # (user, password) once a step gives the daemon credentials
        self.env = None  # the daemon's own environment (None: the runner's)
        self.pids = set()  # every child pid seen, killed by group at the end

    @property
    def conf(self):
        return os.path.join(self.dir, 'supervisord.conf')

    def write_conf(self, body, header=None, files=None):
        os.makedirs(os.path.join(self.dir, 'logs'), exist_ok=True)
        with open(self.conf, 'w') as f:
            f.write((header or HEADER).format(port=self.port) + '\n' + body.replace('$FPORT', str(self.port + 50)))
        for name, text in (files or {}).items():  # extra files ([include]d ones); None removes one
            path = os.path.join(self.dir, name)
            if text is None:
                if os.path.exists(path):
                    os.remove(path)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(text)
            if name.endswith(('.sh', '.py')):
                os.chmod(path, 0o755)

    def rpc(self):
        cred = f'{self.auth[0]}:{self.auth[1]}@' if self.auth else ''
        return xmlrpc.client.ServerProxy(f'http://{cred}127.0.0.1:{self.port}/RPC2', allow_none=True)

    def start(self):
        out = open(os.path.join(self.dir, 'stdout.txt'), 'wb')
        self.proc = subprocess.Popen(self.argv + ['-n', '-c', self.conf], stdout=out, stderr=subprocess.STDOUT,
                                     cwd=self.dir, start_new_session=True,
                                     env=None if self.env is None else {**os.environ, **self.env})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f'{self.kind} exited {self.proc.returncode}: '
                                   + open(os.path.join(self.dir, 'stdout.txt')).read())
            try:
                if self.rpc().supervisor.getState()['statename'] == 'RUNNING':
                    return
            except (OSError, xmlrpc.client.Error):
                pass
            time.sleep(0.1)
        raise RuntimeError(f'{self.kind} not ready')

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.rpc().supervisor.shutdown()
            except (OSError, xmlrpc.client.Error):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in self.pids:  # children the daemon left behind (grandchildren of a shell, on purpose)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass

    def new_log_lines(self):
        path = os.path.join(self.dir, 'main.log')
        try:
            with open(path, 'rb') as f:
                f.seek(self.log_pos)
                data = f.read()
        except FileNotFoundError:
            return []
        cut = data.rfind(b'\n') + 1
        self.log_pos += cut
        return data[:cut].decode('utf-8', 'replace').splitlines()

    def infos(self):
        infos = self.rpc().supervisor.getAllProcessInfo()
        for i in infos:
            if i['pid']:
                self.pids.add(i['pid'])
        return infos


# ---------------------------------------------------------------------------------------------------- normalising

def normaliser(daemon):
    d, port = daemon.dir, str(daemon.port)

    def norm(text):
        if not isinstance(text, str):
            return text
        text = text.replace(d, '$D').replace(port, '$P').replace(str(daemon.port + 50), '$F')
        text = re.sub(r'\bpid \d+', 'pid N', text)
        text = re.sub(r'uptime \d+:\d\d:\d\d', 'uptime T', text)
        text = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', 'DATE', text)
        text = re.sub(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ', '', text, flags=re.M)
        text = re.sub(r'with pid \d+', 'with pid N', text)
        text = re.sub(r'\(pid \d+\)', '(pid N)', text)
        text = re.sub(r"killing '([^']*)' \(\d+\)", r"killing '\1' (N)", text)
        text = re.sub(r'---scen[0-9]*-[a-z0-9_]+\.log', '---scen-X.log', text)
        return text
    return norm


def norm_value(value, norm):
    if isinstance(value, dict):
        return {k: ('N' if v else 0) if k in ('pid', 'start', 'stop', 'now') else norm_value(v, norm)
                for k, v in value.items()}
    if isinstance(value, list):
        return [norm_value(v, norm) for v in value]
    return norm(value)


def norm_info(info, norm):
    out = {k: norm(info[k]) for k in ('group', 'name', 'statename', 'exitstatus', 'spawnerr', 'description')}
    out['pid'] = 'N' if info['pid'] else 0
    out['start'] = 'T' if info['start'] else 0
    out['stop'] = 'T' if info['stop'] else 0
    out['logfile'] = norm(info['stdout_logfile'])
    return out


# ---------------------------------------------------------------------------------------------------- steps

class Scenario:
    def __init__(self, name, conf, steps, doc='', env=None, files=None):
        self.name, self.conf, self.steps, self.doc = name, conf, steps, doc
        self.env, self.files = env, files  # the daemons' environment, extra files next to the config


def ctl(*args, settle=True):
    return {'do': 'ctl', 'args': list(args), 'settle': settle}


def rpc(method, *args, settle=True):
    return {'do': 'rpc', 'method': method, 'args': list(args), 'settle': settle}


def kill(name, sig, settle=True, group=False):
    return {'do': 'kill', 'name': name, 'sig': sig, 'settle': settle, 'group': group}


def pause(seconds):
    return {'do': 'sleep', 'seconds': seconds, 'settle': False}


def edit(conf, settle=False, header=None, files=None):
    return {'do': 'conf', 'conf': conf, 'settle': settle, 'header': header, 'files': files}


def daemon_signal(sig, settle=True, auth=None):
    """Sends a signal to the daemon itself (SIGHUP reload, SIGUSR2 reopen); `auth` is what its RPC needs after."""
    return {'do': 'dsig', 'sig': sig, 'settle': settle, 'auth': auth}


def pids():
    """Which processes kept the pid they had at the previous pids() step (`same`), got another (`new`), or have none."""
    return {'do': 'pids', 'settle': False}


def alive_in_group(name):
    """How many processes live in the process group the named program led (grandchildren left behind or not)."""
    return {'do': 'pgroup', 'name': name, 'settle': False}


def settle():
    return {'do': 'settle', 'settle': True}


def run_step(daemon, step, memo):
    """Runs one step against one daemon; returns its normalised result."""
    norm = normaliser(daemon)
    kind = step['do']
    if kind == 'ctl':
        p = subprocess.run([SUPERVISORCTL, '-c', daemon.conf] + step['args'], capture_output=True, timeout=120)
        out = norm(p.stdout.decode('utf-8', 'replace'))
        if step['args'][:1] == ['pid']:
            out = re.sub(r'(?m)^[1-9]\d*$', 'N', out)
        return {'rc': p.returncode, 'out': out}
    if kind == 'rpc':
        method = daemon.rpc()
        for part in step['method'].split('.'):
            method = getattr(method, part)
        args = [a.replace('$D', daemon.dir) if isinstance(a, str) else a for a in step['args']]
        try:
            return {'value': norm_value(method(*args), norm)}
        except xmlrpc.client.Fault as f:
            return {'fault': f.faultCode, 'string': norm(f.faultString)}
    if kind == 'kill':
        info = daemon.rpc().supervisor.getProcessInfo(step['name'])
        if not info['pid']:
            return {'kill': 'no pid'}
        memo.setdefault(step['name'], info['pid'])
        sig = getattr(signal, step['sig'])
        (os.killpg if step['group'] else os.kill)(info['pid'], sig)
        return {'kill': step['sig']}
    if kind == 'sleep':
        time.sleep(step['seconds'])
        return None
    if kind == 'conf':
        daemon.write_conf(step['conf'], step['header'], step['files'])
        return None
    if kind == 'dsig':
        daemon.proc.send_signal(getattr(signal, step['sig']))
        if step['auth'] is not None:
            daemon.auth = step['auth'] or None
        if step['sig'] == 'SIGHUP':  # until the reloaded daemon answers again
            time.sleep(1.0)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if daemon.proc.poll() is not None:  # a file it cannot read: the daemon ends
                    with open(os.path.join(daemon.dir, 'stdout.txt'), errors='replace') as f:
                        said = [norm(x) for x in f.read().splitlines() if not x.startswith('20')]
                    return {'signal': step['sig'], 'exit': daemon.proc.returncode, 'said': said[-2:]}
                try:
                    if daemon.rpc().supervisor.getState()['statename'] == 'RUNNING':
                        break
                except (OSError, xmlrpc.client.Error):
                    pass
                time.sleep(0.1)
        return {'signal': step['sig']}
    if kind == 'pids':
        before = memo.get('pids', {})
        now = {f"{i['group']}:{i['name']}": i['pid'] for i in daemon.infos()}
        memo['pids'] = now
        return {n: ('none' if not p else 'same' if before.get(n) == p else 'new') for n, p in sorted(now.items())}
    if kind == 'pgroup':
        pgid = memo.get(step['name'])
        if pgid is None:
            info = daemon.rpc().supervisor.getProcessInfo(step['name'])
            pgid = memo[step['name']] = info['pid']
        n = 0
        for entry in os.listdir('/proc'):
            if entry.isdigit():
                try:
                    with open(f'/proc/{entry}/stat') as f:
                        fields = f.read().rsplit(')', 1)[1].split()
                    if int(fields[2]) == pgid and fields[0] != 'Z':
                        n += 1
                except (OSError, IndexError):
                    pass
        return {'alive_in_group': n}
    if kind == 'settle':
        return None
    raise ValueError(kind)


def wait_settled(daemons, quiet=1.6, limit=25.0):
    """Until every daemon shows no transient state and the same table for `quiet` seconds (or `limit`)."""
    deadline = time.monotonic() + limit
    last = [None] * len(daemons)
    since = [time.monotonic()] * len(daemons)
    while time.monotonic() < deadline:
        done = True
        for i, d in enumerate(daemons):
            try:
                table = [(x['name'], x['statename'], x['pid']) for x in d.infos()]
            except (OSError, xmlrpc.client.Error):
                table = None
            if table != last[i]:
                last[i], since[i] = table, time.monotonic()
            if table is None or any(s in TRANSIENT for _, s, _ in table) or time.monotonic() - since[i] < quiet:
                done = False
        if done:
            return True
        time.sleep(0.15)
    return False


def child_logs(daemon):
    norm = normaliser(daemon)
    out = {}
    logs = os.path.join(daemon.dir, 'logs')
    names = sorted(os.path.relpath(os.path.join(top, n), logs) for top, _, files in os.walk(logs) for n in files)
    for name in names:
        with open(os.path.join(logs, name), 'rb') as f:
            out[norm(re.sub(r'---scen[0-9]*-[a-z0-9_]+\.log', '---scen-X.log', name))] = \
                norm(f.read().decode('utf-8', 'replace'))
    return out


def compare(label, a, b, report):
    if a != b:
        report.append(f'  {label}:\n    supervisord: {a!r}\n    drover:      {b!r}')


def compare_lines(label, a, b, report):
    if a == b:
        return
    if sorted(a) == sorted(b):
        report.append(f'  {label}: same lines, other order (timing?)\n    supervisord: {a!r}\n    drover:      {b!r}')
        return
    only_a = [x for x in a if x not in b]
    only_b = [x for x in b if x not in a]
    report.append(f'  {label}:\n    only supervisord: {only_a!r}\n    only drover:      {only_b!r}'
                  f'\n    supervisord: {a!r}\n    drover:      {b!r}')


def run_scenario(sc, args, index):
    base = os.path.join(args.dir, sc.name)
    shutil.rmtree(base, ignore_errors=True)
    port = args.port + 2 * (index % 40)
    sup = Daemon('supervisord', [SUPERVISORD], os.path.join(base, 'supervisord'), port)
    drv = Daemon('drover', [args.drover], os.path.join(base, 'drover'), port + 1)
    daemons = [sup, drv]
    report = []
    memos = [{}, {}]
    try:
        for d in daemons:
            d.env = sc.env
            d.write_conf(sc.conf, files=sc.files)
        errors = []
        threads = [threading.Thread(target=_catch, args=(d.start, errors)) for d in daemons]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            report.append(f'  start: {errors}')
            return report
        t0 = time.monotonic()
        wait_settled(daemons)
        step_check(sc, 'start', None, daemons, report, args)
        for n, step in enumerate(sc.steps, 1):
            results = [None, None]

            def go(i):
                results[i] = run_step(daemons[i], step, memos[i])
            threads = [threading.Thread(target=lambda i=i: _catch(lambda: go(i), results, i)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            label = f'step {n} {describe(step)}'
            if args.verbose:
                print(f'    {time.monotonic() - t0:.1f} s', flush=True)
            compare(label + ' result', results[0], results[1], report)
            if args.verbose:
                print(f'    {label}: {results[0]!r}' + ('' if results[0] == results[1] else f' / {results[1]!r}'))
            if step['settle']:
                if not wait_settled(daemons):
                    report.append(f'  {label}: not settled')
                step_check(sc, label, step, daemons, report, args)
        for d in daemons:
            d.stop()
        compare_lines('shutdown log', *[[normaliser(d)(x) for x in d.new_log_lines()] for d in daemons], report)
        compare('child logs at end', child_logs(sup), child_logs(drv), report)
    finally:
        for d in daemons:
            d.stop()
        if not args.keep and not report:
            shutil.rmtree(base, ignore_errors=True)
    return report


def _catch(fn, sink, index=None):
    try:
        fn()
    except Exception as e:  # a side's failure is a result to compare
        if index is None:
            sink.append(repr(e))
        else:
            sink[index] = {'error': repr(e)}


def step_check(sc, label, step, daemons, report, args):
    infos = []
    for d in daemons:
        norm = normaliser(d)
        infos.append(sorted((norm_info(i, norm) for i in d.infos()), key=lambda i: (i['group'], i['name'])))
    for a, b in zip(*infos):
        compare(f'{label} info {a["group"]}:{a["name"]}', a, b, report)
    if len(infos[0]) != len(infos[1]):
        compare(f'{label} processes', [i['name'] for i in infos[0]], [i['name'] for i in infos[1]], report)
    lines = [[normaliser(d)(x) for x in d.new_log_lines()] for d in daemons]
    if args.verbose:
        print(f'    {label} log: {lines[0]!r}')
    compare_lines(f'{label} main log', lines[0], lines[1], report)


def describe(step):
    kind = step['do']
    if kind == 'ctl':
        return 'supervisorctl ' + ' '.join(step['args'])
    if kind == 'rpc':
        return f'{step["method"]}{tuple(step["args"])!r}'
    if kind == 'kill':
        return f'kill -{step["sig"]} {"-" if step["group"] else ""}{step["name"]}'
    if kind == 'sleep':
        return f'sleep {step["seconds"]}'
    if kind == 'pgroup':
        return f'processes in {step["name"]}\'s group'
    if kind == 'dsig':
        return f'kill -{step["sig"]} daemon'
    return kind


# ---------------------------------------------------------------------------------------------------- scenarios

def hand_written():
    s = []

    def add(name, conf, steps, doc='', **kw):
        s.append(Scenario(name, conf, steps, doc, **kw))

    add('basic_ctl', program('a', SLEEP, startsecs=1) + program('b', SLEEP, startsecs=0, autostart='false'),
        [ctl('status'), ctl('stop', 'a'), ctl('stop', 'a'), ctl('start', 'a', 'b'), ctl('start', 'b'),
         ctl('restart', 'all'), ctl('stop', 'all'), ctl('status'), ctl('start', 'nope'), ctl('stop', 'nope:*'),
         ctl('status', 'nope'), ctl('start', 'all')])
    add('groups', program('x', SLEEP, startsecs=0) + program('y', SLEEP, startsecs=0, priority=5)
        + program('z', exiting(3), startsecs=0, autorestart='false') + group('g', ['x', 'y', 'z']),
        [ctl('status'), ctl('stop', 'g:*'), ctl('start', 'g:*'), ctl('restart', 'g:'), ctl('stop', 'g:x'),
         ctl('signal', 'HUP', 'g:*'), ctl('signal', 'USR1', 'all'), ctl('start', 'g:nope'), ctl('stop', 'x'),
         rpc('supervisor.stopProcessGroup', 'g'), rpc('supervisor.startProcessGroup', 'g', False),
         rpc('supervisor.stopProcess', 'g:y'), rpc('supervisor.startProcess', 'g:y', False)])
    add('numprocs', program('w', SLEEP, numprocs=3, process_name='%(program_name)s_%(process_num)02d',
                            startsecs=0, numprocs_start=2),
        [ctl('status'), ctl('stop', 'w:w_03'), ctl('stop', 'w:*'), ctl('start', 'w:w_02', 'w:w_04'),
         ctl('restart', 'w:'), rpc('supervisor.getProcessInfo', 'w:w_02'), rpc('supervisor.getProcessInfo', 'w_02'),
         rpc('supervisor.getProcessInfo', 'w'), rpc('supervisor.stopProcess', 'w:')])
    add('exit_codes', program('e0', exiting(0, 0.3), startsecs=0, autorestart='unexpected', exitcodes='0')
        + program('e2', exiting(2, 1.5), startsecs=1, autorestart='unexpected', exitcodes='0,2')
        + program('e3', exiting(3, 1.5), startsecs=1, autorestart='false', exitcodes='0,2')
        + program('e4', exiting(4, 0.3), startsecs=1, autorestart='unexpected', startretries=1),
        [pause(3), ctl('status'), ctl('stop', 'e4'), ctl('status')])
    add('startsecs_retries', program('r0', exiting(1), startsecs=1, startretries=0)
        + program('r2', exiting(1), startsecs=1, startretries=2)
        + program('r3', exiting(1, 0.5), startsecs=2, startretries=3, autostart='false'),
        [settle(), ctl('status'), ctl('start', 'r3'), ctl('status'), ctl('start', 'r0'), ctl('stop', 'r0')])
    add('stop_starting', program('slow', SLEEP, startsecs=3, autostart='false')
        + program('bo', exiting(1, 0.2), startsecs=2, startretries=3, autostart='false'),
        [rpc('supervisor.startProcess', 'slow', False, settle=False), pause(0.5), ctl('stop', 'slow'),
         rpc('supervisor.startProcess', 'bo', False, settle=False), pause(1.5), ctl('stop', 'bo'),
         rpc('supervisor.startProcess', 'slow', False, settle=False), pause(0.3),
         rpc('supervisor.startProcess', 'slow', False, settle=False),
         rpc('supervisor.stopProcess', 'slow'), ctl('status')])
    add('start_wait_fails', program('ff', exiting(1, 0.3), startsecs=2, startretries=1, autostart='false')
        + program('sp', '/nonexistent/cmd', autostart='false')
        + program('stopped_while_waiting', SLEEP, startsecs=3, autostart='false'),
        [ctl('start', 'ff'), ctl('status'), ctl('start', 'sp'), rpc('supervisor.startProcess', 'sp'),
         ctl('status')])
    add('outside_kill', program('k', SLEEP, startsecs=0) + program('kt', SLEEP, startsecs=0, autorestart='false')
        + program('ku', SLEEP, startsecs=0, autorestart='unexpected', exitcodes='0'),
        [kill('k', 'SIGKILL'), kill('kt', 'SIGTERM'), kill('ku', 'SIGKILL'), ctl('status'), ctl('start', 'kt')])
    add('stopwait_escalation', program('trap', TRAP_TERM, startsecs=0, stopwaitsecs=2),
        [ctl('stop', 'trap'), ctl('start', 'trap'), rpc('supervisor.stopProcess', 'trap', False, settle=False),
         pause(0.5), rpc('supervisor.getProcessInfo', 'trap', settle=False), settle()])
    add('process_groups', program('nogroup', GRANDKIDS, startsecs=0)
        + program('asgroup', GRANDKIDS, startsecs=0, stopasgroup='true')
        + program('killgroup', DEAF_KIDS, startsecs=0, stopwaitsecs=1, killasgroup='true')
        + program('killone', DEAF_KIDS, startsecs=0, stopwaitsecs=1),
        [alive_in_group('nogroup'), alive_in_group('asgroup'), alive_in_group('killgroup'),
         alive_in_group('killone'),
         ctl('stop', 'nogroup'), alive_in_group('nogroup'), ctl('stop', 'asgroup'), alive_in_group('asgroup'),
         ctl('stop', 'killgroup'), alive_in_group('killgroup'), ctl('stop', 'killone'), alive_in_group('killone'),
         ctl('start', 'all'), rpc('supervisor.getProcessInfo', 'killone')])
    add('signals', program('s', TRAP_TERM, startsecs=0) + program('t', SLEEP, startsecs=0, autostart='false'),
        [ctl('signal', 'TERM', 's'), ctl('signal', 'BOGUS', 's'), ctl('signal', '9', 't'),
         rpc('supervisor.signalProcess', 's', 'USR1'), rpc('supervisor.signalProcess', 't', 'USR1'),
         rpc('supervisor.signalProcess', 's', 'NOPE'), rpc('supervisor.signalProcess', 's', 99),
         ctl('signal', 'KILL', 's'), ctl('status')])
    conf1 = program('keep', SLEEP, startsecs=0) + program('change', SLEEP, startsecs=0) \
        + program('gone', SLEEP, startsecs=0)
    conf2 = program('keep', SLEEP, startsecs=0) + program('change', SLEEP, startsecs=0, startretries=5) \
        + program('new', SLEEP, startsecs=0) + program('newoff', SLEEP, autostart='false')
    add('reread_update', conf1,
        [edit(conf2), ctl('reread'), rpc('supervisor.reloadConfig'), ctl('update'), ctl('status'),
         ctl('reread'), edit(conf1), ctl('remove', 'new'), ctl('stop', 'new'), ctl('remove', 'new'),
         ctl('add', 'gone'), ctl('add', 'gone'), ctl('reread'), rpc('supervisor.addProcessGroup', 'nope'),
         rpc('supervisor.removeProcessGroup', 'change'), ctl('update', 'change'), ctl('update'), ctl('status')])
    conf3 = program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0) + group('g', ['a'])
    conf4 = program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0) + group('g', ['a', 'b'])
    add('update_groups', conf3,
        [edit(conf4), ctl('reread'), ctl('update'), ctl('status'), edit(conf3), ctl('update', 'g'),
         ctl('status'), ctl('update', 'all'), ctl('avail')])
    add('stdin_and_logs', program('cat', 'cat', startsecs=0)
        + program('echo', "sh -c \"i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); done; sleep 1000\"",
                   startsecs=0, stderr_logfile='NONE', stdout_logfile='%(here)s/logs/echo.out'),
        [rpc('supervisor.sendProcessStdin', 'cat', 'hello\n'), pause(0.3),
         rpc('supervisor.readProcessStdoutLog', 'cat', 0, 0), rpc('supervisor.readProcessStdoutLog', 'cat', 2, 3),
         rpc('supervisor.readProcessStdoutLog', 'cat', -3, 0), rpc('supervisor.readProcessStdoutLog', 'cat', -3, 2),
         rpc('supervisor.readProcessStdoutLog', 'cat', 100, 5),
         rpc('supervisor.readProcessStderrLog', 'echo', 0, 10),
         rpc('supervisor.tailProcessStdoutLog', 'echo', 0, 20),
         rpc('supervisor.tailProcessStdoutLog', 'echo', 10000, 20),
         rpc('supervisor.tailProcessStdoutLog', 'echo', 5, 0),
         rpc('supervisor.tailProcessStderrLog', 'cat', 0, 20),
         ctl('tail', 'echo'), ctl('tail', '-20', 'echo'), ctl('tail', 'echo', 'stderr'), ctl('tail', 'nope'),
         rpc('supervisor.clearProcessLogs', 'echo'), rpc('supervisor.readProcessStdoutLog', 'echo', 0, 0),
         ctl('clear', 'cat'), ctl('clear', 'all'), ctl('stop', 'cat'),
         rpc('supervisor.sendProcessStdin', 'cat', 'x'), rpc('supervisor.sendProcessStdin', 'nope', 'x'),
         rpc('supervisor.sendProcessStdin', 'echo', ''),
         rpc('supervisor.readLog', 0, 0, settle=False), rpc('supervisor.clearLog')])
    add('backoff_stop', program('b', exiting(1, 0.1), startsecs=1, startretries=3),
        [pause(2.5), rpc('supervisor.getProcessInfo', 'b', settle=False), ctl('stop', 'b'),
         ctl('start', 'b'), ctl('status')])
    # restarts three times, then stays up (a loop that never ends would never settle)
    add('autorestart_loop', program('loop', 'sh -c "echo tick >> %(here)s/count; '
                                    '[ $(wc -l < %(here)s/count) -gt 3 ] && exec sleep 1000; sleep 1.2"',
                                    startsecs=1, autorestart='true', stdout_logfile='%(here)s/logs/loop.out'),
        [ctl('stop', 'loop'), ctl('status'), ctl('start', 'loop')])
    add('backoff_ops', program('b', exiting(1, 0.2), startsecs=1, startretries=3),
        [pause(1), rpc('supervisor.getProcessInfo', 'b', settle=False),
         rpc('supervisor.signalProcess', 'b', 'HUP', settle=False),
         rpc('supervisor.startProcess', 'b', False, settle=False), ctl('signal', 'HUP', 'b', settle=False),
         ctl('start', 'b', settle=False), ctl('restart', 'b', settle=False), ctl('status'),
         rpc('supervisor.signalProcess', 'b', 'HUP'), ctl('stop', 'b'), ctl('signal', 'HUP', 'b')])
    add('faults', program('a', SLEEP, startsecs=0),
        [rpc('supervisor.startProcess', 'a'), rpc('supervisor.stopProcess', 'nope'),
         rpc('supervisor.stopProcess', 'a'), rpc('supervisor.stopProcess', 'a'),
         rpc('supervisor.startProcessGroup', 'nope'), rpc('supervisor.getProcessInfo', 'a:b'),
         rpc('supervisor.getProcessInfo', 'nope:a'), rpc('supervisor.readProcessStdoutLog', 'a', -1, 5),
         rpc('supervisor.readProcessStdoutLog', 'a', 0, -1), rpc('supervisor.tailProcessStdoutLog', 'a', -1, 5),
         rpc('supervisor.signalProcessGroup', 'a', 'HUP'), rpc('supervisor.signalAllProcesses', 'HUP'),
         rpc('supervisor.startAllProcesses'), rpc('supervisor.stopAllProcesses'),
         rpc('supervisor.stopAllProcesses'), rpc('supervisor.startProcess', 'a:', False),
         rpc('supervisor.clearProcessLogs', 'nope'), rpc('supervisor.clearAllProcessLogs')])
    add('start_stopping', program('t', TRAP_TERM, startsecs=0, stopwaitsecs=3),
        [rpc('supervisor.stopProcess', 't', False, settle=False), ctl('start', 't', settle=False),
         rpc('supervisor.startProcess', 't', False, settle=False), ctl('stop', 't', settle=False),
         rpc('supervisor.signalProcess', 't', 'USR1', settle=False), ctl('status', settle=False), settle(),
         ctl('start', 't')])
    add('spawn_errors', program('nofile', '/nonexistent/cmd', startretries=1)
        + program('noexec', '/etc/passwd', startretries=0)
        + program('nodir', SLEEP, directory='/nonexistent', startretries=1, startsecs=1)
        + program('ok', SLEEP, startsecs=0),
        [ctl('status'), ctl('start', 'all'), ctl('start', 'nodir'), rpc('supervisor.startProcess', 'nodir', False),
         rpc('supervisor.startProcess', 'noexec'), rpc('supervisor.startProcessGroup', 'nofile'),
         ctl('restart', 'all'), ctl('stop', 'all'), ctl('status')])
    add('ctl_misc', program('a', SLEEP, startsecs=0) + program('b', SLEEP, autostart='false')
        + program('c', SLEEP, startsecs=0, numprocs=2, process_name='c%(process_num)d'),
        [ctl('pid'), ctl('pid', 'a'), ctl('pid', 'b'), ctl('pid', 'nope'), ctl('pid', 'all'), ctl('avail'),
         ctl('status', 'a', 'b', 'nope'), ctl('status', 'c:*'), ctl('status', 'c:'), ctl('start', 'c'),
         ctl('stop', 'c:c0', 'a'), ctl('restart', 'c:*', 'nope'), ctl('clear', 'nope'), ctl('signal', 'HUP'),
         ctl('signal', 'HUP', 'b'), ctl('signal', 'USR1', 'c:*'), ctl('maintail', '-200'), ctl('version')])
    # ---- configuration changes while running (the reload pass)
    np_opts = dict(process_name='%(program_name)s_%(process_num)d', startsecs=0)
    before = (program('cmd', SLEEP, startsecs=0) + program('env', SLEEP, startsecs=0, environment='A="1"')
              + program('auto', SLEEP, startsecs=0) + program('prio', SLEEP, startsecs=0, priority=10)
              + program('np3', SLEEP, numprocs=3, **np_opts) + program('np2', SLEEP, numprocs=2, **np_opts)
              + program('pn', SLEEP, startsecs=0) + program('keep', SLEEP, startsecs=0)
              + program('off', SLEEP, startsecs=0, autostart='false'))
    after = (program('cmd', 'sleep 999', startsecs=0) + program('env', SLEEP, startsecs=0, environment='A="2"')
             + program('auto', SLEEP, startsecs=0, autostart='false') + program('prio', SLEEP, startsecs=0, priority=5)
             + program('np3', SLEEP, numprocs=2, **np_opts) + program('np2', SLEEP, numprocs=4, **np_opts)
             + program('pn', SLEEP, startsecs=0, process_name='pn_x') + program('keep', SLEEP, startsecs=0)
             + program('off', SLEEP, startsecs=0, autostart='false', priority=7))
    add('update_changes', before,
        [pids(), edit(after), ctl('reread'), ctl('avail'), rpc('supervisor.reloadConfig'), ctl('update'), pids(),
         ctl('status'), ctl('update'), ctl('reread'), pids()])
    add('update_one_group', before,
        [pids(), edit(after), ctl('update', 'cmd', 'np3'), pids(), ctl('update', 'nope'), ctl('update', 'all'),
         pids(), ctl('status')])
    g1 = (program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0) + program('c', SLEEP, startsecs=0)
          + program('x', SLEEP, startsecs=0) + group('g', ['a', 'b'], priority=100) + group('h', ['c']))
    g2 = (program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0) + program('c', SLEEP, startsecs=0)
          + program('x', SLEEP, startsecs=0) + program('y', SLEEP, startsecs=0)
          + group('g', ['a'], priority=100) + group('h', ['c'], priority=50) + group('x', ['x', 'y']))
    g3 = (program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0) + program('c', SLEEP, startsecs=0)
          + program('x', SLEEP, startsecs=0) + group('g', ['a', 'b', 'c'], priority=100))
    add('update_group_moves', g1,
        [pids(), edit(g2), ctl('reread'), rpc('supervisor.reloadConfig'), ctl('avail'), ctl('update'), pids(),
         ctl('status'), edit(g3), ctl('reread'), ctl('update'), pids(), ctl('status'), ctl('avail')])
    lst = "python3 -c \"import sys\nwhile 1:\n  sys.stdout.write('READY\\n'); sys.stdout.flush(); l=sys.stdin.readline(); sys.stdin.read(int(l.split('len:')[1])); sys.stdout.write('RESULT 2\\nOK')\""
    listener = ('[eventlistener:ev]\ncommand=%(here)s/listener.sh\nevents=PROCESS_STATE\nnumprocs=2\n'
                'process_name=%(program_name)s_%(process_num)d\nstdout_logfile=NONE\nstderr_logfile=NONE\n')
    fcgi = ('[fcgi-program:fc]\ncommand=' + SLEEP + '\nsocket=tcp://127.0.0.1:$FPORT\nstartsecs=0\n'
            'stdout_logfile=NONE\nstderr_logfile=NONE\n')
    lfile = {'listener.sh': '#!/bin/sh\nexec python3 -u -c "\nimport sys\nwhile 1:\n  sys.stdout.write(\'READY\\\\n\'); sys.stdout.flush()\n  l = sys.stdin.readline()\n  sys.stdin.read(int(l.split(\'len:\')[1]))\n  sys.stdout.write(\'RESULT 2\\\\nOK\'); sys.stdout.flush()\n"\n'}
    base = program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0)
    add('remove_running', base + listener,
        [ctl('remove', 'a'), rpc('supervisor.removeProcessGroup', 'a'), edit(program('b', SLEEP, startsecs=0)),
         ctl('reread'), ctl('remove', 'a'), ctl('remove', 'ev'), ctl('avail'), ctl('update'), ctl('status'),
         rpc('supervisor.addProcessGroup', 'a'), edit(base + listener), ctl('reread'),
         rpc('supervisor.addProcessGroup', 'ev'), rpc('supervisor.addProcessGroup', 'ev'), ctl('add', 'a', 'nope'),
         ctl('status'), ctl('stop', 'ev:*'), rpc('supervisor.removeProcessGroup', 'ev'), ctl('avail')],
        files=lfile)
    add('fcgi_add_remove', base,
        [edit(base + fcgi), ctl('reread'), ctl('update'), ctl('status'), ctl('remove', 'fc'),
         edit(base), ctl('update'), ctl('status'), edit(base + fcgi), ctl('add', 'fc'),
         ctl('stop', 'fc:*'), ctl('remove', 'fc')])
    add('reread_broken', base,
        [edit(base + '[program:bad]\ncommand=\n'), ctl('reread'), rpc('supervisor.reloadConfig'), ctl('update'),
         ctl('avail'), edit(base + '[program:bad]\ncommand=x\nautorestart=sometimes\n'), ctl('reread'),
         edit(base + '[program:q]\ncommand=%(ENV_NOPE_XYZ)s\n'), ctl('reread'),
         edit(base + '[include]\nfiles=nothere/*.ini\n'), ctl('reread'), edit(base + '[program:a\n'),
         ctl('reread'), edit(base), ctl('reread'), ctl('status')])
    inc = base + '[include]\nfiles=conf.d/*.ini\n'
    add('include_glob', inc,
        [edit(inc, files={'conf.d/c.ini': program('c', SLEEP, startsecs=0)}), ctl('reread'), ctl('update'),
         edit(inc, files={'conf.d/d.ini': program('d', SLEEP, startsecs=0), 'conf.d/c.ini': None}),
         ctl('reread'), ctl('avail'), ctl('update'), ctl('status')],
        files={'conf.d/x.txt': 'not included\n'})
    envp = program('e', 'sleep %(ENV_SCEN_X)s', startsecs=0)
    add('env_expansion', envp,
        [edit(envp + '[supervisord]\nenvironment=SCEN_X="2000"\n'), ctl('reread'), ctl('update'),
         ctl('status'), rpc('supervisor.getAllConfigInfo')],
        env={'SCEN_X': '1000'})
    quiet = HEADER.replace('identifier=scen\n', 'identifier=scen\nloglevel=warn\n')
    chatty = HEADER.replace('identifier=scen\n', 'identifier=scen\nloglevel=debug\n')
    moved = HEADER.replace('logfile=%(here)s/main.log', 'logfile=%(here)s/main2.log')
    two = program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0, autostart='false')
    add('hup_daemon_settings', two,
        [pids(), edit(two, header=quiet), daemon_signal('SIGHUP'), pids(), ctl('start', 'b'), ctl('stop', 'a'),
         edit(two + program('c', SLEEP, startsecs=0), header=chatty), daemon_signal('SIGHUP'), ctl('status'),
         ctl('stop', 'c'), daemon_signal('SIGUSR2'), edit(two, header=HEADER), daemon_signal('SIGHUP'),
         edit(two, header=moved), daemon_signal('SIGHUP'), ctl('status'), ctl('maintail', '-200'), ctl('avail')])
    creds = HEADER.replace('port=127.0.0.1:{port}\n', 'port=127.0.0.1:{port}\nusername=u\npassword=p\n', 1) \
        .replace('serverurl=http://127.0.0.1:{port}\n', 'serverurl=http://127.0.0.1:{port}\nusername=u\npassword=p\n')
    add('hup_credentials', two,
        [edit(two, header=creds), ctl('status'), daemon_signal('SIGHUP', auth=('u', 'p')), ctl('status'),
         ctl('-u', 'u', '-p', 'wrong', 'status'), ctl('reread'), rpc('supervisor.getState'),
         edit(two, header=HEADER), ctl('reload'), ctl('status')])
    trans = (program('slow', SLEEP, startsecs=5) + program('bo', exiting(1, 0.2), startsecs=2, startretries=5)
             + program('ok', SLEEP, startsecs=0))
    add('reload_transient', trans,
        [ctl('reload', settle=False), pause(0.5), settle(), pids(),
         ctl('restart', 'slow', 'bo', settle=False), pause(1.0), daemon_signal('SIGHUP'), pids(), ctl('status'),
         ctl('start', 'bo', settle=False), pause(0.8), ctl('reload'), ctl('status')])
    m1 = (program('a', SLEEP, startsecs=0) + program('b', SLEEP, startsecs=0, autostart='false')
          + program('z', SLEEP, startsecs=0, priority=1) + program('m', SLEEP, startsecs=0, numprocs=2,
                                                                    process_name='m%(process_num)d'))
    m2 = (program('b', SLEEP, startsecs=0, autostart='false') + program('n', SLEEP, autostart='false')
          + program('z', SLEEP, startsecs=0, priority=1, startretries=9) + program('c', SLEEP, startsecs=0)
          + program('m', SLEEP, startsecs=0, numprocs=2, process_name='m%(process_num)d'))
    add('ctl_update_answers', m1,
        [ctl('avail'), edit(m2), ctl('avail'), ctl('add', 'a'), ctl('add', 'nope'), ctl('add', 'c', 'c', 'n'),
         ctl('remove', 'nope'), ctl('remove', 'm'), ctl('update', 'nope', 'z'), ctl('update', 'a'), ctl('avail'),
         rpc('supervisor.addProcessGroup', 'c'), rpc('supervisor.removeProcessGroup', 'nope'),
         rpc('supervisor.removeProcessGroup', 'n'), rpc('supervisor.reloadConfig'), ctl('update'), ctl('update'),
         ctl('status'), ctl('avail'), ctl('reload'), ctl('avail'), ctl('status')])
    ev = ('[eventlistener:ev]\ncommand=%(here)s/listener.sh\nevents={events}\nstdout_logfile=NONE\n'
          'stderr_logfile=NONE\n')
    lfile2 = {'listener.sh': '#!/bin/sh\nexec python3 -u -c "\nimport sys\nwhile 1:\n  sys.stdout.write(\'READY\\\\n\'); sys.stdout.flush()\n  l = sys.stdin.readline()\n  sys.stdin.read(int(l.split(\'len:\')[1]))\n  sys.stdout.write(\'RESULT 2\\\\nOK\'); sys.stdout.flush()\n"\n'}
    s1 = (program('stopped', SLEEP, startsecs=0) + program('same', SLEEP, startsecs=0)
          + program('bo', exiting(1, 0.2), startsecs=2, startretries=4) + program('st', SLEEP, startsecs=4)
          + ev.format(events='PROCESS_STATE'))
    s2 = (program('stopped', SLEEP, startsecs=0, startretries=7) + program('same', SLEEP, startsecs=0)
          + program('bo', exiting(1, 0.2), startsecs=2, startretries=5) + program('st', SLEEP, startsecs=3)
          + ev.format(events='TICK_60'))
    head2 = HEADER.replace('identifier=scen\n', 'identifier=scen\nloglevel=info\nminfds=1000\n')
    add('update_states', s1,
        [ctl('stop', 'stopped', 'same'), pids(), edit(s2), ctl('reread'), ctl('start', 'bo', 'st', settle=False),
         pause(0.5), ctl('update', settle=False), pause(0.2), rpc('supervisor.getAllProcessInfo', settle=False),
         settle(), pids(), ctl('status'), edit(s2, header=head2), ctl('reread'), ctl('update'),
         rpc('supervisor.addProcessGroup', 'same'), ctl('status')],
        files=lfile2)
    add('hup_broken_file', two,
        [edit(two + '[program:bad]\ncommand=sleep 1\nautorestart=sometimes\n'), ctl('reread'),
         daemon_signal('SIGHUP', settle=False)])
    inc2 = base + '[include]\nfiles=conf.d/*.ini\n'
    add('reread_broken_more', base,
        [edit(base + group('g', ['nope'])), ctl('reread'), edit(base + group('g', ['a']) + group('h', ['a'])),
         ctl('reread'), ctl('update'), edit(inc2, files={'conf.d/x.ini': '[program:x]\ncommand=sleep 1\nnumprocs=2\n'}),
         ctl('reread'), edit(inc2, files={'conf.d/x.ini': 'garbage\n'}), ctl('reread'),
         edit(base + '[program:c]\ncommand=sleep 1\npriority=x\n'), rpc('supervisor.reloadConfig'),
         edit(base + '[eventlistener:e]\ncommand=sleep 1\n'), ctl('reread'),
         edit(base + '[fcgi-program:f]\ncommand=sleep 1\n'), ctl('reread'),
         edit(base + '[program:a]\ncommand=sleep 2\n'), ctl('reread'), ctl('status')])
    e1 = HEADER.replace('identifier=scen\n', 'identifier=scen\nenvironment=V="one"\n')
    e2 = HEADER.replace('identifier=scen\n', 'identifier=scen\nenvironment=V="two"\n')
    echo = 'sh -c "echo V=$V W=$W; exec sleep 1000"'
    add('update_daemon_environment', program('p', echo, startsecs=0) + program('q', echo, startsecs=0),
        [edit(program('p', echo, startsecs=0) + program('q', echo, startsecs=0), header=e1),
         daemon_signal('SIGHUP'), edit(program('p', echo, startsecs=0, environment='W="w"') + program('q', echo, startsecs=0), header=e2),
         ctl('reread'), ctl('update'), ctl('restart', 'q'), daemon_signal('SIGHUP'), ctl('status')])
    idh = HEADER.replace('identifier=scen\n', 'identifier=scen2\n').replace('childlogdir=%(here)s/logs',
                                                                          'childlogdir=%(here)s/logs/more')
    autop = program('a', SLEEP, startsecs=0) + program('n', SLEEP, startsecs=0, stdout_logfile='AUTO',
                                                         stderr_logfile='AUTO')
    add('reread_daemon_options', program('a', SLEEP, startsecs=0),
        [rpc('supervisor.getIdentification'), edit(autop, header=idh,
                                                      files={'logs/more/keep': ''}),
         ctl('reread'), rpc('supervisor.getIdentification'), ctl('update'), rpc('supervisor.getProcessInfo', 'n'),
         rpc('supervisor.getAPIVersion'), ctl('pid')])
    # [supervisord] settings a reread changes at once (options.process_config sets them): identifier (events'
    # server:, getIdentification), strip_ansi (read per write), logfile (readLog/clearLog/maintail read it)
    ansi = {'ansi.sh': '#!/bin/sh\ntrap \'printf "\\033[31mred\\033[0m\\n"\' USR1\necho ready\n'
                       'while :; do sleep 0.1; done\n'}
    strip = HEADER.replace('identifier=scen\n', 'identifier=scen3\nstrip_ansi=true\n')
    moved2 = strip.replace('logfile=%(here)s/main.log', 'logfile=%(here)s/main2.log')
    aprog = program('ansi', '%(here)s/ansi.sh', startsecs=0)
    evl = ('[eventlistener:ev]\ncommand=%(here)s/ev.sh\nevents=PROCESS_STATE\nstdout_logfile=NONE\n'
           'stderr_logfile=%(here)s/logs/ev.err\n')
    evsh = {'ev.sh': '#!/bin/sh\nexec python3 -u -c "\nimport sys\nwhile 1:\n  sys.stdout.write(\'READY\\\\n\');'
                     ' sys.stdout.flush()\n  l = sys.stdin.readline()\n  sys.stderr.write(l.split()[1] + \'\\\\n\');'
                     ' sys.stderr.flush()\n  sys.stdin.read(int(l.split(\'len:\')[1]))\n'
                     '  sys.stdout.write(\'RESULT 2\\\\nOK\'); sys.stdout.flush()\n"\n'}
    add('reread_daemon_runtime', aprog + evl,
        [ctl('signal', 'USR1', 'ansi'), pause(0.5), edit(aprog + evl, header=strip), ctl('reread'),
         rpc('supervisor.getIdentification'), ctl('signal', 'USR1', 'ansi'), pause(0.5), ctl('restart', 'ansi'),
         edit(aprog + evl, header=moved2), ctl('reread'), rpc('supervisor.readLog', 0, 0), ctl('maintail'),
         rpc('supervisor.clearLog'), edit(aprog + evl, header=moved2, files={'main2.log': 'elsewhere\n'}),
         rpc('supervisor.readLog', 0, 0), rpc('supervisor.clearLog'), rpc('supervisor.readLog', 0, 0),
         ctl('update'), ctl('status')],
        files={**ansi, **evsh})
    # ---- event listeners: PROCESS_LOG, PROCESS_COMMUNICATION (capture mode), a FAIL answer (rebuffered)
    recorder = ('#!/usr/bin/env python3\nimport re, sys\nfailed = set()\nwhile True:\n'
                '    sys.stdout.write("READY\\n"); sys.stdout.flush()\n'
                '    h = dict(x.split(":", 1) for x in sys.stdin.readline().split())\n'
                '    body = re.sub(r"pid:\\d+", "pid:N", sys.stdin.read(int(h["len"])))\n'
                '    res = "OK"\n'
                '    if h["eventname"].startswith("PROCESS_COMMUNICATION") and h["serial"] not in failed:\n'
                '        failed.add(h["serial"]); res = "FAIL"\n'
                '    sys.stderr.write("%s %s %s %s %r\\n" % (h["server"], h["pool"], h["eventname"], res, body))\n'
                '    sys.stderr.flush()\n'
                '    sys.stdout.write("RESULT %d\\n%s" % (len(res), res)); sys.stdout.flush()\n')
    talk = ('#!/bin/sh\necho out1\nsleep 0.3\necho err1 >&2\nsleep 0.3\n'
            'printf "<!--XSUPERVISOR:BEGIN-->comm 1<!--XSUPERVISOR:END-->\\n"\nsleep 0.3\necho out2\n'
            'exec sleep 1000\n')
    evrec = ('[eventlistener:rec]\ncommand=%(here)s/rec.py\nevents={events}\nstdout_logfile=NONE\n'
             'stderr_logfile=%(here)s/logs/rec.err\n')
    talker = program('talk', '%(here)s/talk.sh', startsecs=0, autostart='false', stdout_events_enabled='true',
                     stderr_events_enabled='true', stdout_capture_maxbytes='1MB')
    add('listener_log_events', talker + evrec.format(events='PROCESS_LOG,PROCESS_COMMUNICATION,PROCESS_GROUP'),
        [ctl('start', 'talk'), pause(1.5), rpc('supervisor.sendRemoteCommEvent', 'kind', 'data'), pause(0.5),
         rpc('supervisor.readProcessStdoutLog', 'talk', 0, 0), ctl('stop', 'talk'), ctl('status')],
        files={'rec.py': recorder, 'talk.sh': talk})
    lsn_py = ('#!/usr/bin/env python3\nimport sys\nwhile True:\n    sys.stdout.write("READY\\n"); sys.stdout.flush()\n'
              '    h = dict(x.split(":", 1) for x in sys.stdin.readline().split())\n'
              '    sys.stdin.read(int(h["len"]))\n    sys.stdout.write("{answer}"); sys.stdout.flush()\n')
    # a listener that always rejects loops forever in both daemons (and floods their logs): left out
    add('listener_protocol_errors',
        program('a', SLEEP, startsecs=0, autostart='false')
        + '[eventlistener:junk]\ncommand=%(here)s/junk.py\nevents=PROCESS_STATE_RUNNING\nstdout_logfile=NONE\n'
          'stderr_logfile=NONE\nautorestart=false\nstartsecs=0\n',
        [ctl('start', 'a'), pause(1.0), ctl('status'), rpc('supervisor.getProcessInfo', 'junk'),
         ctl('stop', 'a'), ctl('start', 'a'), ctl('stop', 'a')],
        files={'junk.py': lsn_py.format(answer='garbage\\n')})
    # ---- child logs: rotation with small maxbytes and backups, tail/read offsets across a rotation
    add('log_rotation', program('cat', 'cat', startsecs=0, stdout_logfile_maxbytes=60, stdout_logfile_backups=2)
        + program('cat0', 'cat', startsecs=0, stdout_logfile_maxbytes=40, stdout_logfile_backups=0),
        [rpc('supervisor.sendProcessStdin', 'cat', 'a' * 25 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat', 'b' * 25 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat', 'c' * 25 + '\n'), pause(0.3),
         rpc('supervisor.readProcessStdoutLog', 'cat', 0, 0), rpc('supervisor.tailProcessStdoutLog', 'cat', 0, 10),
         rpc('supervisor.tailProcessStdoutLog', 'cat', 5, 100), rpc('supervisor.readProcessStdoutLog', 'cat', -5, 0),
         rpc('supervisor.sendProcessStdin', 'cat', 'd' * 70 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat', 'e' * 10 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat', 'f' * 70 + '\n'), pause(0.3),
         rpc('supervisor.readProcessStdoutLog', 'cat', 0, 0), rpc('supervisor.readProcessStdoutLog', 'cat', 100, 10),
         ctl('tail', 'cat'), ctl('tail', '-5', 'cat'),
         rpc('supervisor.sendProcessStdin', 'cat0', 'x' * 30 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat0', 'y' * 30 + '\n'), pause(0.3),
         rpc('supervisor.readProcessStdoutLog', 'cat0', 0, 0), ctl('clear', 'cat'),
         rpc('supervisor.readProcessStdoutLog', 'cat', 0, 0), ctl('signal', 'USR2', 'cat')])
    add('stdin_edges', program('cat', 'cat', startsecs=0) + program('head', 'head -n 1', startsecs=0,
                                                                    autorestart='false'),
        [rpc('supervisor.sendProcessStdin', 'cat', 'h\u00e9llo w\u00f6rld\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'cat', 'x' * 5000 + '\n'), pause(0.3),
         rpc('supervisor.sendProcessStdin', 'head', 'one\n'), pause(0.5), ctl('status'),
         rpc('supervisor.sendProcessStdin', 'head', 'two\n'), rpc('supervisor.sendProcessStdin', 'cat', 5),
         rpc('supervisor.sendProcessStdin', 'g:cat', 'x'), rpc('supervisor.tailProcessStdoutLog', 'cat', 0, 12)])
    # ---- odd names, signals of groups and all
    odd = (program('a-b', TRAP_TERM, startsecs=0) + program('c.d', SLEEP, startsecs=0)
           + program('e_f', SLEEP, startsecs=0, autostart='false') + program('n', SLEEP, startsecs=0, numprocs=2,
                                                                          process_name='n-%(process_num)d')
           + group('g-1', ['a-b', 'c.d']))
    add('signal_odd_names', odd,
        [ctl('status'), ctl('signal', 'HUP', 'g-1:*'), ctl('signal', 'hup', 'g-1:a-b'), ctl('signal', 'SIGUSR1', 'all'),
         ctl('signal', '1', 'n:*'), rpc('supervisor.signalProcessGroup', 'g-1', 'USR2'),
         rpc('supervisor.signalProcessGroup', 'n', 10), rpc('supervisor.signalAllProcesses', 'SIGHUP'),
         rpc('supervisor.signalProcess', 'g-1:c.d', 'sigusr1'), rpc('supervisor.signalProcess', 'n:n-0', 'ZERO'),
         ctl('signal', 'TERM', 'g-1:a-b'), ctl('stop', 'g-1:'), ctl('signal', 'HUP', 'g-1:*'), ctl('status'),
         ctl('start', 'n:n-1', 'g-1:*', 'e_f')])
    # ---- exit codes and autorestart edges
    add('exit_edges', program('sigexp', SLEEP, startsecs=0, autorestart='unexpected', exitcodes='0')
        + program('killed0', SLEEP, startsecs=0, autorestart='unexpected', exitcodes='0,1')
        + program('short', exiting(0, 0.5), startsecs=2, startretries=0)
        + program('short1', exiting(3, 0.5), startsecs=2, startretries=1)
        + program('neg', exiting(255, 0.2), startsecs=0, autorestart='false', exitcodes='255')
        + program('once', exiting(0, 1.5), startsecs=1, autorestart='false', exitcodes='1'),
        [pause(5), ctl('status'), kill('sigexp', 'SIGTERM'), kill('killed0', 'SIGKILL'), ctl('status'),
         ctl('start', 'once'), ctl('start', 'short'), ctl('status')])
    # ---- numprocs with a formatted process_num in names, logs and environment
    add('numprocs_format', program('w', 'sh -c "echo n=$N; exec sleep 1000"', numprocs=3, numprocs_start=8,
                                   process_name='%(program_name)s_%(process_num)02d', startsecs=0,
                                   environment='N="%(process_num)03d"',
                                   stdout_logfile='%(here)s/logs/w-%(process_num)02d.out'),
        [ctl('status'), ctl('stop', 'w:w_09'), ctl('restart', 'w:*'), rpc('supervisor.getProcessInfo', 'w:w_10'),
         ctl('tail', 'w:w_08'), rpc('supervisor.getAllConfigInfo')])
    # ---- commands that cannot run
    add('bad_commands', program('dir', '/tmp', startretries=0) + program('rel', 'no_such_cmd_xyz --x',
                                                                       startretries=0)
        + program('noexec', '%(here)s/plain.txt', startretries=0)
        + program('emptydir', SLEEP, directory='%(here)s/nothere', startretries=0, startsecs=0,
                          autorestart='false'),
        [ctl('status'), ctl('start', 'dir'), rpc('supervisor.startProcess', 'rel'),
         rpc('supervisor.startProcess', 'noexec', False), ctl('start', 'emptydir'), ctl('status')],
        files={'plain.txt': 'echo hi\n'})
    # ---- user, umask, redirect_stderr, /dev/stdout
    add('user_umask_redirect', program('who', 'sh -c "id -un; umask; exec sleep 1000"', startsecs=0, user='nobody',
                                       umask='077')
        + program('both', 'sh -c "echo to-out; echo to-err >&2; exec sleep 1000"', startsecs=0,
                  redirect_stderr='true')
        + program('dev', 'sh -c "echo hi; exec sleep 1000"', startsecs=0, stdout_logfile='/dev/stdout',
                  stdout_logfile_maxbytes=0),
        [pause(0.5), ctl('tail', 'both'), ctl('tail', 'both', 'stderr'),
         rpc('supervisor.readProcessStderrLog', 'both', 0, 0), rpc('supervisor.getProcessInfo', 'dev'),
         rpc('supervisor.tailProcessStdoutLog', 'who', 0, 100),
         edit(program('who', SLEEP, user='nosuchuserxyz')), ctl('reread'),
         edit(program('who', SLEEP, umask='999')), ctl('reread'),
         edit(program('who', SLEEP, redirect_stderr='maybe')), ctl('reread')])
    return s


# ---------------------------------------------------------------------------------------------------- random

def generated(count, seed):
    rnd = random.Random(seed)
    out = []
    for n in range(count):
        names = [f'p{i}' for i in range(rnd.randint(1, 4))]
        conf = ''
        kinds = {}
        for name in names:
            kind = rnd.choice(['sleep', 'exit0', 'exit1', 'exit2', 'slowexit', 'trap', 'kids'])
            kinds[name] = kind
            command = {'sleep': SLEEP, 'exit0': exiting(0, 0.2), 'exit1': exiting(1), 'exit2': exiting(2, 0.5),
                       'slowexit': exiting(rnd.choice([0, 1, 2]), 2.5), 'trap': TRAP_TERM,
                       'kids': GRANDKIDS}[kind]
            options = {'startsecs': rnd.choice([0, 1, 2]), 'startretries': rnd.randint(0, 3),
                       'autorestart': rnd.choice(['true', 'false', 'unexpected']),
                       'exitcodes': rnd.choice(['0', '0,2', '2', '1,2'])}
            if options['startsecs'] == 0 and kind.startswith('exit') and options['autorestart'] != 'false':
                options['autorestart'] = 'false'  # an instant exit at startsecs=0 restarts forever
            if kind == 'slowexit' and options['autorestart'] != 'false':
                options['autorestart'] = 'false'  # a restart loop never settles
            if rnd.random() < 0.3:
                options['autostart'] = 'false'
            if kind in ('trap', 'kids'):
                options['stopwaitsecs'] = rnd.choice([1, 2])
                if rnd.random() < 0.5:
                    options[rnd.choice(['stopasgroup', 'killasgroup'])] = 'true'
            if rnd.random() < 0.2:
                options['numprocs'] = 2
                options['process_name'] = '%(program_name)s_%(process_num)d'
            conf += program(name, command, **options)
        targets = names + ['all', 'nope'] + [f'{x}:*' for x in names]
        steps = []
        for _ in range(rnd.randint(3, 8)):
            what = rnd.random()
            name = rnd.choice(names)
            if what < 0.45:
                steps.append(ctl(rnd.choice(['start', 'stop', 'restart', 'status']), rnd.choice(targets)))
            elif what < 0.6:
                steps.append(ctl('signal', rnd.choice(['HUP', 'TERM', 'USR1', 'KILL']), rnd.choice(targets)))
            elif what < 0.75:
                steps.append(kill(name, rnd.choice(['SIGKILL', 'SIGTERM'])))
            elif what < 0.85:
                steps.append(rpc('supervisor.startProcess', name, False, settle=False))
                steps.append(pause(rnd.choice([0.2, 0.8, 1.5])))
                steps.append(ctl('stop', name))
            else:
                steps.append(rpc(rnd.choice(['supervisor.stopProcess', 'supervisor.startProcess']), name,
                                 rnd.choice([True, False])))
        steps.append(ctl('status'))
        out.append(Scenario(f'random_{seed}_{n}', conf, steps))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('names', nargs='*')
    ap.add_argument('--random', type=int, default=0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--port', type=int, default=19500)
    ap.add_argument('--dir', default='/tmp/scenarios')
    ap.add_argument('--drover', default=os.path.join(ROOT, 'ops/target/drover/bin/drover'))
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    scenarios = ([] if args.random and not args.names else hand_written()) + generated(args.random, args.seed)
    if args.names:
        scenarios = [s for s in scenarios if s.name in args.names]
    if args.list:
        for s in scenarios:
            print(s.name)
        return 0
    failed = 0
    for i, sc in enumerate(scenarios):
        started = time.monotonic()
        try:
            report = run_scenario(sc, args, i)
        except Exception as e:  # one broken scenario (a daemon gone) does not end the run
            report = [f'  runner: {e!r}']
        print(f'{sc.name}: {"same" if not report else "DIFFERS"} ({time.monotonic() - started:.1f} s)', flush=True)
        if report:
            failed += 1
            print('\n'.join(report), flush=True)
    return min(failed, 100)


if __name__ == '__main__':
    sys.exit(main())
