"""Prints what supervisord's own config reader makes of each file, one line per fact, in the format
ConfigConformanceTest's Java dump uses; a refused file prints 'error<TAB>message'.
Usage: /usr/bin/python3 supervisor_dump.py FILE..."""
import io
import pwd
import sys
from supervisor.options import ServerOptions
from supervisor.datatypes import Automatic, RestartUnconditionally, RestartWhenExitUnexpected
from supervisor.options import EventListenerPoolConfig, FastCGIGroupConfig
from supervisor.events import getEventNameByType


def emit(s):
    print(s.replace('\n', '\\n'))


def b(v):
    return '1' if v else '0'


def logname(v):
    if v is Automatic:
        return 'AUTO'
    if v is None or v == '':
        return 'NONE'
    return str(v)


def env(d):
    return ';'.join('%s=%s' % (k, d[k]) for k in sorted(d))


def dump(path):
    o = ServerOptions()
    o.realize(args=['-c', path])
    s = o.configroot.supervisord
    emit('\t'.join(['daemon', o.logfile, str(o.logfile_maxbytes), str(o.logfile_backups), str(o.loglevel),
                     o.pidfile, oct(o.umask), b(o.nodaemon), b(o.silent), str(o.minfds), str(o.minprocs),
                     b(o.nocleanup), str(o.childlogdir), str(o.user), str(o.directory), b(o.strip_ansi),
                     env(s.environment), o.identifier]))
    for c in o.server_configs:
        if c['family'].name == 'AF_INET':
            emit('\t'.join(['inet', c['host'], str(c['port']), str(c['username']), str(c['password'])]))
        else:
            emit('\t'.join(['unix', c['file'], oct(c['chmod']), str(c['username']), str(c['password'])]))
    for w in o.parse_warnings:
        emit('warn\t' + w)
    for i in o.parse_infos:
        emit('info\t' + i)
    for g in o.process_group_configs:
        extra = ''
        if isinstance(g, EventListenerPoolConfig):
            extra = ','.join(sorted(getEventNameByType(e) for e in g.pool_events)) + '/' + str(g.buffer_size)
        elif isinstance(g, FastCGIGroupConfig):
            extra = str(g.socket_config.url)
        emit('\t'.join(['group', g.name, str(g.priority), extra]))
        for p in g.process_configs:
            ar = {RestartUnconditionally: 'TRUE', RestartWhenExitUnexpected: 'UNEXPECTED'}.get(p.autorestart, 'FALSE')
            fields = ['proc', g.name, p.name, p.command, str(p.priority), b(p.autostart), ar, str(p.startsecs),
                      str(p.startretries), ','.join(str(x) for x in p.exitcodes), str(p.stopsignal),
                      str(p.stopwaitsecs), b(p.stopasgroup), b(p.killasgroup),
                      '-' if p.umask is None else oct(p.umask), '-' if p.uid is None else pwd.getpwuid(p.uid).pw_name,
                      '-' if p.directory is None else p.directory, env(p.environment), b(p.redirect_stderr)]
            for ch in ('stdout', 'stderr'):
                fields += [logname(getattr(p, ch + '_logfile')), str(getattr(p, ch + '_logfile_maxbytes')),
                           str(getattr(p, ch + '_logfile_backups')), str(getattr(p, ch + '_capture_maxbytes')),
                           b(getattr(p, ch + '_events_enabled')), b(getattr(p, ch + '_syslog'))]
            fields.append('AUTO' if p.serverurl is None else p.serverurl)
            emit('\t'.join(fields))


class Refused(Exception):
    pass


def refuse(code=0):
    raise Refused()


for path in sys.argv[1:]:
    emit('file\t' + path)
    err = io.StringIO()
    ServerOptions.stderr = err
    ServerOptions.exit = staticmethod(refuse)
    try:
        dump(path)
    except Refused:
        msg = [l for l in err.getvalue().splitlines() if l.startswith('Error: ')]
        emit('error\t' + (err.getvalue().split('Error: ', 1)[1].rsplit('\nFor help', 1)[0] if msg else err.getvalue().strip()))
    sys.stdout.flush()
