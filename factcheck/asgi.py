"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_SERVING", "1")  # serving requests: SECRET_KEY is mandatory without DEBUG
application = get_asgi_application()
