"""A throwaway PostgreSQL for `make bench`, started the way .ci/run starts one: its own data
folder under /tmp, a free port, fsync off; stopped and removed on exit."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command):
    # initdb refuses to run as root: as root, run it as the postgres system user.
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def throwaway_postgres():
    """Yield a function that creates a database and returns its DATABASE_URL."""
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(
            "PostgreSQL 15 is missing (install the Debian package postgresql-15): "
            "`make bench` measures against PostgreSQL."
        )
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode:
        subprocess.run(
            ["useradd", "--system", "--home-dir", "/var/lib/postgresql", "postgres"],
            check=True,
        )
    root = Path(tempfile.mkdtemp(prefix="cspplan-bench-pg."))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    data = root / "data"
    _as_postgres(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    _as_postgres(
        [
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "start",
            "-o",
            options,
        ]
    )
    try:

        def create_database(name):
            import psycopg2

            connection = psycopg2.connect(
                host="127.0.0.1", port=port, user="postgres", dbname="postgres"
            )
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
            connection.close()
            return f"postgres://postgres@127.0.0.1:{port}/{name}"

        yield create_database
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(root, ignore_errors=True)
