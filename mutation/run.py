"""Mutation testing of the rule modules with mutmut (docs/mutation.md).

    mutation/run.py                        every module in mutation/modules.toml
    mutation/run.py --module progress/disclosure.py
    mutation/run.py --changed              modules changed since their score was recorded
    mutation/run.py --changed-since main   modules a branch changes (from its merge base)
    ... --check     fail when a module scores below mutation/scores.toml
    ... --record    write the scores to mutation/scores.toml

Each module has a working folder of its own, mutation/.work/<module>/, holding mutmut's copy of the
project (mutants/) and its results: a second run tests only the mutants of functions that changed,
or whose tests changed. A module is tested against its tests in mutation/modules.toml; mutmut
runs, for each mutant, only those of them that call the mutated function.

A survivor is either killed by a sharper test or recorded in mutation/equivalents.toml, keyed by
module, function and the line before and after the mutation (never by mutmut's numbering, which
moves when the module is edited). The score is killed / (mutants - recorded equivalents).
"""

import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "mutation"
WORK = HERE / ".work"
VENV_BIN = Path(sys.executable).parent
# Project entries mutmut's copy does not need (or that this driver writes itself).
NOT_COPIED = {
    ".git",
    ".venv",
    "node_modules",
    "mutation",
    "site",
    "staticfiles",
    "pyproject.toml",
    "docs",
    "loadtest",
    "benchmarks",
}
KILLED = {"killed", "timeout", "caught by type check"}


@dataclass
class Survivor:
    name: str
    function: str
    before: str
    after: str
    status: str

    def describe(self):
        return f"{self.function}: {self.before!r} -> {self.after!r} ({self.status})"


@dataclass
class Score:
    module: str
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    survivors: list = field(default_factory=list)

    @property
    def score(self):
        counted = self.mutants - self.equivalent
        return round(100 * self.killed / counted, 1) if counted else 100.0


def load_toml(name):
    path = HERE / name
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def modules():
    return load_toml("modules.toml")["module"]


def fingerprint(module, tests):
    """What a recorded score was measured on: the module and every test file it is tested by."""
    digest = hashlib.sha256()
    paths = [ROOT / module] if module else []
    for test in tests:
        test_path = ROOT / test.split("::")[0]
        paths += sorted(test_path.rglob("*.py")) if test_path.is_dir() else [test_path]
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_template():
    """One migrated SQLite file for every module and mutant (copied per test session by
    mutation/mutants_conftest.py); made again when a migration is newer than it."""
    template = WORK / "migrated.sqlite3"
    migrations = list(ROOT.glob("*/migrations/*.py"))
    if template.exists() and all(p.stat().st_mtime < template.stat().st_mtime for p in migrations):
        return template
    WORK.mkdir(parents=True, exist_ok=True)
    partial = template.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print("Migrating the database the mutants' tests copy...", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
            "DATABASE_URL": f"sqlite:///{partial}",
        },
        check=True,
        capture_output=True,
    )
    with closing(sqlite3.connect(partial)) as database:
        database.execute("PRAGMA journal_mode=DELETE")
    partial.replace(template)
    return template


def mutmut_settings(module, tests):
    """The [tool.mutmut] table of a module's working folder."""

    def array(values):
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"

    copied = sorted(
        entry.name
        for entry in ROOT.iterdir()
        if entry.name not in NOT_COPIED and not entry.name.startswith(".")
    )
    return "\n".join(
        [
            "",
            "[tool.mutmut]",
            f"source_paths = {array([module])}",
            f"also_copy = {array(copied + ['conftest.py'])}",
            f"pytest_add_cli_args_test_selection = {array(tests)}",
            'pytest_add_cli_args = ["-m", "not browser", "-p", "no:cacheprovider"]',
            # Git in the working folder is the project's: mutmut's own change detection
            # would read the project's history, not this folder's.
            "use_git_change_detection = false",
            "",
        ]
    )


def work_folder(module):
    return WORK / module.replace("/", "__").removesuffix(".py")


