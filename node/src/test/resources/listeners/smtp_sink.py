"""A tiny SMTP sink for tests: STARTTLS (self-signed cert given on the command line), any AUTH accepted, every
message appended to OUTFILE. Prints its port on stdout once listening.

usage: smtp_sink.py CERT KEY OUTFILE
"""
import socket
import ssl
import sys

cert, key, out_path = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 0))
srv.listen(5)
print(srv.getsockname()[1], flush=True)


def serve(conn):
    f = conn.makefile('rwb')

    def say(line):
        f.write(line.encode() + b'\r\n')
        f.flush()

    say('220 sink ESMTP')
    tls = False
    while True:
        raw = f.readline()
        if not raw:
            return
        cmd = raw.decode(errors='replace').strip()
        verb = cmd.split(' ')[0].upper()
        if verb in ('EHLO', 'HELO'):
            f.write(b'250-sink\r\n')
            if not tls:
                f.write(b'250-STARTTLS\r\n')
            say('250 AUTH PLAIN LOGIN')
        elif verb == 'STARTTLS':
            say('220 go ahead')
            f.close()
            conn = ctx.wrap_socket(conn, server_side=True)
            f = conn.makefile('rwb')
            tls = True
        elif verb == 'AUTH':
            say('235 ok')
        elif verb in ('MAIL', 'RCPT', 'RSET', 'NOOP'):
            say('250 ok')
        elif verb == 'DATA':
            say('354 go')
            lines = []
            while True:
                l = f.readline()
                if l in (b'.\r\n', b'.\n', b''):
                    break
                lines.append(l.decode(errors='replace'))
            with open(out_path, 'a') as o:
                o.write(''.join(lines) + '\n.\n')
            say('250 queued')
        elif verb == 'QUIT':
            say('221 bye')
            return
        else:
            say('500 what')


while True:
    c, _ = srv.accept()
    try:
        serve(c)
    except Exception as e:
        print('sink error: %r' % e, file=sys.stderr, flush=True)
    finally:
        c.close()
