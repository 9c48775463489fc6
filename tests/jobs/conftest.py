import signal

import pytest
from django.core.management import call_command


@pytest.fixture
def worker():
    """Runs the real worker command in this process until the queue is empty (and gives back
    the signal handlers it installs)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run
    for s, h in handlers.items():
        signal.signal(s, h)