def prepare(module, tests):
    """The module's working folder: the project's entries linked in, its own settings."""
    work = work_folder(module)
    work.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_COPIED or entry.name.startswith("."):
            continue
        link = work / entry.name
        if not link.is_symlink():
            link.symlink_to(entry)
    conftest = work / "conftest.py"
    if not conftest.is_symlink():
        conftest.symlink_to(HERE / "mutants_conftest.py")
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + mutmut_settings(
        module, tests
    )
    pyproject = work / "pyproject.toml"
    if not pyproject.exists() or pyproject.read_text(encoding="utf-8") != settings:
        pyproject.write_text(settings, encoding="utf-8")
    return work


def retest_survivors_when_tests_changed(module, work):
    """mutmut keeps a survivor's verdict until its function changes; a sharper test must be
    given its chance, so a change to the module's tests sends every survivor not recorded as
    equivalent back to be tested."""
    stamp = work / "tests.fingerprint"
    tests = fingerprint(None, modules()[module]["tests"])
    meta_path = work / "mutants" / f"{module}.meta"
    if meta_path.exists() and (not stamp.exists() or stamp.read_text() != tests):
        survivors = {survivor.name for survivor in score_of(module, work).survivors}
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        codes = meta["exit_code_by_key"]
        for name in survivors & set(codes):
            codes[name] = None
        meta_path.write_text(json.dumps(meta, indent=4), encoding="utf-8")
    stamp.write_text(tests)


def run_mutmut(work, template, max_children, seconds=None):
    """mutmut on the module's working folder; False when it was stopped after ``seconds``
    (with every process it forked: mutmut keeps what it finished for the next run)."""
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(VENV_BIN / "mutmut"), "run", "--max-children", str(max_children)],
            cwd=work,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "cspplan.test_settings",
                "CSPPLAN_MUTATION_DATABASE": str(template),
            },
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            returncode = process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
            return False
    if returncode != 0:
        print(log.read_text(encoding="utf-8")[-4000:])
        raise SystemExit(f"mutmut failed in {work} (its output: {log})")
    return True


def function_of(mutant_name):
    """'progress.disclosure.xǁCellǁcontains__mutmut_3' -> 'Cell.contains'."""
    local = mutant_name.rpartition(".")[2].rsplit("__mutmut_", 1)[0]
    if local.startswith("xǁ"):
        return ".".join(part for part in local[2:].split("ǁ") if part)
    return local.removeprefix("x_")


def changed_lines(diff):
    before = [line[1:].strip() for line in diff.splitlines()[2:] if line.startswith("-")]
    after = [line[1:].strip() for line in diff.splitlines()[2:] if line.startswith("+")]
    return " / ".join(before), " / ".join(after)


def score_of(module, work):
    from mutmut.configuration import reset_config
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    meta = json.loads((work / "mutants" / f"{module}.meta").read_text(encoding="utf-8"))
    equivalents = {
        (e["function"], e["before"], e["after"])
        for e in load_toml("equivalents.toml").get("equivalent", [])
        if e["module"] == module
    }
    score = Score(module)
    previous = Path.cwd()
    os.chdir(work)
    reset_config()  # mutmut reads its settings from the working folder's pyproject.toml
    try:
        for name, exit_code in sorted(meta["exit_code_by_key"].items()):
            score.mutants += 1
            status = status_by_exit_code[exit_code]
            if status in KILLED:
                score.killed += 1
                continue
            before, after = changed_lines(get_diff_for_mutant(name, path=Path(module)))
            if (function_of(name), before, after) in equivalents:
                score.equivalent += 1
            else:
                score.survivors.append(Survivor(name, function_of(name), before, after, status))
    finally:
        os.chdir(previous)
    return score


