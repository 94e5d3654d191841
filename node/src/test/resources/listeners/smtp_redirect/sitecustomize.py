"""Points smtplib at the test's SMTP sink (SMTP_HOST / SMTP_PORT), leaving the listener script itself unchanged."""
import os
import smtplib

_host = os.environ.get('SMTP_HOST')
_port = os.environ.get('SMTP_PORT')
if _host and _port:
    _orig_init = smtplib.SMTP.__init__

    def _init(self, host='', port=0, *args, **kwargs):
        if host:
            host, port = _host, int(_port)
        _orig_init(self, host, port, *args, **kwargs)

    smtplib.SMTP.__init__ = _init
