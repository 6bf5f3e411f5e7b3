"""CPU seconds per test, per phase and per wide fixture, for finding where the suite's time goes
(docs/tests.md, "Where the suite's time goes"). Wall time means nothing on a shared machine; CPU
time, the process's own and that of the programs it waited for (LibreOffice, gunicorn, a
migrating ``manage.py``), does.

    .venv/bin/python -m pytest -p tests.cpu_time -n 2 tests/public      # prints the slowest
    CSPPLAN_CPU_REPORT=/tmp/cpu .venv/bin/python -m pytest -p tests.cpu_time ...   # and keeps JSON

Off unless named with ``-p``: it only reads counters, but a normal run has no use for them.
"""

import json
import os
import resource
from pathlib import Path

import pytest


def _cpu():
    """(this process's CPU seconds, its waited-for children's CPU seconds)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class _Meter:
    def __init__(self):
        self.tests = {}  # nodeid -> {"setup": s, "call": s, "teardown": s, "children": s}
        self.fixtures = {}  # "scope name" -> s (session, package and module scopes only)

    def measure(self, nodeid, phase):
        meter = self

        class _Span:
            def __enter__(self):
                self.start = _cpu()

            def __exit__(self, *exc):
                own, children = _cpu()
                record = meter.tests.setdefault(nodeid, {"children": 0.0})
                record[phase] = record.get(phase, 0.0) + own - self.start[0]
                record["children"] += children - self.start[1]

        return _Span()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        with self.measure(item.nodeid, "setup"):
            yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        with self.measure(item.nodeid, "call"):
            yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item):
        with self.measure(item.nodeid, "teardown"):
            yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef):
        if fixturedef.scope == "function":
            yield
            return
        start = sum(_cpu())
        yield
        key = f"{fixturedef.scope} {fixturedef.argname}"
        self.fixtures[key] = self.fixtures.get(key, 0.0) + sum(_cpu()) - start

    def pytest_sessionfinish(self, session):
        own, children = _cpu()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        report = {
            "worker": worker,
            "process": own,
            "children": children,
            "tests": self.tests,
            "fixtures": self.fixtures,
        }
        if not self.tests:
            return  # pytest-xdist's controlling process: its workers ran the tests
        folder = os.environ.get("CSPPLAN_CPU_REPORT")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / f"{worker}.json").write_text(json.dumps(report, indent=1))
        if not hasattr(session.config, "workerinput"):
            _print(session.config, [report])


def _print(config, reports):
    writer = config.get_terminal_writer()
    tests = {}
    fixtures = {}
    for report in reports:
        tests.update(report["tests"])
        for key, seconds in report["fixtures"].items():
            fixtures[key] = fixtures.get(key, 0.0) + seconds
    total = {
        phase: sum(t.get(phase, 0.0) for t in tests.values())
        for phase in ("setup", "call", "teardown", "children")
    }
    writer.line(
        "CPU s: process {:.1f}, programs {:.1f}; tests' set-up {setup:.1f} / call {call:.1f} / "
        "teardown {teardown:.1f} / programs {children:.1f}".format(
            sum(r["process"] for r in reports), sum(r["children"] for r in reports), **total
        )
    )
    slowest = sorted(tests.items(), key=lambda kv: -sum(kv[1].values()))[:25]
    for nodeid, record in slowest:
        writer.line(
            f"{sum(record.values()):7.1f} {nodeid} "
            + json.dumps({k: round(v, 1) for k, v in record.items()})
        )
    for key, seconds in sorted(fixtures.items(), key=lambda kv: -kv[1])[:10]:
        writer.line(f"{seconds:7.1f} fixture {key}")


def pytest_configure(config):
    config.pluginmanager.register(_Meter(), "cspplan-cpu-time")
