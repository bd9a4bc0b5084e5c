"""Actor mentions resolved to countries, sectors, organisations and people with dated roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyad.extract.actors.stage import ActorExtractor, ActorStage, resolve_actor

__all__ = ["ActorExtractor", "ActorStage", "resolve_actor"]


def __getattr__(name: str) -> Any:
    # imported lazily so that `import dyad.extract.actors` stays light
    if name in __all__:
        from dyad.extract.actors import stage

        return getattr(stage, name)
    raise AttributeError(name)
