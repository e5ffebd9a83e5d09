"""A table region of normalised lines -> a stream of cells with their line numbers.

Layouts handled (one region may mix them):
- one cell per line, cells separated by empty lines; a line of only spaces between them
  is a blank cell (its position is kept: blank is null, not a shift);
- cells ended by bars: lone `|` lines between cells, or `cell |` lines; a bar with nothing
  before it is a blank cell, a cell may span lines; a lone bar opening every row (a scraped
  `| a | b |` row broken one cell per line) and a line of bars alone (`||`, a scraper's
  padding for merged cells) are no cells;
- cells opened by bars: a scraped `a | b |  | c |` row broken before each bar (`a`, `| b`,
  `|`, `| c`, `|`): a lone bar is a blank cell, or the row's closing bar before a line
  without one; a line without a bar after `| 计量` carries its cell on (`单位`);
- table rows with bars inside (`a | b |  | c`, what loaders.read makes of HTML rows; an
  empty piece, also before a leading or after a trailing bar, is a blank cell), or with
  tabs between cells (Word documents saved as text: two tabs in a row = a blank cell);
- cells separated by spaces on one line (PDF text: `规章 1 0 11`), with labels broken by
  spaces (`结 果 维持` -> one text cell) and figures glued to their label
  (`（一）予以公开7000007` -> text cell + digits cell, split later by loaders.digit_split).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Literal, NamedTuple

from loaders.values import UNITS, Figure, parse_figure

Kind = Literal["text", "value", "blank"]

_GLUED = re.compile(
    r"^(?P<label>.*?[\u4e00-\u9fff)\]\"”》:])(?P<fig>[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?)$"
)
_GLUED_ENDS = frozenset(",元")  # besides digits
_NOTE = re.compile(r"^(?:\([^()]*\)|（[^（）]*）)$")
_UNIT_WORDS = frozenset(UNITS)
# label words whose last character is a unit (`规范性文 件 12`: spacing normalize.py leaves)
_WORDS_ENDING_IN_A_UNIT = frozenset({"文件", "事件", "案件", "信件", "邮件", "事项", "款项"})


class Cell(NamedTuple):
    """One table cell: text as printed, 1-based line, kind, and its figure if it is one."""

    text: str
    line: int
    kind: Kind
    figure: Figure | None = None


# Cell((text, line, kind, figure)) without NamedTuple.__new__'s Python-level call: tables
# make a cell per printed cell, hundreds per report.
_cell = functools.partial(tuple.__new__, Cell)


def region_cells(lines: list[str], start: int = 0, end: int | None = None) -> list[Cell]:
    """The cells of lines[start:end] (0-based slice bounds), in reading order."""
    end = len(lines) if end is None else min(end, len(lines))
    region = lines[start:end]
    texts = list(map(str.strip, region))
    joined = "\n" + "\n".join(texts) + "\n"  # (for cheap bounds on lines with bars)
    if _bars_open_cells(texts, joined):
        return _opened_cells(region, texts, start)
    bars_end_cells = _bars_end_cells(texts, joined)
    after = lines[end] if end < len(lines) else ""
    blank_cells = not bars_end_cells and _blank_lines_are_cells(region, texts, after)
    in_rows: frozenset[int] | None = None  # one cell per line, nothing between: see below
    if not bars_end_cells and not blank_cells and "" in texts:
        in_rows = _blank_lines_in_rows(region, texts)
    row_starts = _row_start_bars(texts) if bars_end_cells else frozenset()
    out: list[Cell] = []
    pending: list[tuple[str, int]] = []
    for i, (number, raw, text) in enumerate(zip(itertools.count(start + 1), region, texts)):
        if not text:
            if (raw and blank_cells) or (in_rows is not None and i in in_rows):
                out.append(_cell(("", number, "blank", None)))
            continue
        if bars_end_cells:
            if i not in row_starts and not _padding_line(text):
                _stream_line(text, number, pending, out)
            continue
        _add_line(raw, text, number, out)
    if pending:
        _flush(pending, end, out)
    return out


def _add_line(raw: str, text: str, number: int, out: list[Cell]) -> None:
    """The cells of a line that is a table row (bars or tabs between cells) or one or more
    cells separated by spaces. `text`: `raw` stripped."""
    if "\t" in text:
        pieces = _row_pieces(raw.lstrip(" \t").rstrip(" "), "\t")
    elif "|" in text:
        pieces = _row_pieces(text, "|")
    else:
        pieces = _line_pieces(text)
    if len(pieces) == 1:  # (most lines: one cell)
        ((piece, kind, figure),) = pieces
        out.append(_cell((piece, number, kind, figure)))
    else:
        out += [_cell((t, number, kind, figure)) for t, kind, figure in pieces]


def line_cells(text: str, number: int) -> list[Cell]:
    """Cells of one line in the one-per-line or space-separated layouts."""
    return [Cell(t, number, kind, figure) for t, kind, figure in _line_pieces(text)]


@functools.lru_cache(maxsize=16384)  # most table lines repeat across reports: labels, 0, 1 ...
def _line_pieces(text: str) -> tuple[tuple[str, Kind, Figure | None], ...]:
    return tuple((c.text, c.kind, c.figure) for c in _line_cells(text, 0))


def _line_cells(text: str, number: int) -> list[Cell]:
    tokens = text.split()
    out: list[Cell] = []
    words: list[str] = []
    for i, token in enumerate(tokens):
        figure = parse_figure(token)
        if figure is not None:
            _flush_words(words, number, out)
            out.append(Cell(token, number, "value", figure))
        elif out and out[-1].kind == "value" and not words and _NOTE.match(token):
            out[-1] = _with_note(out[-1], token)
        elif (glued := _glued(tokens, i)) is not None:
            words.append(glued["label"])
            _flush_words(words, number, out)
            fig = glued["fig"]
            out.append(Cell(fig, number, "value", parse_figure(fig)))
        elif (
            token in _UNIT_WORDS
            and words
            and _ends_cell(tokens, i)
            and words[-1][-1:] + token not in _WORDS_ENDING_IN_A_UNIT
        ):
            _flush_words(words, number, out)
            out.append(Cell(token, number, "text"))
        elif token in _UNIT_WORDS and not words and _unit_of_figure(out, tokens, i):
            out[-1] = _with_unit(out[-1], token)  # `3 件`: the unit printed after a space
        else:
            words.append(token)
    _flush_words(words, number, out)
    return out


def values_or_zero(cells: list[Cell]) -> list[int | float]:
    """The figure of each cell, 0 for a blank or a cell without a value (for sums)."""
    return [c.figure.value if c.figure and c.figure.value is not None else 0 for c in cells]


def joined_text(cells: list[Cell]) -> str:
    """The text cells of `cells` run together, spaces removed (labels broken by spaces)."""
    return "".join(c.text for c in cells if c.kind == "text").replace(" ", "")


# ---------------------------------------------------------------- helpers


def _bars_end_cells(texts: list[str], joined: str) -> bool:
    """True when bars end cells (lone `|` lines, or `cell |` lines): a cell's text runs
    until the next bar, and a bar with nothing before it is a blank cell. Otherwise a
    line with bars is one table row (what loaders.read makes of HTML). `texts`: the
    region's lines, stripped; `joined`: them between newlines."""
    if joined.count("|\n") < 3:
        return False  # (fewer than 3 lines end with a bar: a cheap upper bound on `ending`)
    ending = sum(1 for text in texts if text.endswith("|") and text.count("|") == 1)
    if ending < 3:
        return False
    content = len(texts) - texts.count("")
    rows = sum(1 for text in texts if "|" in text.rstrip("|"))  # (never an ending line)
    return ending * 10 >= content * 3 and ending > rows


