# SPDX-License-Identifier: MIT
"""Loaded by every Python that tests/arch/replay.py starts (PYTHONPATH):
when CT_ARCH_MODE is set, the integration tests' `import ctlib` gets the
real tests/integration/ctlib.py patched by tests/arch/replay.py, so that
the tests, and any test they run as a subprocess, plan or replay runs made
inside a VM instead of running clonetrace here."""

import importlib.abc
import importlib.machinery
import os
import sys

if os.environ.get("CT_ARCH_MODE"):
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree

    class _CtlibFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "ctlib":
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None:
                return None
            real = spec.loader

            class Loader(importlib.abc.Loader):
                def create_module(self, spec):
                    return real.create_module(spec)

                def exec_module(self, module):
                    real.exec_module(module)
                    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
                    import replay
                    replay.patch(module)

            spec.loader = Loader()
            return spec

    sys.meta_path.insert(0, _CtlibFinder())