def record(scores, table):
    lines = [
        "# Mutation scores of the rule modules (docs/mutation.md), written by",
        "# `make mutation RECORD=1`. `fingerprint` is what a score was measured on (the module and",
        "# its tests): CI tests again the modules whose fingerprint no longer matches.",
    ]
    for module, entry in sorted(table.items()):
        if module in scores:
            s = scores[module]
            entry = {
                "score": s.score,
                "mutants": s.mutants,
                "killed": s.killed,
                "equivalent": s.equivalent,
                "fingerprint": fingerprint(module, modules()[module]["tests"]),
            }
        lines += ["", f'["{module}"]']
        lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
    (HERE / "scores.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def changed_since(ref):
    base = subprocess.run(
        ["git", "merge-base", ref, "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    names = subprocess.run(
        ["git", "diff", "--name-only", base], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    return {
        module
        for module, entry in modules().items()
        if any(name == module or name.startswith(tuple(entry["tests"])) for name in names)
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", help="a module of mutation/modules.toml")
    parser.add_argument(
        "--changed", action="store_true", help="only modules changed since their recorded score"
    )
    parser.add_argument(
        "--changed-since", metavar="REF", help="only modules changed since the merge base with REF"
    )
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument(
        "--budget",
        type=int,
        metavar="SECONDS",
        help="stop after this long (CI): a module not finished is not judged, those left are named",
    )
    parser.add_argument("--check", action="store_true", help="fail below the recorded score")
    parser.add_argument("--record", action="store_true", help="write mutation/scores.toml")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="forget the cached results (a weakened test only shows so; CI is always fresh)",
    )
    args = parser.parse_args(argv)

    table = load_toml("scores.toml")
    chosen = list(modules())
    if args.module:
        unknown = [m for m in args.module if m not in modules()]
        if unknown:
            parser.error(f"not in mutation/modules.toml: {', '.join(unknown)}")
        chosen = args.module
    if args.changed:
        # Only modules with a recorded score are guarded; the others are named, not run.
        unrecorded = [m for m in chosen if m not in table]
        if unrecorded:
            print(f"No score recorded yet (not guarded): {', '.join(unrecorded)}")
        chosen = [
            m
            for m in chosen
            if m in table and table[m].get("fingerprint") != fingerprint(m, modules()[m]["tests"])
        ]
    if args.changed_since:
        touched = changed_since(args.changed_since)
        chosen = [m for m in chosen if m in touched]
    if not chosen:
        print("No rule module to test (none chosen, or none changed).")
        return 0

    started = time.monotonic()
    template = migrated_template()
    scores = {}
    for module in chosen:
        if args.budget is not None and time.monotonic() - started > args.budget:
            left = chosen[chosen.index(module) :]
            print(f"Over the budget of {args.budget} s; not tested this time: {', '.join(left)}")
            break
        tests = modules()[module]["tests"]
        print(f"== {module} ({', '.join(tests)})", flush=True)
        if args.fresh:
            shutil.rmtree(work_folder(module), ignore_errors=True)
        work = prepare(module, tests)
        retest_survivors_when_tests_changed(module, work)
        seconds_left = None if args.budget is None else args.budget - (time.monotonic() - started)
        if not run_mutmut(work, template, args.max_children, seconds_left):
            print(f"   not finished within the budget of {args.budget} s: not judged this time")
            break
        scores[module] = score = score_of(module, work)
        print(
            f"   {score.score}% killed: {score.killed} of {score.mutants} mutants, "
            f"{score.equivalent} equivalent, {len(score.survivors)} surviving",
            flush=True,
        )
        for survivor in score.survivors:
            print(f"   survives  {survivor.describe()}  [{survivor.name}]")

    failures = []
    print("\nmodule                              score  recorded")
    for module, score in scores.items():
        recorded = table.get(module, {}).get("score")
        print(f"{module:<34} {score.score:>6}  {recorded if recorded is not None else '-':>8}")
        if args.check and recorded is not None and score.score < recorded:
            failures.append(f"{module}: {score.score}% killed, below its recorded {recorded}%")
        if args.check and recorded is None:
            failures.append(f"{module}: no score recorded in mutation/scores.toml")
    if args.record:
        record(scores, {**table, **{m: {} for m in scores if m not in table}})
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
