"""Synthetic government information disclosure annual reports with known truth.

    from tests.synthetic import generate_report, write_corpus
    rep = generate_report(7, fmt="v2021", layout="spaces", encoding="gb18030", html=False)
    rep.filename, rep.data                 # the file as a scraper would save it
    rep.truth                              # expected staging rows: metric, applicant_type,
                                           # value, qualifier, unit, section
    rep.fmt, rep.year, rep.agency          # report level
    rep.broken                             # identity broken on purpose (break_identity=)
    write_corpus("bench/out/corpus", 10_000, seed=0)   # NNNNN_<name> files, mixed

Formats pre2019 (统计表 or prose only), v2019, v2021. Text layouts: cells (seed 002/004),
pipes (seed 003/001), opened_bars (rows broken before each bar), spaces (the PDF text of
the huaian sample), run_together (glued digits, with an oracle for their splits), prose;
HTML: table (rowspan/colspan, &nbsp;), prose. Encodings utf-8, utf-8-sig, gb18030. Every
option left as None is drawn from the seed; the same seed gives the same bytes. Numbers
satisfy every identity of identities.csv unless one is broken on purpose
(check_identities verifies).

Modules: generator (API), document and tables (content), render (layouts), numbers and
identities (values, checks, breaks), splits (run-together oracle), compare (truth vs
parse), diagnose (python -m tests.synthetic.diagnose: group parse failures).
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
