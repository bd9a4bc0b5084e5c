"""Attribution (who claims what) and the status and factuality of events.

Stages ``attributions`` and ``status`` live in :mod:`dyad.extract.attribution.stage`;
:func:`event_status` reads one trigger in one sentence with the same rules.
"""

from __future__ import annotations

from dyad.extract.attribution.api import event_status

__all__ = ["event_status"]
