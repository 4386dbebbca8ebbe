"""Compiles the analysis hot path with mypyc; everything else is declared in pyproject.toml.

The modules are listed in helpdesk_empathy/analysis/compiled.py, read here by path: nothing
of the package (or its dependencies) can be imported before it is installed.
HELPDESK_EMPATHY_PURE_PYTHON=1 installs the plain Python source instead (slower, same results).
"""

import importlib.util
import os
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "compiled", ROOT / "helpdesk_empathy" / "analysis" / "compiled.py"
)
compiled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled)

if os.environ.get(compiled.PURE_PYTHON_SETTING):
    ext_modules = []
else:
    from mypyc.build import mypycify

    sources = [str(path.relative_to(ROOT)) for path in compiled.source_paths(ROOT)]
    # One fixed name for the shared runtime library mypyc adds (by default a hash of the list).
    ext_modules = mypycify(sources, opt_level="3", group_name="helpdesk_empathy_analysis")

setup(ext_modules=ext_modules)
