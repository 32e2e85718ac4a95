"""顧客ステージ: the thresholds every screen and the CLI derive stages and RFM scores from.

One page for the shop owner: the kind of stages (the ten-segment 顧客ポートフォリオ or four
ranks 新規/常連/優良/離脱), the days and yen that separate them, and the RFM score bounds
(fixed, or fifths of the customer base). Saving writes the ``[stages]`` section of
``config.toml`` through ``DeskContext.save_config``; the hub's ``settings_changed`` then
makes the analysis window recompute, and the next pop-up, card or list reads the new
thresholds (as does ``desk-app rfm``, which reads the same file).

Enter in a field never saves (the Save button is not a default button); the values are
checked before anything is written (four ascending bounds each), and a refusal names the
row at fault.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app import config as config_file
from desk_app.config import StageCpmSettings, StageRfmSettings, StagesSettings
from desk_app.ui.kit import domain_text


def _spin(maximum: int, suffix: str, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class BoundsRow(QWidget):
    """Four ascending inclusive upper bounds (score 1 up to the first … 5 above the last)."""

    def __init__(self, maximum: int, suffix: str, step: int = 1) -> None:
        super().__init__()
        self.spins = [_spin(maximum, suffix, step) for _ in range(4)]
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for spin in self.spins:
            row.addWidget(spin)

    def values(self) -> list[int]:
        return [s.value() for s in self.spins]

    def set_values(self, values) -> None:
        for spin, v in zip(self.spins, values, strict=True):
            spin.setValue(int(v))


class StageSettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Customer stages"))
        self.services = services
        self.variant = QComboBox()
        self.variant.setObjectName("variant")
        self.variant.addItem(self.tr("Customer portfolio, ten segments (初回 … 優良 × 現役/離脱)"),
                             "cpm10")
        self.variant.addItem(self.tr("Four ranks (新規 / 常連 / 優良 / 離脱)"), "rank4")
        self.lapse = _spin(3650, self.tr(" days"))
        self.lapse.setObjectName("lapseDays")
        self.young = _spin(3650, self.tr(" days"))
        self.young.setObjectName("youngTenureDays")
        self.loyal = _spin(100_000_000, self.tr(" yen"), 1000)
        self.loyal.setObjectName("loyalAmount")
        self.trend = _spin(3650, self.tr(" days"))
        self.trend.setObjectName("trendTenureDays")
        stages = QGroupBox(self.tr("Stages"))
        form = QFormLayout(stages)
        form.addRow(self.tr("Kind"), self.variant)
        form.addRow(self.tr("離脱 (lapsed) when the last order is at least"), self.lapse)
        self.young_label = QLabel(self.tr("よちよち while the time between first and last "
                                          "order is under"))
        form.addRow(self.young_label, self.young)
        self.loyal_label = QLabel(self.tr("コツコツ while the total is under (four ranks: 優良 "
                                          "from this total)"))
        form.addRow(self.loyal_label, self.loyal)
        self.trend_label = QLabel(self.tr("流行 while the time between first and last order "
                                          "is under"))
        form.addRow(self.trend_label, self.trend)

        self.method = QComboBox()
        self.method.setObjectName("rfmMethod")
        self.method.addItem(self.tr("Fixed bounds"), "fixed")
        self.method.addItem(self.tr("Quintiles of the customer base (fifths)"), "quintiles")
        self.recency = BoundsRow(3650, self.tr(" days"))
        self.recency.setObjectName("recencyBounds")
        self.frequency = BoundsRow(10_000, self.tr(" orders"))
        self.frequency.setObjectName("frequencyBounds")
        self.monetary = BoundsRow(100_000_000, self.tr(" yen"), 1000)
        self.monetary.setObjectName("monetaryBounds")
        rfm = QGroupBox(self.tr("RFM scores (1–5)"))
        rform = QFormLayout(rfm)
        rform.addRow(self.tr("Scores by"), self.method)
        rform.addRow(self.tr("R: days since the last order, 5 up to the first"), self.recency)
        rform.addRow(self.tr("F: number of orders, 1 up to the first"), self.frequency)
        rform.addRow(self.tr("M: total spent, 1 up to the first"), self.monetary)
        note = QLabel(self.tr("Each score counts the bounds below the customer's figure: up to "
                              "the first bound scores 1, above the last scores 5 (R the other "
                              "way round: fewer days score higher). The pop-up, the card, the "
                              "lists, the analysis, the letters and desk-app rfm all use these "
                              "settings."))
        note.setWordWrap(True)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        defaults = QPushButton(self.tr("Defaults"))
        defaults.setAutoDefault(False)
        defaults.clicked.connect(lambda: self.load(StagesSettings()))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(defaults)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(stages)
        layout.addWidget(rfm)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.variant.currentIndexChanged.connect(lambda _i: self._variant_changed())
        self.method.currentIndexChanged.connect(lambda _i: self._method_changed())
        self.load(services.config.stages)
        self.resize(900, 620)

    # -- form ----------------------------------------------------------------------------
    def load(self, s: StagesSettings) -> None:
        self.variant.setCurrentIndex(max(0, self.variant.findData(s.cpm.variant)))
        self.lapse.setValue(s.cpm.lapse_days)
        self.young.setValue(s.cpm.young_tenure_days)
        self.loyal.setValue(s.cpm.loyal_amount)
        self.trend.setValue(s.cpm.trend_tenure_days)
        self.method.setCurrentIndex(max(0, self.method.findData(s.rfm.method)))
        self.recency.set_values(s.rfm.recency_days)
        self.frequency.set_values(s.rfm.frequency)
        self.monetary.set_values(s.rfm.monetary)
        self._variant_changed()
        self._method_changed()
        self.error.setText("")

    def _variant_changed(self) -> None:
        cpm = self.variant.currentData() == "cpm10"
        for w in (self.young, self.young_label, self.trend, self.trend_label):
            w.setEnabled(cpm)

    def _method_changed(self) -> None:
        fixed = self.method.currentData() == "fixed"
        for row in (self.recency, self.frequency, self.monetary):
            row.setEnabled(fixed)

    def value(self) -> StagesSettings:
        """The form as settings; ValueError naming the row when bounds are not ascending."""
        for label, row in ((self.tr("R"), self.recency), (self.tr("F"), self.frequency),
                           (self.tr("M"), self.monetary)):
            v = row.values()
            if any(b < a for a, b in zip(v, v[1:], strict=False)):
                raise ValueError(self.tr("%1: the four bounds must go from small to large.")
                                 .replace("%1", label))
        try:
            return StagesSettings(
                StageCpmSettings(str(self.variant.currentData()), self.lapse.value(),
                                 self.young.value(), self.loyal.value(), self.trend.value()),
                StageRfmSettings(str(self.method.currentData()), self.recency.values(),
                                 self.frequency.values(), self.monetary.values()))
        except config_file.ConfigError as exc:
            raise ValueError(domain_text.message(exc.problem)) from None

    # -- save ------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            stages = self.value()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        config = dataclasses.replace(self.services.config, stages=stages)
        try:
            self.services.save_config(config)
        except OSError as exc:
            self.error.setText(self.tr("The settings could not be saved: %1")
                               .replace("%1", str(exc)))
            return
        self.saved.emit()
        super().accept()
