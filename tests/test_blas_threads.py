"""Importing steadyheart first keeps numpy's OpenBLAS to one thread, unless the operator chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import steadyheart, numpy, os; print(os.environ['OPENBLAS_NUM_THREADS'])"


def _probe(**extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | extra
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
                          timeout=60).stdout.strip()


def test_one_blas_thread_by_default() -> None:
    assert _probe() == "1"


def test_an_explicit_setting_wins() -> None:
    assert _probe(OPENBLAS_NUM_THREADS="2") == "2"
