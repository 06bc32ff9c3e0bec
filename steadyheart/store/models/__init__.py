"""Every table, one module per concern. Importing this package registers them all on Base.metadata."""

from __future__ import annotations

import importlib
import pkgutil

from steadyheart.store.base import Base

# Each concern adds its own module here (conversations, measures, journal …); none edits another's.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Base"]
