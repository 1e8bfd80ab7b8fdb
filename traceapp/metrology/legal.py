"""The legal basis a metrology failure is recorded under, and the rules a verdict was reached by, as cited on a
violation and in the printed record (issue 14, items 4 and 5).

Sanctions in standards, metrology and quality: Decree 119/2017/NĐ-CP, amended by Decree 126/2021/NĐ-CP. The
citation names the decree and the subject of its article (measuring instruments; the quantity of prepackaged
goods), not the point and clause: which one applies depends on the act the inspector records (no verification,
an expired one, a broken seal, an error beyond the MPE, a short lot), and the article numbers could not be
confirmed from the decree's text while this was written (docs/metrology.md). Lazy strings: each is read in the
language of the page or document that shows it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

INSTRUMENT_SANCTIONS = _l(
    "Law on Metrology 2011; Decree 119/2017/NĐ-CP (amended by Decree 126/2021/NĐ-CP), violations of the rules on "
    "measuring instruments"
)
PREPACKAGED_SANCTIONS = _l(
    "Law on Metrology 2011; Circular 21/2014/TT-BKHCN; Decree 119/2017/NĐ-CP (amended by Decree 126/2021/NĐ-CP), "
    "violations of the rules on the quantity of prepackaged goods"
)

# What the verdicts were computed by, for the record under the figures.
WEIGHING_RULES_SOURCE = _l(
    "Maximum permissible error in service: twice the error on initial verification, OIML R 76-1 (Table 6)"
)
PREPACKAGED_RULES_SOURCE = _l(
    "Circular 21/2014/TT-BKHCN (tolerable deficiency T, sampling plan, mean rule), after OIML R 87"
)