def _bars_open_cells(texts: list[str], joined: str) -> bool:
    """True when bars open cells: a scraped `a | b | c |` row broken before each bar. Lone
    bars are in both layouts; `| b` lines (opening) tell this one from cells ended by
    bars (`b |` lines, ending). `texts`: the region's lines, stripped; `joined`: them
    between newlines."""
    if joined.count("\n|") < 3:
        return False  # (a cheap upper bound on `opening`)
    opening = sum(1 for t in texts if t[:1] == "|" and t.count("|") == 1 and len(t) > 1)
    if opening < 3:
        return False
    ending = sum(1 for t in texts if t[-1:] == "|" and len(t) > 1)
    content = len(texts) - texts.count("")
    return opening * 10 >= content and opening > 2 * ending


def _opened_cells(region: list[str], texts: list[str], start: int) -> list[Cell]:
    """The cells of a region where bars open cells (_bars_open_cells)."""
    out: list[Cell] = []
    carried = False  # the last cell was opened by a bar on the line before: a line
    # without a bar carries it on
    for i, (number, raw, text) in enumerate(zip(itertools.count(start + 1), region, texts)):
        if not text:
            carried = False
        elif text == "|":
            if _next_opens(texts, i):
                out.append(_cell(("", number, "blank", None)))
            carried = False  # (else the row's closing bar: no cell)
        elif text[0] == "|" and text.count("|") == 1:
            out.append(_piece_cell(text[1:].strip(), number))
            carried = True
        elif carried and "|" not in text:
            last = out.pop()
            out.append(_piece_cell(last.text + text, last.line))
        else:
            _add_line(raw, text, number, out)
    return out


