"""gunicorn's settings for every web node (docker-compose, `make stack`, a host of its
own): `gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`.

SIGTERM stops a node gracefully: it stops accepting, finishes the requests in flight
(up to GUNICORN_GRACEFUL_TIMEOUT seconds) and exits; the proxy has already moved new
requests to the other nodes (readiness, passive checks)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
# Requests go through the proxy: its address is the only one trusted for X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# The proxy's request id in every access line, next to the portal's own log lines.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}i)s'
