"""WSGI entry point (gunicorn factcheck.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_SERVING", "1")  # serving requests: SECRET_KEY is mandatory without DEBUG
application = get_wsgi_application()