def _next_opens(texts: list[str], i: int) -> bool:
    """Whether the next printed line after texts[i] starts with a bar."""
    return next((t[0] == "|" for t in itertools.islice(texts, i + 1, None) if t), False)


def _piece_cell(text: str, number: int) -> Cell:
    """A cell of `text` as printed between bars: blank, a figure or text."""
    if not text:
        return _cell(("", number, "blank", None))
    figure = parse_figure(text) or _spaced_unit(text)
    return _cell((text, number, "value" if figure else "text", figure))


def _padding_line(text: str) -> bool:
    """`||`, `|||`: where bars end cells, a line of bars alone is the padding a scraper adds
    after a row for its merged cells (a blank cell prints as one lone `|`)."""
    return len(text) > 1 and text.count("|") == len(text)


def _row_start_bars(texts: list[str]) -> frozenset[int]:
    """Lone `|` lines that open a row rather than end a blank cell: a scraped `| a | b |` row
    broken one cell per line (`|`, `一、本年新收… |`, `8 |` …). They are row openers when
    most cells carry their own bar, the table's first bar is a lone one, and nearly every
    row label after a figure has a lone bar just before it (blank last cells put one before
    some labels only). `texts`: the region's lines, stripped."""
    content = [t for t in texts if t and t != "|"]
    if sum(t.endswith("|") for t in content) * 10 < len(content) * 6:
        return frozenset()
    if next((t for t in texts if t.endswith("|")), "") != "|":
        return frozenset()
    starts: set[int] = set()
    labels = 0  # row labels after a figure
    bar: int | None = None  # the last lone bar, while only empty lines follow it
    after_figure = False
    for i, text in enumerate(texts):
        if text == "|":
            bar = i
        elif text:
            first = _bar_pieces(text)[0]
            is_text = bool(first) and parse_figure(first) is None
            if is_text:
                labels += after_figure
                if bar is not None:
                    starts.add(bar)
            after_figure = bool(first) and not is_text
            bar = None
    if labels < 3 or len(starts) * 10 < labels * 8:
        return frozenset()
    return frozenset(starts)


