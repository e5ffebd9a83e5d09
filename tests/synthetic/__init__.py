"""Synthetic government information disclosure annual reports with known truth.

    from tests.synthetic import generate_report, write_corpus
    rep = generate_report(7, fmt="v2021", layout="spaces", encoding="gb18030", html=False)
    rep.data, rep.truth, rep.agency, rep.year, rep.broken

Every option left as None is drawn from the seed; the same seed gives the same bytes.
See generator.py (API), render.py (layouts), identities.py (checks and breaks),
splits.py (the run-together oracle).
"""

from .generator import (
    ENCODINGS,
    FORMATS,
    HTML_LAYOUTS,
    TEXT_LAYOUTS,
    SyntheticReport,
    generate_report,
    iter_corpus,
    write_corpus,
)
from .identities import BREAKABLE, check_identities, truth_values

__all__ = [
    "BREAKABLE", "ENCODINGS", "FORMATS", "HTML_LAYOUTS", "TEXT_LAYOUTS", "SyntheticReport",
    "check_identities", "generate_report", "iter_corpus", "truth_values", "write_corpus",
]
