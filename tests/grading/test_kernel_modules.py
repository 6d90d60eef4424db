"""The modules the engine runs inside kernels: standard library only at import time (a kernel
started from scratch runs them from their source), and installed in both kernels as they must be."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from grading.engine.guard import _KERNEL_MODULES, _sources

NOT_STDLIB = ("numpy", "pandas", "IPython", "ipykernel", "grading", "toolkit", "nbformat",
              "nbgrader", "matplotlib", "jupyter_client", "zmq", "traitlets")


@pytest.mark.parametrize("name", _KERNEL_MODULES)
def test_a_kernel_module_imports_only_the_standard_library(name):
    """Executed from its source in a bare interpreter, does the module pull in nothing but the
    standard library?"""
    source = _sources()[name]
    script = ("import sys, json, types\n"
              "module = types.ModuleType('m')\n"
              "exec(compile(sys.stdin.read(), 'm', 'exec'), module.__dict__)\n"
              "print(json.dumps(sorted(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-I", "-c", script], input=source, text=True,
                         capture_output=True, check=True)
    loaded = json.loads(run.stdout)
    assert not [m for m in loaded if m.split(".")[0] in NOT_STDLIB], loaded