def _blank_lines_are_cells(region: list[str], texts: list[str], after: str) -> bool:
    """Spaces-only lines are cells when cells are separated by truly empty lines.
    `texts`: the region's lines stripped; `after`: the line after the region ("" at the
    end of the document)."""
    spaces_only = texts.count("") - region.count("")  # (an empty line strips to "")
    if not spaces_only:
        return False
    followed_by_empty = content = 0
    for i, text in enumerate(texts):
        if text:
            content += 1
            nxt = region[i + 1] if i + 1 < len(region) else after
            followed_by_empty += nxt == ""
    return content > 0 and followed_by_empty * 10 >= content * 6


def _blank_lines_in_rows(region: list[str], texts: list[str]) -> frozenset[int] | None:
    """Cells one per line with nothing between them (a scraped table whose `&nbsp;` or empty
    `<td>` cells print as spaces-only or empty lines): the indexes of the lines that are
    blank cells, or None when such lines are not cells.

    They are cells when, read as cells, the runs of figure cells between labels come out
    more even (`60, 3, _, _, 1, _, 64` in every row) than without them. Only lines between
    the first figure and the last printed line count, not the spacing around the table."""
    printed = len(texts) - texts.count("")
    if sum(" " in t or "|" in t or "\t" in t for t in texts) * 5 > printed:
        return None  # (a cheap bound first: many lines of several cells)
    separated = sum(1 for t, nxt in zip(texts[:-1], region[1:], strict=True) if t and nxt == "")
    if separated * 10 >= printed * 9:
        return None  # cells separated by empty lines: those are no cells
    kinds = [_line_kind(raw, text) for raw, text in zip(region, texts, strict=True)]
    first = next((i for i, k in enumerate(kinds) if k == "v"), None)
    if first is None or kinds.count("m") * 5 > printed:
        return None  # no figures, or not one cell per line
    last = max(i for i, k in enumerate(kinds) if k not in "se")
    rows = range(first, last + 1)
    best, chosen = _evenness(kinds, rows, ""), ""
    for blank in ("s", "se"):  # spaces-only lines; and empty lines too
        score = _evenness(kinds, rows, blank)
        if score > best + _EVENER:
            best, chosen = score, blank
    if not chosen:
        return None
    return frozenset(i for i in rows if kinds[i] in chosen)


_EVENER = 0.2  # how much more even the rows must come out to read blank lines as cells


def _line_kind(raw: str, text: str) -> str:
    """v: one figure cell; t: one text cell; m: several cells; s: spaces only; e: empty."""
    if not text:
        return "s" if raw else "e"
    pieces = _line_pieces(text)
    if len(pieces) > 1:
        return "m"
    return "t" if pieces[0][1] == "text" else "v"


def _evenness(kinds: list[str], rows: range, blank: str) -> float:
    """Share of the runs of figure cells (between text lines, holding a figure) whose length
    is the most common one, with the lines of kinds `blank` read as blank cells."""
    runs: list[int] = []
    length, has_value = 0, False
    for i in rows:
        kind = kinds[i]
        if kind == "t" or kind == "m":
            if has_value:
                runs.append(length)
            length, has_value = 0, False
        elif kind == "v" or kind in blank:
            length += 1
            has_value = has_value or kind == "v"
    if has_value:
        runs.append(length)
    if not runs:
        return 0.0
    return max(runs.count(n) for n in set(runs)) / len(runs)


def _stream_line(text: str, number: int, pending: list[tuple[str, int]], out: list[Cell]) -> None:
    """A line where each bar ends the cell before it; text after the last bar carries on."""
    *ended, rest = _bar_pieces(text)
    for piece in ended:
        if pending:
            if piece:
                pending.append((piece, number))
            _flush(pending, number, out)
        elif piece:  # (what _flush makes of this piece alone)
            figure = parse_figure(piece)
            out.append(_cell((piece, number, "value" if figure else "text", figure)))
        else:
            out.append(_cell(("", number, "blank", None)))
    if rest:
        pending.append((rest, number))


