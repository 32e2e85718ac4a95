"""What a clicked number names: the selectors :meth:`AnalysisEngine.customers` answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SegmentCell:
    as_of: date
    segment: str

    def describe(self) -> str:
        return f"segment {self.segment} as of {self.as_of}"


@dataclass(frozen=True)
class MovementCell:
    d1: date
    d2: date
    from_segment: str
    to_segment: str

    @property
    def as_of(self) -> date:
        return self.d2

    def describe(self) -> str:
        return f"movement {self.from_segment} ({self.d1}) -> {self.to_segment} ({self.d2})"


@dataclass(frozen=True)
class CohortCell:
    as_of: date
    month: str  # YYYY-MM of the first purchase
    level: int  # 1 all of the cohort, 2 with a second order, 3 with a third

    def describe(self) -> str:
        return f"cohort {self.month} F{self.level} as of {self.as_of}"


@dataclass(frozen=True)
class RfmCell:
    as_of: date
    r: int
    f: int
    m: int | None = None

    def describe(self) -> str:
        return f"RFM R{self.r}F{self.f}{'' if self.m is None else f'M{self.m}'} as of {self.as_of}"


@dataclass(frozen=True)
class VoiceCell:
    month_end: date
    segment: str
    kind: str  # complaint / praise / nps

    @property
    def as_of(self) -> date:
        return self.month_end

    def describe(self) -> str:
        return f"{self.kind} {self.segment} in the month ending {self.month_end}"


Selector = SegmentCell | MovementCell | CohortCell | RfmCell | VoiceCell
