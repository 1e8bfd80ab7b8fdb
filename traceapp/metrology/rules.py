"""The metrology rules in one place to import from (issue 14, item 6): Decimal in, Decimal out, never float.

Each rule lives in a module named after what it judges, with its table and source: weighing instruments
(``weighing.py``, OIML R 76), prepackaged goods (``prepackaged.py``, Circular 21/2014/TT-BKHCN after OIML R 87)
and verification periods (``periods.py``, Circular 23/2013/TT-BKHCN as amended). docs/metrology.md sets each
table out with its source and says what could not be confirmed.
"""

from __future__ import annotations

from traceapp.metrology.errors import MetrologyError
from traceapp.metrology.periods import VERIFICATION_PERIODS, VerificationPeriod, add_months, verification_due
from traceapp.metrology.prepackaged import (
    DEFICIENCY_TABLE,
    LotVerdict,
    RuleResult,
    SamplingPlan,
    judge_lot,
    sample_std_dev,
    sampling_plan,
    tolerable_deficiency,
)
from traceapp.metrology.weighing import (
    ACCURACY_CLASSES,
    MPE_BANDS,
    LoadResult,
    WeighingVerdict,
    judge_weighing,
    max_permissible_error,
)

__all__ = [
    "ACCURACY_CLASSES",
    "DEFICIENCY_TABLE",
    "MPE_BANDS",
    "VERIFICATION_PERIODS",
    "LoadResult",
    "LotVerdict",
    "MetrologyError",
    "RuleResult",
    "SamplingPlan",
    "VerificationPeriod",
    "WeighingVerdict",
    "add_months",
    "judge_lot",
    "judge_weighing",
    "max_permissible_error",
    "sample_std_dev",
    "sampling_plan",
    "tolerable_deficiency",
    "verification_due",
]