@functools.lru_cache(maxsize=4096)  # (`|`, `0 |` ... repeat)
def _bar_pieces(text: str) -> tuple[str, ...]:
    """The pieces of `text` between bars, stripped."""
    return tuple(piece.strip() for piece in text.split("|"))


def _flush(pending: list[tuple[str, int]], number: int, out: list[Cell]) -> None:
    """The pending text as one cell (a cell may span lines), or a blank cell."""
    if not pending:
        out.append(_cell(("", number, "blank", None)))
        return
    text = pending[0][0] if len(pending) == 1 else "".join([t for t, _ in pending])
    first = pending[0][1]
    pending.clear()
    figure = parse_figure(text)
    out.append(_cell((text, first, "value" if figure else "text", figure)))


@functools.lru_cache(maxsize=8192)  # rows repeat across reports (`0 | 0 | 0`, labels)
def _row_pieces(text: str, sep: str) -> tuple[tuple[str, Kind, Figure | None], ...]:
    """(text, kind, figure) of each cell of a table row `a | b |  | c` (or tab-separated):
    every piece between separators is a cell (empty: blank)."""
    out: list[tuple[str, Kind, Figure | None]] = []
    for piece in text.split(sep):
        piece = piece.strip()
        if not piece:
            out.append(("", "blank", None))
            continue
        figure = parse_figure(piece) or _spaced_unit(piece)
        if figure is not None:
            out.append((piece, "value", figure))
        elif any(parse_figure(token) for token in piece.split()):
            out += _line_pieces(piece)  # figures inside a cell: split them off
        else:
            out.append((piece, "text", None))
    return tuple(out)


def _glued(tokens: list[str], i: int) -> re.Match[str] | None:
    """`label123` where figures follow or the line ends, and not inside a note `(…计1`."""
    if tokens[i][-1] not in _GLUED_ENDS and not tokens[i][-1].isdecimal():
        return None  # (what _GLUED's figure can end with)
    m = _GLUED.match(tokens[i])
    if m is None or m["label"].count("(") > m["label"].count(")"):
        return None
    if i + 1 < len(tokens) and parse_figure(tokens[i + 1]) is None:
        return None
    return m


def _flush_words(words: list[str], number: int, out: list[Cell]) -> None:
    if words:
        out.append(Cell("".join(words), number, "text"))
        words.clear()


def _ends_cell(tokens: list[str], i: int) -> bool:
    return i + 1 == len(tokens) or parse_figure(tokens[i + 1]) is not None


def _spaced_unit(piece: str) -> Figure | None:
    """A cell `3 件` / `0.5 万元`: one figure with its unit after a space."""
    head, _, unit = piece.rpartition(" ")
    if unit not in _UNIT_WORDS or " " in head.strip():
        return None
    figure = parse_figure(head.strip() + unit)
    return None if figure is None else Figure(figure.value, figure.unit, figure.qualifier, piece)


def _unit_of_figure(out: list[Cell], tokens: list[str], i: int) -> bool:
    """A unit token right after a figure of this line, ending the line, before text, or
    in a run of figures that each print it (`1 件 0 件 11 件`)."""
    before = out[-1] if out else None
    if before is None or before.kind != "value" or before.figure is None or before.figure.unit:
        return False
    if i + 1 == len(tokens) or parse_figure(tokens[i + 1]) is None:
        return True
    return i + 2 < len(tokens) and tokens[i + 2] == tokens[i]


def _with_unit(cell: Cell, unit: str) -> Cell:
    text = f"{cell.text} {unit}"
    return Cell(text, cell.line, "value", _spaced_unit(text) or cell.figure)


def _with_note(cell: Cell, note: str) -> Cell:
    text = f"{cell.text}{note}"
    figure = cell.figure
    if figure is not None:
        figure = Figure(figure.value, figure.unit, figure.qualifier, text)
    return Cell(text, cell.line, cell.kind, figure)
