"""The RFM analysis engine: segment counts as of any date, month-ends, movement, cohorts,
revenue per segment, the RFM grid, voices per segment, and the customers behind any number.

The store's orders are loaded once into columns (numpy arrays, one entry per active order,
sorted by customer then date, plus a copy sorted by date) and kept warm: a refresh
replaces the orders of the customers a change touched without reloading the rest. Every
figure applies the one stage model of ``desk_app.domain.stages`` to whole columns; the
tests check it against :func:`~desk_app.domain.stages.segment` customer by customer.

The package:

- :mod:`.columns`: the :class:`Snapshot` columns, built from rows and patched per customer;
- :mod:`.engine`: :class:`AnalysisEngine`, every customer's state as of a date;
- :mod:`.timeline`: head-counts per segment on every day, one table per snapshot and rules
  (what counts as of a date and the month-ends read);
- :mod:`.queries`: the figures (counts, month-ends, movement, cohorts, revenue, RFM, voices,
  the customers behind a number);
- :mod:`.selectors`: what a clicked number names;
- :mod:`.loading` and :mod:`.cache`: reading the store, the memory-mapped column cache on
  disk (validated by the store's change marker, so never stale), the warm engine per store.

Why numpy (README, dependencies): at 1M customers / 5M orders the per-day table takes a
few hundred milliseconds once, then a date or 24 month-ends are look-ups and a whole
state tens of milliseconds, well inside the goals and faster than
pandas, polars or DuckDB doing the same (measured in bench/bench_rfm.py), for one small,
ubiquitous dependency. The pop-up never imports this package.
"""

from desk_app.services.analysis.columns import (
    EPOCH,
    Progress,
    Snapshot,
    build,
    from_day,
    month_end,
    month_ends,
    replace_customers,
    to_day,
)
from desk_app.services.analysis.engine import AnalysisEngine, State
from desk_app.services.analysis.loading import changed, forget, load_snapshot, warm_engine
from desk_app.services.analysis.selectors import (
    CohortCell,
    MovementCell,
    RfmCell,
    SegmentCell,
    Selector,
    VoiceCell,
)

__all__ = ["EPOCH", "AnalysisEngine", "CohortCell", "MovementCell", "Progress", "RfmCell",
           "SegmentCell", "Selector", "Snapshot", "State", "VoiceCell", "build", "changed",
           "forget", "from_day", "load_snapshot", "month_end", "month_ends",
           "replace_customers", "to_day", "warm_engine"]
