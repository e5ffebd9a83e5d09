"""Where the tables of a 2019/2021-template report lie: line ranges of 二, 三 and 四.

Ranges are 0-based half-open [start, end) over the normalised lines. `at_eof` is true when
no heading after the table closes it, which is how a truncated file shows.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass

from loaders.labels import squash

PROACTIVE_ITEM = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)项")
_PROACTIVE_HEAD = re.compile(r"主动公开政府信息情况$", re.MULTILINE)  # (lines: see _Flat)
_REQUESTS_HEAD = re.compile(r"收到和处理政府信息公开申请")
_REQUESTS_ROW = re.compile(r"本年新收")
_REVIEW_HEAD = re.compile(r"行政复议[、,，和及与]?行政诉讼")
_AFTER = re.compile(r"^[五六七八]、|存在的主要问题|其他需要报告", re.MULTILINE)
_HEADER_ROWS = 14  # lines of column headers a table may have above its first row
_HEAD_TO_ROW = 60  # lines from the 三 heading to the table's first row, at most
_ROW_LABEL_LEN = 40  # a 本年新收 table row (label and figures) is no longer than this


@dataclass(frozen=True, slots=True)
class Span:
    """Lines [start, end) of one table; at_eof: nothing after it closes it."""

    start: int
    end: int
    at_eof: bool


@dataclass(frozen=True, slots=True)
class Sections:
    """The three tables of the 2019/2021 template, each None when not found."""

    proactive: Span | None
    requests: Span | None
    review: Span | None


class _Flat:
    """The lines without whitespace (labels broken by spaces read whole), searched all at
    once: joined by newlines, which no pattern here matches, with `^`/`$` per line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [squash(line) for line in lines]
        self.text = "\n".join(self.lines)
        # offset of line i: the lengths of the lines before it, plus i newlines
        lengths = itertools.accumulate(map(len, self.lines), initial=0)
        self.starts = list(map(operator.add, lengths, itertools.count()))

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> str:
        return self.lines[i]

    def _line(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at) - 1

    def matching(self, pattern: re.Pattern[str], stop: int | None = None) -> list[int]:
        """Indexes of the lines (before `stop`) where `pattern` matches."""
        end = len(self.text) if stop is None else self.starts[stop]
        found = (self._line(m.start()) for m in pattern.finditer(self.text, 0, end))
        return list(dict.fromkeys(found))


def locate(lines: list[str]) -> Sections:
    """Find 二 主动公开, 三 收到和处理申请 and 四 复议诉讼 in the normalised lines."""
    flat = _Flat(lines)
    n = len(flat)
    req_start = _requests_start(flat)
    review_start = _first(flat, _REVIEW_HEAD, req_start if req_start is not None else 0)
    proactive = _proactive(flat, req_start if req_start is not None else review_start)
    requests = None
    if req_start is not None:
        end = review_start if review_start is not None else _first(flat, _AFTER, req_start + 1)
        requests = Span(req_start, n if end is None else end, end is None)
    review = None
    if review_start is not None:
        end = _first(flat, _AFTER, review_start + 1)
        review = Span(review_start, n if end is None else end, end is None)
    return Sections(proactive, requests, review)


def _requests_start(flat: _Flat) -> int | None:
    """The 三 heading nearest above a 本年新收 row close below it; else a short 本年新收 line
    (a table row, not a sentence) less its header rows.

    The nearest: an opening sentence that lists the sections (全文包括…收到和处理政府信息
    公开申请情况…) can lie within reach of the row too, with table 二 between them."""
    rows = flat.matching(_REQUESTS_ROW)
    heads = flat.matching(_REQUESTS_HEAD)
    for i, head in enumerate(heads):
        row = next((r for r in rows if r >= head), None)
        if row is not None and row - head <= _HEAD_TO_ROW:
            return max(h for h in heads[i:] if h <= row)
    short = [r for r in rows if len(flat[r]) <= _ROW_LABEL_LEN]
    return max(short[0] - _HEADER_ROWS, 0) if short else None


def _proactive(flat: _Flat, stop: int | None) -> Span | None:
    end = len(flat) if stop is None else stop
    start = _first(flat, PROACTIVE_ITEM, 0)
    if start is None or start >= end:
        heads = flat.matching(_PROACTIVE_HEAD, end)
        if not heads:
            return None
        start = heads[-1]
    if stop is None:
        after = _first(flat, _AFTER, start + 1)
        return Span(start, len(flat) if after is None else after, after is None)
    return Span(start, end, False)


def _first(flat: _Flat, pattern: re.Pattern[str], start: int) -> int | None:
    """The first line from `start` on where `pattern` matches."""
    if start >= len(flat):
        return None
    m = pattern.search(flat.text, flat.starts[start])
    return None if m is None else flat._line(m.start())
