"""分析: the owner's view of the customer base (segments, month-ends, movement, cohorts,
RFM grid, voices), every number clickable to the customers behind it."""

from desk_app.ui.analysis.window import AnalysisWindow

__all__ = ["AnalysisWindow"]
