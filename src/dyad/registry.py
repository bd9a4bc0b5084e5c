"""Named registries: stages and backends are chosen by name in the configuration.

    from dyad.registry import coders
    @coders.register("rules")
    def make_rules_coder(**options) -> EventCoder: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from dyad.errors import DyadError, E

T = TypeVar("T")


class Registry(Generic[T]):
    """A mapping of names to factories, filled by ``@registry.register(name)``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def decorate(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> Callable[..., T]:
        _load_builtins()
        try:
            return self._factories[name]
        except KeyError:
            raise DyadError(E.UNKNOWN_NAME, registry=self.kind, name=name,
                            available=", ".join(sorted(self._factories)) or "none") from None

    def make(self, name: str, **options: Any) -> T:
        return self.get(name)(**options)

    def names(self) -> list[str]:
        _load_builtins()
        return sorted(self._factories)

    def __contains__(self, name: object) -> bool:
        _load_builtins()
        return name in self._factories


stages: Registry[Any] = Registry("pipeline stage")
coders: Registry[Any] = Registry("event coder backend")
classifiers: Registry[Any] = Registry("pair classifier backend")

_BUILTIN_MODULES = (
    "dyad.parse.spacy_parser",
    "dyad.extract.time.stage",
    "dyad.extract.actors.stage",
    "dyad.extract.places.stage",
    "dyad.extract.attribution.stage",
    "dyad.extract.events.stage",
    "dyad.learn.backend",  # registers 'learned'/'hybrid'; torch is imported only when used
)
_loaded = False


def _load_builtins() -> None:
    """Import the modules that register dyad's own stages (once, lazily, to keep import light)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in _BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency inside the module: surface it
                raise
