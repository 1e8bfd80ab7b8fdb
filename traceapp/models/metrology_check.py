"""What an inspector measured in the field: the test loads put on a weighing instrument, and a prepackaged lot's
sample (issue 14, items 4 and 5).

The figures are kept as entered, so the verdict can be worked out again from them (``traceapp.metrology.rules``);
a lot check also stores the verdict it gave, so the printed record says what was decided on the day even if a
rule's table is corrected later. Each row hangs off an ``InspectionItem`` and goes with it.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from traceapp.models.base import Base, TimestampMixin
from traceapp.models.inspection import InspectionItem


class WeighingTest(Base):
    """One test load (reference weights) and what the instrument read, in the instrument's unit."""

    __tablename__ = "weighing_test"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    load: Mapped[Decimal] = mapped_column(Numeric(14, 6))
    reading: Mapped[Decimal] = mapped_column(Numeric(14, 6))
    unit: Mapped[str] = mapped_column(String(8))

    # The backref only carries the delete: removing an item removes its tests (read them with a query).
    item: Mapped[InspectionItem] = relationship(
        backref=backref("_weighing_tests", cascade="all, delete-orphan", passive_deletes=True)
    )


class PrepackagedLotCheck(Base, TimestampMixin):
    """The quantity check of one lot of prepackaged goods and the verdict it gave (one per checked item)."""

    __tablename__ = "prepackaged_lot_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_item.id", ondelete="CASCADE"), unique=True)
    nominal: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(8))  # "g" or "ml"
    lot_size: Mapped[int] = mapped_column(Integer)
    # The verdict as given on the day: the plan, T, the counts, the mean and its limit, and the outcome.
    sample_size: Mapped[int] = mapped_column(Integer)
    allowed_over_t: Mapped[int] = mapped_column(Integer)
    tolerable_deficiency: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    over_t: Mapped[int] = mapped_column(Integer)
    over_2t: Mapped[int] = mapped_column(Integer)
    mean: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    mean_limit: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    passed: Mapped[bool] = mapped_column(Boolean)

    item: Mapped[InspectionItem] = relationship(
        backref=backref("_lot_check", cascade="all, delete-orphan", passive_deletes=True, uselist=False)
    )
    samples: Mapped[list[PrepackagedSample]] = relationship(
        back_populates="lot_check", cascade="all, delete-orphan", order_by="PrepackagedSample.position"
    )


class PrepackagedSample(Base):
    """One package of the sample: its net quantity, and the gross and tare it came from when they were weighed."""

    __tablename__ = "prepackaged_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_check_id: Mapped[int] = mapped_column(ForeignKey("prepackaged_lot_check.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    gross: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    tare: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    net: Mapped[Decimal] = mapped_column(Numeric(14, 3))

    lot_check: Mapped[PrepackagedLotCheck] = relationship(back_populates="samples")
