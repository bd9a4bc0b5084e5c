"""A MiniLM encoder tuned for event coreference: the contextual trigger vectors of
``merge_ecb`` come from it when its weights are shipped.

The packaged all-MiniLM-L6-v2 was trained to embed whole sentences; the vector of one trigger in
its sentence ("fired" a gun / "fired" a coach) is a by-product. Here the top ``layers`` of the
encoder are tuned with a supervised contrastive loss so that the trigger vectors of coreferent
mentions (one gold event, different sentences) come closer than those of other mentions of the
same document group. Low-rank updates (``rank`` > 0) keep the shipped file small; ``rank`` 0
tunes the whole layers.

Weights live in ``dyad/data/models/coref_encoder.npz`` with a JSON file beside it recording how
they were trained (the ECB+ topics it saw, settings, seed, losses); ``scripts/train_coref_encoder.py``
rebuilds both. Without the file, or without the ``[ml]`` extra, nothing here is used.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E

MODEL_NAME = "coref_encoder"
# The linear maps of a BERT layer that are tuned.
_LINEARS = ("attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense", "output.dense")


def default_model_dir() -> Path:
    return Path(str(resources.files("dyad.data").joinpath("models")))


def _sub(module: Any, dotted: str) -> tuple[Any, str]:
    *path, last = dotted.split(".")
    for name in path:
        module = getattr(module, name)
    return module, last


class _LowRank:
    """``W x + scale * B A x`` around a frozen linear map (A random, B zero at the start)."""

    @staticmethod
    def wrap(linear: Any, rank: int, scale: float, generator: Any) -> Any:
        import torch

        class LowRank(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.linear = linear
                self.a = torch.nn.Parameter(torch.randn(rank, linear.in_features, generator=generator)
                                            / linear.in_features ** 0.5)
                self.b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))

            def forward(self, x: Any) -> Any:
                return self.linear(x) + (x @ self.a.T @ self.b.T) * scale

        return LowRank()


def span_vectors(model: Any, sentences: Sequence[str], spans: Sequence[tuple[int, tuple[int, int]]]) -> Any:
    """Unit-length mean last-layer state of the word pieces overlapping each (sentence index,
    (start, end)) span, with gradients (the same vectors ``merge_text.embed_spans`` makes)."""
    tokenizer, encoder = model.tokenizer, model[0].auto_model
    batch = tokenizer(list(sentences), return_offsets_mapping=True, truncation=True, padding=True,
                      max_length=model.max_seq_length, return_tensors="pt")
    offsets = batch.pop("offset_mapping").tolist()
    hidden = encoder(**batch).last_hidden_state
    rows = []
    for row, (start, end) in spans:
        inside = [p for p, (a, z) in enumerate(offsets[row]) if z > a and a < end and z > start]
        vector = hidden[row, inside].mean(0) if inside else hidden[row, batch["attention_mask"][row].bool()].mean(0)
        rows.append(vector / vector.norm())
    import torch

    return torch.stack(rows)


def _contrastive_loss(vectors: Any, labels: Sequence[Hashable], sentences: Sequence[Hashable],
                      temperature: float) -> Any:
    """Supervised contrastive loss: each mention against the others of its group (not those of its
    own sentence), its positives being the other mentions of its gold event."""
    import torch

    n = len(labels)
    same_sentence = torch.tensor([[sentences[i] == sentences[j] for j in range(n)] for i in range(n)])
    positive = torch.tensor([[labels[i] == labels[j] and sentences[i] != sentences[j] for j in range(n)]
                             for i in range(n)], dtype=vectors.dtype)
    scores = (vectors @ vectors.T / temperature).masked_fill(same_sentence, -1e9)
    log_p = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    count = positive.sum(1)
    has = count > 0
    if not bool(has.any()):
        return None
    return (-(log_p * positive).sum(1)[has] / count[has]).mean()


def train(groups: Sequence[Sequence[tuple[dict[str, Any], Hashable]]], *, layers: int = 2, rank: int = 0,
          epochs: int = 4, learning_rate: float = 1e-4, temperature: float = 0.1, seed: int = 0,
          progress: Callable[[int, float], None] | None = None) -> tuple[dict[str, Any], list[float]]:
    """Tune the top ``layers`` of MiniLM on ``groups`` of (mention, gold event) pairs; a mention
    has ``sentence`` and ``span`` (characters of its trigger) and ``doc`` and ``sentence_index``.

    One step per group (a document group of one topic), groups shuffled each epoch. Returns the
    weight updates (parameter name -> ``delta``, or ``a``/``b`` factors when ``rank`` > 0, as
    float32 arrays) and the mean loss of each epoch."""
    import numpy as np
    import torch

    from dyad.resolve.merge_text import _load_minilm

    torch.manual_seed(seed)
    rng = random.Random(seed)
    generator = torch.Generator().manual_seed(seed)
    model = _load_minilm()
    encoder = model[0].auto_model
    encoder.eval()  # no dropout: the steps are deterministic for a seed
    for p in encoder.parameters():
        p.requires_grad = False
    top = range(len(encoder.encoder.layer) - layers, len(encoder.encoder.layer))
    tuned: dict[str, Any] = {}
    for index in top:
        for dotted in _LINEARS:
            parent, last = _sub(encoder.encoder.layer[index], dotted)
            name = f"encoder.layer.{index}.{dotted}.weight"
            if rank > 0:
                wrapped = _LowRank.wrap(getattr(parent, last), rank, 1.0, generator)
                setattr(parent, last, wrapped)
                tuned[name] = wrapped
            else:
                linear = getattr(parent, last)
                linear.weight.requires_grad = True
                tuned[name] = (linear, linear.weight.detach().clone())
    params = ([p for w in tuned.values() for p in (w.a, w.b)] if rank > 0
              else [linear.weight for linear, _ in tuned.values()])
    optimiser = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.0)
    order = list(range(len(groups)))
    losses = []
    for epoch in range(epochs):
        rng.shuffle(order)
        total, steps = 0.0, 0
        for g in order:
            items = groups[g]
            sentences = sorted({str(m["sentence"]) for m, _ in items})
            row = {s: i for i, s in enumerate(sentences)}
            vectors = span_vectors(model, sentences, [(row[str(m["sentence"])], (int(m["span"][0]), int(m["span"][1])))
                                                      for m, _ in items])
            loss = _contrastive_loss(vectors, [label for _, label in items],
                                     [(str(m["doc"]), m.get("sentence_index", m["sentence"])) for m, _ in items],
                                     temperature)
            if loss is None:
                continue
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.item())
            steps += 1
        losses.append(round(total / max(steps, 1), 4))
        if progress is not None:
            progress(epoch, losses[-1])
    out: dict[str, Any] = {}
    for name, w in tuned.items():
        if rank > 0:
            out[f"{name}:a"] = w.a.detach().numpy().astype(np.float32)
            out[f"{name}:b"] = w.b.detach().numpy().astype(np.float32)
        else:
            linear, start = w
            out[f"{name}:delta"] = (linear.weight.detach() - start).numpy().astype(np.float32)
    return out, losses


def compress(weights: dict[str, Any], rank: int) -> dict[str, Any]:
    """Each full ``delta`` update as its best rank-``rank`` approximation (truncated SVD), stored as
    ``a``/``b`` factors (``b @ a``): the shipped file holds rank x (rows + columns) numbers per
    matrix instead of rows x columns."""
    import numpy as np

    out: dict[str, Any] = {}
    for key, value in sorted(weights.items()):
        name, _, kind = key.rpartition(":")
        if kind != "delta" or min(value.shape) <= rank:
            out[key] = value
            continue
        u, s, vt = np.linalg.svd(np.asarray(value, dtype=np.float64), full_matrices=False)
        out[f"{name}:a"] = vt[:rank].astype(np.float32)
        out[f"{name}:b"] = (u[:, :rank] * s[:rank]).astype(np.float32)
    return out


def save(weights: dict[str, Any], metadata: dict[str, Any], folder: Path | None = None) -> Path:
    """Write ``coref_encoder.npz`` (float16) and ``coref_encoder.json`` into ``folder``."""
    import numpy as np

    folder = Path(folder or default_model_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{MODEL_NAME}.npz"
    arrays: dict[str, Any] = {k: np.asarray(v, dtype=np.float16) for k, v in sorted(weights.items())}
    np.savez_compressed(path, **arrays)
    (folder / f"{MODEL_NAME}.json").write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    return path


def metadata(folder: Path | None = None) -> dict[str, Any] | None:
    """The JSON beside the shipped weights, or None when there are none."""
    path = Path(folder or default_model_dir()) / f"{MODEL_NAME}.json"
    if not path.exists():
        return None
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError) as exc:
        raise DyadError(E.MERGE_ENCODER_BAD, path=path, detail=str(exc)) from exc


def apply(model: Any, weights: dict[str, Any]) -> Any:
    """Add the updates ``weights`` to ``model``'s encoder (in place) and return the model."""
    import torch

    encoder = model[0].auto_model
    state = encoder.state_dict()
    with torch.no_grad():
        for key in sorted(weights):
            name, _, kind = key.rpartition(":")
            if name not in state:
                raise DyadError(E.MERGE_ENCODER_BAD, path=MODEL_NAME, detail=f"unknown parameter {name}")
            if kind == "delta":
                update = torch.as_tensor(weights[key], dtype=torch.float32)
            elif kind == "a":
                a = torch.as_tensor(weights[key], dtype=torch.float32)
                b = torch.as_tensor(weights[f"{name}:b"], dtype=torch.float32)
                update = b @ a
            else:
                continue
            if tuple(update.shape) != tuple(state[name].shape):
                raise DyadError(E.MERGE_ENCODER_BAD, path=MODEL_NAME, detail=f"{name}: shape {tuple(update.shape)}")
            state[name].add_(update)
    encoder.eval()
    return model


def available(folder: Path | None = None) -> bool:
    return (Path(folder or default_model_dir()) / f"{MODEL_NAME}.npz").exists()


@lru_cache(maxsize=2)
def tuned_model(folder: str | None = None) -> Any:
    """A MiniLM model (its own copy) with the shipped updates applied."""
    import numpy as np

    from dyad.resolve.merge_text import _load_minilm

    path = Path(folder or default_model_dir()) / f"{MODEL_NAME}.npz"
    try:
        with np.load(path) as data:
            weights = {k: data[k] for k in data.files}
    except (OSError, ValueError) as exc:
        raise DyadError(E.MERGE_ENCODER_BAD, path=path, detail=str(exc)) from exc
    return apply(_load_minilm(), weights)
