"""WSGI entry point for gunicorn (``scripts/serve.sh``): refuses to load without a secret."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
application = get_wsgi_application()

from samenspel.config.startup import require  # noqa: E402  (needs the settings above)

require()
