"""A real SMTP server for tests (aiosmtpd, in a process of its own), on a free local port: the
site sends through Django's SMTP backend to it, it writes each message to a Maildir, and the
test reads what arrived there, as a person reads their mail.

Its own process, started from an empty directory: aiosmtpd imports the ``atpublic`` package
under the name ``public``, which inside this project is the residents' app."""

import mailbox
import os
import socket
import subprocess
import sys
import time

import pytest


class Inbox:
    def __init__(self, maildir):
        self.maildir = maildir

    def messages(self):
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        return sorted(box, key=lambda message: message.get("Date", ""))

    def wait_for(self, count=1, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            arrived = self.messages()
            if len(arrived) >= count:
                return arrived[count - 1]
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages())} message(s) arrived, {count} expected")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(port, process, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the SMTP server stopped: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP server did not start")


@pytest.fixture
def smtp_inbox(settings, tmp_path):
    """Start an SMTP server and point the site's e-mail at it; the inbox of what arrived."""
    maildir = tmp_path / "maildir"
    mailbox.Maildir(maildir, create=True)
    workdir = tmp_path / "smtpd"
    workdir.mkdir()
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
        + ["-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
        cwd=workdir,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_listening(port, process)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield Inbox(maildir)
    finally:
        process.terminate()
        process.wait(timeout=10)
