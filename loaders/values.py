"""Read one printed figure: `42658`, `-57`, `+14`, `172195991.7元`, `22（其中修订16件）`, `—`.

Input is normalised text (half-width digits and brackets). A figure is a whole cell or
token; prose figures are the job of loaders.prose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

UNITS: tuple[str, ...] = ("人次", "万元", "件", "条", "次", "项", "人", "个", "篇", "元")

# Marks that tables print for zero / nothing to report.
_ZERO_MARKS = re.compile(r"^(?:[-—–―─－~]+|/|\\|无|零)$")
_FIGURE = re.compile(
    r"^(?P<pre>约|近|逾|超过)?"
    r"(?P<change>新增|增加|增|减少|减)?"  # 本年增/减 written out: 减少4, 增加6项
    r"(?P<sign>[+-])?"
    r"(?P<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<post>余|多)?"
    r"(?P<unit>人次|万元|件|条|次|项|人|个|篇|元)?"
    r"(?P<note>\([^()]*\)|（[^（）]*）)?$"
)
_PLAIN_DIGITS = re.compile(r"^\d+$")


class Figure(NamedTuple):
    """A number as printed: value (signed, int where it has no fraction), unit if stated."""

    value: int | float
    unit: str | None
    qualifier: str | None
    raw: str


@lru_cache(maxsize=8192)
def parse_figure(text: str) -> Figure | None:
    """The figure a cell or token prints, or None if it is not one."""
    raw = text.strip()
    if not raw:
        return None
    if _ZERO_MARKS.match(raw):
        return Figure(0, None, None, raw)
    m = _FIGURE.match(raw)
    if m is None:
        return None
    digits = m["int"].replace(",", "").replace("，", "")  # (thousands, as printed)
    value: int | float = float(f"{digits}.{m['frac']}") if m["frac"] else int(digits)
    if (m["sign"] == "-") != (m["change"] is not None and m["change"].startswith("减")):
        value = -value
    qualifier = None
    if m["post"] or m["pre"] in ("逾", "超过"):
        qualifier = "more_than"
    elif m["pre"]:
        qualifier = "about"
    return Figure(value, m["unit"], qualifier, raw)


def is_plain_digits(text: str) -> bool:
    """True for a bare run of digits: the only kind of cell a run-together split may cut."""
    return bool(_PLAIN_DIGITS.match(text))
