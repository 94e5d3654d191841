# Drives every supervisor.* method through Python's xmlrpc.client and prints one normalized line per call, so the
# transcript of Drover can be compared with supervisord's. usage: rpc-sequence.py URL
import re, sys, time, xmlrpc.client

s = xmlrpc.client.ServerProxy(sys.argv[1])

def norm(v):
    # results of group and all calls come in completion order, which is incidental: compare them sorted
    if isinstance(v, list) and v and all(isinstance(x, dict) and 'status' in x for x in v):
        v = sorted(v, key=lambda x: (x['group'], x['name']))
    text = repr(v)
    text = re.sub(r"'pid': \d+", "'pid': N", text)
    text = re.sub(r"'(start|stop|now)': \d+", r"'\1': T", text)
    text = re.sub(r"pid \d+, uptime [0-9:]+", "pid N, uptime T", text)
    text = re.sub(r"[A-Z][a-z]{2} \d{2} \d{2}:\d{2} [AP]M", "DATE", text)
    text = re.sub(r"---supervisor-[a-z0-9_]+\.log", "---supervisor-X.log", text)
    text = re.sub(r"/tmp/[^' ]+/", "DIR/", text)
    return text

def call(label, f, *args):
    try:
        out = norm(f(*args))
    except xmlrpc.client.Fault as e:
        out = 'FAULT %d %s' % (e.faultCode, norm(e.faultString))
    except xmlrpc.client.ProtocolError as e:
        out = 'HTTP %d' % e.errcode
    print('%s%r -> %s' % (label, args, out))

def wait_state(name, state):
    for _ in range(200):
        if s.supervisor.getProcessInfo(name)['statename'] == state:
            return
        time.sleep(0.05)

sv = s.supervisor
call('getState', sv.getState)
call('getIdentification', sv.getIdentification)
call('getAPIVersion', sv.getAPIVersion)
call('getVersion', sv.getVersion)
call('getSupervisorVersion', sv.getSupervisorVersion)
call('getAllConfigInfo', sv.getAllConfigInfo)
call('getProcessInfo', sv.getProcessInfo, 'sleeper')
call('getProcessInfo', sv.getProcessInfo, 'g:c')
call('getProcessInfo', sv.getProcessInfo, 'g:*')
call('getProcessInfo', sv.getProcessInfo, 'nope')
call('getProcessInfo', sv.getProcessInfo, 5)
call('getAllProcessInfo', sv.getAllProcessInfo)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'chatty', 0, 100)
call('readProcessLog', sv.readProcessLog, 'chatty', 0, 4)
call('readProcessStderrLog', sv.readProcessStderrLog, 'chatty', 0, 100)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'chatty', -5, 0)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'chatty', -5, 2)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'chatty', 0, -1)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'chatty', 'x', 1)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'nope', 0, 1)
call('readProcessStdoutLog', sv.readProcessStdoutLog, 'idle', 0, 1)
call('tailProcessStdoutLog', sv.tailProcessStdoutLog, 'chatty', 0, 3)
call('tailProcessLog', sv.tailProcessLog, 'chatty', 0, 100)
call('tailProcessStderrLog', sv.tailProcessStderrLog, 'chatty', 100, 100)
call('tailProcessStdoutLog', sv.tailProcessStdoutLog, 'idle', 0, 10)
call('tailProcessStdoutLog', sv.tailProcessStdoutLog, 'nope', 0, 10)
call('startProcess', sv.startProcess, 'idle', False)
wait_state('idle', 'RUNNING')
call('startProcess', sv.startProcess, 'idle')
call('startProcess', sv.startProcess, 'bad')
call('startProcess', sv.startProcess, 'quitter')
call('startProcess', sv.startProcess, 'nope')
call('startProcess', sv.startProcess, 'g:nope')
call('sendProcessStdin', sv.sendProcessStdin, 'idle', 'x')
call('sendProcessStdin', sv.sendProcessStdin, 'bad', 'x')
call('sendProcessStdin', sv.sendProcessStdin, 'idle', 5)
call('sendProcessStdin', sv.sendProcessStdin, 'nope', 'x')
call('signalProcess', sv.signalProcess, 'sleeper', 'CONT')
call('signalProcess', sv.signalProcess, 'sleeper', 18)
call('signalProcess', sv.signalProcess, 'sleeper', 99)
call('signalProcess', sv.signalProcess, 'sleeper', 'NOPE')
call('signalProcess', sv.signalProcess, 'nope', 'HUP')
call('signalProcess', sv.signalProcess, 'bad', 'HUP')
call('signalProcess', sv.signalProcess, 'g:*', 'CONT')
call('signalProcessGroup', sv.signalProcessGroup, 'g', 'CONT')
call('signalProcessGroup', sv.signalProcessGroup, 'nope', 'CONT')
call('signalAllProcesses', sv.signalAllProcesses, 'CONT')
call('stopProcess', sv.stopProcess, 'idle')
call('stopProcess', sv.stopProcess, 'idle')
call('stopProcess', sv.stopProcess, 'g:*')
call('startProcessGroup', sv.startProcessGroup, 'g')
call('stopProcessGroup', sv.stopProcessGroup, 'g', True)
call('stopProcessGroup', sv.stopProcessGroup, 'g')
call('startProcessGroup', sv.startProcessGroup, 5)
call('startProcessGroup', sv.startProcessGroup, 'nope')
call('removeProcessGroup', sv.removeProcessGroup, 'g')
call('removeProcessGroup', sv.removeProcessGroup, 'g')
call('addProcessGroup', sv.addProcessGroup, 'g')
call('addProcessGroup', sv.addProcessGroup, 'g')
call('addProcessGroup', sv.addProcessGroup, 'nope')
call('removeProcessGroup', sv.removeProcessGroup, 'sleeper')
call('reloadConfig', sv.reloadConfig)
call('clearProcessLogs', sv.clearProcessLogs, 'chatty')
call('clearProcessLog', sv.clearProcessLog, 'nope')
call('clearAllProcessLogs', sv.clearAllProcessLogs)
call('readLog type', lambda: type(sv.readLog(0, 0)).__name__)
call('readMainLog', sv.readMainLog, -1, 1)
call('clearLog', sv.clearLog)
call('stopAllProcesses', sv.stopAllProcesses)
call('startAllProcesses', sv.startAllProcesses)
call('getAllProcessInfo', lambda: [(p['name'], p['statename'], p['description']) for p in sv.getAllProcessInfo()])
call('multicall', s.system.multicall, [{'methodName': 'supervisor.getAPIVersion'}, {'methodName': 'supervisor.getProcessInfo', 'params': ['nope']}, {'methodName': 'supervisor.getAPIVersion', 'params': 'ab'}])
call('sendRemoteCommEvent', sv.sendRemoteCommEvent, 't', 'd')
call('methodHelp', s.system.methodHelp, 'nope')
call('methodSignature', s.system.methodSignature, 'supervisor.nope')
call('nope', sv.nope)
call('getState', sv.getState, 1)
