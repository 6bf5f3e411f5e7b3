"""Settings for `make bench`: the production settings (DEBUG off, WhiteNoise with the manifest),
plus one trivial view at /bench/trivial/ that measures the framework's floor. Never deployed."""

from cspplan.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
