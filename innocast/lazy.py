"""Package namespaces whose public names are imported from their modules on first use.

A package's `__init__` that imports all its modules makes importing any one of them import
them all: `from podcast.artwork import ...` would load numpy, mutagen and the feed builder,
and a run with nothing to do would pay for Whisper's decoder and the site renderer before it
finds that out. So a package lists where each public name lives, and `exports` returns the
module-level `__getattr__` (PEP 562) that imports the module when the name is first used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def exports(package: str, modules: Mapping[str, Sequence[str]]) -> Callable[[str], Any]:
    """The `__getattr__` of `package` that finds each name of `modules` (module name to the
    public names it defines) in its module, imported then, and keeps it in the package.

    >>> getattr_ = exports("innocast", {"innocast.errors": ["InnocastError"]})
    >>> getattr_("InnocastError").__name__
    'InnocastError'
    >>> getattr_("nothing")
    Traceback (most recent call last):
    AttributeError: module 'innocast' has no attribute 'nothing'
    """
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        # Kept as the package's own attribute, so the next use is a plain lookup.
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def names(modules: Mapping[str, Sequence[str]]) -> list[str]:
    """Every public name of `modules`, sorted: the package's `__all__`.

    >>> names({"a.x": ["f", "C"], "a.y": ["g"]})
    ['C', 'f', 'g']
    """
    return sorted(name for listed in modules.values() for name in listed)
