"""``dyad train``: rebuild the learned pair classifier from data files (needs ``dyad[ml]``).

Wired into the main app by ``register(app)``. The command prints the cross-validation and
held-back scores it wrote into the model's metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dyad.errors import DyadError

console = Console()
err_console = Console(stderr=True)


def _scores_table(title: str, scores: dict[str, Any]) -> Table:
    table = Table(title=f"{title}: accuracy {scores['accuracy']:.4f}, macro-F1 {scores['macro_f1']:.4f}, "
                        f"ECE {scores['ece']:.4f} (n={scores['n']})")
    for column in ("type", "precision", "recall", "f1", "support"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for row in scores["per_type"]:
        table.add_row(row["label"], f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
                      str(row["support"]))
    return table


def train(
    plv: Annotated[Path, typer.Option(help="PLV train.tsv (gold_root column only is used).")] = Path(
        "../shared/data/plv/train.tsv"),
    gsr: Annotated[Path | None, typer.Option(help="PLOVER_GSR_CAMEO.json gold records (old labels are mapped).")] = Path(
        "../shared/data/plover/PLOVER_GSR_CAMEO.json"),
    no_gsr: Annotated[bool, typer.Option("--no-gsr", help="Leave the PLOVER gold records out.")] = False,
    no_templates: Annotated[bool, typer.Option("--no-templates", help="Leave dyad's template pairs out.")] = False,
    out: Annotated[Path | None, typer.Option(help="Folder for pair_classifier.npz/.json (default: the shipped model).")] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds on PLV.")] = 5,
    no_cv: Annotated[bool, typer.Option("--no-cv", help="Skip cross-validation (train and save only).")] = False,
    l2: Annotated[float | None, typer.Option(help="L2 penalty of the softmax head.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed for folds and training.")] = None,
    cache: Annotated[Path, typer.Option(help="Folder for cached MiniLM features.")] = Path("/tmp/dyad-learn-cache"),
    threads: Annotated[int | None, typer.Option(help="torch CPU threads (default: torch's choice).")] = None,
    limit: Annotated[int | None, typer.Option(help="Use only the first N PLV rows (quick runs).")] = None,
) -> None:
    """Train the learned event classifier (frozen MiniLM features + calibrated softmax head)."""
    from dyad.learn.recipe import train_classifier
    from dyad.learn.train import TrainSettings

    settings = TrainSettings()
    if l2 is not None:
        settings.l2 = l2
    if seed is not None:
        settings.seed = seed
    try:
        report = train_classifier(plv_path=plv, gsr_path=None if no_gsr else gsr, templates=not no_templates,
                                  out_dir=out, folds=folds, cv=not no_cv, settings=settings, cache_dir=cache,
                                  limit=limit, threads=threads)
    except DyadError as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(code=1) from None
    data = report["data"]
    console.print(f"trained on {data['plv']} PLV pairs + {data['extra']} extra ({data['extra_by_origin']})")
    if "cross_validation" in report:
        console.print(_scores_table(f"{folds}-fold cross-validation on PLV", report["cross_validation"]))
    held = report["held_back_fold"]
    console.print(_scores_table(f"held-back PLV fold (temperature {held['temperature']})", held))


def register(app: typer.Typer) -> None:
    """Add ``dyad train`` to the main command line."""
    app.command(name="train")(train)
