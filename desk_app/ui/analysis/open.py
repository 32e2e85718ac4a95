"""Opening the analysis window from the desk: one per desk, wired to its changes."""

from __future__ import annotations

from desk_app.services.base import ServiceContext
from desk_app.ui.analysis.window import AnalysisWindow
from desk_app.ui.kit.screens import present


def open_analysis(parent, services) -> AnalysisWindow:
    """Show (or raise) the desk's analysis window. Cards open in the desk's main window;
    a saved order or note refreshes the warm figures."""
    window = getattr(parent, "_analysis_window", None)
    if window is not None:
        return present(window)
    ctx = ServiceContext(services.store, operator_id=services.operator_id,
                         today=services.today, config=getattr(services, "config", None))
    window = AnalysisWindow(ctx, tasks=services.tasks,
                            open_customer=services.navigation.open_customer,
                            actor=services.operator_name or None)
    services.hub.customers_changed.connect(window.customers_changed_on_desk)
    services.hub.settings_changed.connect(window.settings_changed)
    window.destroyed.connect(lambda *_: setattr(parent, "_analysis_window", None))
    parent._analysis_window = window
    window.show()
    return window
