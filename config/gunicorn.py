"""gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi`` (Dockerfile, compose).

The access line is the project's own format: method, status, size, duration and the request id,
no URL, no query string, no referrer and no user agent. Search forms put names and BSNs in query
strings; the application's own line (``request.finished``, masked by ``config.logging``) holds
the path and shares the request id, so the two lines are found together. gunicorn's error and
access loggers write through the same masking formatter as the application.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
access_log_format = '%(h)s "%(m)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'

_FORMAT = os.environ.get("LOG_FORMAT", "console")

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "config.logging.structured_formatter", "fmt": _FORMAT},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
