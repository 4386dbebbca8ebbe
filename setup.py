"""Compiles the analysis hot path with mypyc; everything else is declared in pyproject.toml.

The modules are listed in helpdesk_empathy/analysis/compiled.py, read here by path: nothing
of the package (or its dependencies) can be imported before it is installed.
HELPDESK_EMPATHY_PURE_PYTHON=1 installs the plain Python source instead (slower, same results),
and so does a machine that cannot compile C (no compiler, no Python headers), with a warning.
"""

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

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


class BuildOrPlainPython(build_ext):
    """Builds the compiled modules, or none of them: where C cannot be compiled, the package
    installs as plain Python (each message takes about 1.5 times as long, same results)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # the compiler's errors have no common base class
            sys.stderr.write(
                f"WARNING: the analysis hot path could not be compiled ({error}); "
                "installing it as plain Python (slower, same results)\n"
            )
            for path in self.get_outputs():  # never half a compiled package
                Path(path).unlink(missing_ok=True)
            self.extensions = []


setup(ext_modules=ext_modules, cmdclass={"build_ext": BuildOrPlainPython})
