"""gunicorn's settings (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

The access log goes through the same personal-data masking as every Django log
(config/logging_filters.py, 152-FZ): its lines carry no query string (``%(U)s`` is the
path alone; a query string may hold an e-mail typed into a search box) and no referrer
(the previous page's full address, query included); the masking filter is added to the
access and error logs' handlers whatever else configures them. TLS ends at the reverse
proxy in front (docs/deploy.md); gunicorn listens on the containers' network only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, wherever gunicorn starts

from config.logging_filters import install_on_handlers

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Only the proxy may set X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# client, time, method, path without the query, protocol, status, bytes, duration (s), agent
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s "%(a)s"'


class MaskedLogger(Logger):
    """gunicorn's logger with the personal-data filter on every handler."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        install_on_handlers(self.error_log)
        install_on_handlers(self.access_log)


logger_class = MaskedLogger
