"""Layouts: a Document as text lines (cells, pipes, opened_bars, spaces, run_together, prose,
prose_figures_alone) or HTML.

- cells: one cell per line, empty separator lines, blank cells as whitespace-only lines
  (seed 002; seed 004 without indentation).
- pipes: every cell followed by a `|` line (seed 003) or by ` |` on its own line (seed 001).
- opened_bars: table rows `a | b |  | c |` broken before each bar, as some scrapers print
  them: `a`, `| b`, `|` (blank), `| c`, then the row's closing `|`.
- spaces: a PDF text layer (huaian sample): a table row per line, cells separated by spaces,
  long labels wrapped around the numbers, row-group labels broken into fragments, page numbers.
- run_together: like spaces, but the digits of table 三 rows lose some or all separators.
- prose: no table (prose-only pre2019), one paragraph per line.
- prose_figures_alone: the same, each figure of a sentence on a line of its own and a blank
  line between all lines (`受理申请` / `` / `41` / `` / `件，其中…`), as pages print it whose
  figures stand in their own inline elements.
- HTML: `table` (real <table> with rowspan/colspan headers, &nbsp; blanks) or `prose`.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from .document import CHROME_BOTTOM, Document
from .tables import FULLWIDTH, Cell, Row, Table


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Per-report choices of a text layout."""

    indent: str = ""
    nbsp_prefix: bool = False
    pipe_inline: bool = False      # seed 001: "cell |"
    split_title: bool = False      # spaces: agency and year on two lines
    wrap: int = 38                 # spaces: prose line width
    label_wrap: int = 0            # spaces: wrap table labels longer than this (0: never)
    mess: bool = False             # spaces: row-group labels broken into fragments
    page_every: int = 0            # spaces: a page number line every N lines
    p_join: float = 0.7            # run_together: chance that a gap between cells vanishes
    fullwidth_digits: bool = False
    sep: str = " "                 # spaces: between cells (pdftotext -layout aligns columns)
    para_indent: str = ""          # cells / pipes / prose: 　　 before paragraphs


def _new_groups(prev: tuple[str, ...], row: Row) -> list[str]:
    """Row-group labels that start at `row`."""
    return [g for i, g in enumerate(row.groups) if prev[: i + 1] != row.groups[: i + 1]]


# ---------------------------------------------------------------- cells / pipes

def _cell_lines(table: Table, rng: random.Random, st: TextStyle) -> list[str]:
    """The table flattened cell by cell, as scraped pages give it (seed 002/004)."""
    out: list[str] = []
    for block in table.blocks:
        if block.title:
            out.append(block.title)
        for hrow in block.header:
            for h in hrow:
                out.extend(_broken_header(h.text, rng))
        prev: tuple[str, ...] = ()
        for row in block.rows:
            out.extend(_new_groups(prev, row))
            prev = row.groups
            if row.label:
                out.append(row.label)
            out.extend(_cell_text(c, st) for c in row.cells)
    return out


def _broken_header(text: str, rng: random.Random) -> list[str]:
    """本年新制作数量 -> 本年新 / 制作数量 sometimes (seed 002)."""
    if text.startswith("本年新") and len(text) > 5 and rng.random() < 0.5:
        return [text[:3] + " ", text[3:]]
    return [text]


def _cell_text(c: Cell, st: TextStyle) -> str:
    if not c.text:
        return " " if not st.indent else ""
    if st.nbsp_prefix and c.key is not None:
        return "\xa0" + c.text
    return c.text


def render_cells(doc: Document, rng: random.Random, st: TextStyle) -> list[str]:
    lines = _flow(doc, rng, st, lambda t: _cell_lines(t, rng, st))
    out: list[str] = []
    for line in lines:
        out += [st.indent + line, ""]
    return out


def _pipe_lines(table: Table, rng: random.Random, st: TextStyle) -> list[str]:
    """Cells separated by `|` lines; a blank cell is a `|` with nothing before it."""
    out: list[str] = []
    for text in _cell_lines(table, rng, st):
        stripped = text.strip()
        if not stripped:
            out.append("|")
        elif st.pipe_inline:
            out.append(f"{text} |")
        else:
            out.extend(_split_label(text, rng))
            out.append("|")
    return out


def _split_label(text: str, rng: random.Random) -> list[str]:
    """(一) 主动公开政府信息数 / (不同渠道和方式公开相同信息计1条) (seed 003)."""
    for paren in ("（", "("):
        i = text.find(paren, 3)
        if i > 0 and len(text) > 14 and rng.random() < 0.7:
            return [text[:i], text[i:]]
    return [text]


def render_pipes(doc: Document, rng: random.Random, st: TextStyle) -> list[str]:
    return _flow(doc, rng, st, lambda t: _pipe_lines(t, rng, st))


def _opened_bar_lines(table: Table, rng: random.Random) -> list[str]:
    """Each printed row: its first cell alone, every other cell opened by a bar, then the
    closing bar; a merged group label printed in the first row of its group only."""
    out: list[str] = []
    for block in table.blocks:
        rows = [[block.title]] if block.title else []
        rows += [[h.text for h in hrow] for hrow in block.header]
        prev: tuple[str, ...] = ()
        for row in block.rows:
            rows.append([*_new_groups(prev, row), *([row.label] if row.label else []),
                         *(c.text for c in row.cells)])
            prev = row.groups
        for first, *rest in rows:
            out.extend(_broken_header(first, rng))
            out += [f"| {text}".rstrip() for text in rest]
            out.append("|")
    return out


def render_opened_bars(doc: Document, rng: random.Random, st: TextStyle) -> list[str]:
    return _flow(doc, rng, st, lambda t: _opened_bar_lines(t, rng))


def render_prose(doc: Document, rng: random.Random, st: TextStyle) -> list[str]:
    out: list[str] = []
    for line in _flow(doc, rng, st, lambda t: []):
        out += [st.indent + line, ""] if st.indent else [line]
    return out


# an Arabic figure after a Chinese character and before its unit or the sentence's rest
_FIGURE_IN_SENTENCE = re.compile(
    r"(?<=[\u4e00-\u9fff])(\d[\d,]*(?:\.\d+)?)(?=[余多条件个人次起项篇万元%，、])"
)


def render_prose_figures_alone(doc: Document, rng: random.Random, st: TextStyle) -> list[str]:
    out: list[str] = []
    for line in _flow(doc, rng, st, lambda t: []):
        for piece in _FIGURE_IN_SENTENCE.split(line):
            out += [piece, ""]
    return out[:-1]


def _flow(doc: Document, rng: random.Random, st: TextStyle,
          table_lines: Callable[[Table], list[str]]) -> list[str]:
    """Every part of the document as lines, tables through `table_lines`."""
    out: list[str] = []
    for kind, payload in doc.parts:
        if kind == "chrome":
            out.extend(payload)  # type: ignore[arg-type]
        elif kind == "table":
            out.extend(table_lines(payload))
        elif kind == "para":
            out.append(st.para_indent + str(payload))
        else:
            out.append(str(payload))
    out.extend(CHROME_BOTTOM)
    return out


# ---------------------------------------------------------------- spaces / run_together

def _wrap(text: str, width: int) -> list[str]:
    return [text[i: i + width] for i in range(0, len(text), width)] or [""]


def _fragments(group: str, n_rows: int) -> list[str]:
    """三、本年度办理结果 -> 三、 / 本 / 年 / ... as a vertical PDF cell gives it."""
    head, body = (group[:2], group[2:]) if group[1:2] == "、" else (group[:3], group[3:])
    frags = [head, *body]
    return frags if len(frags) <= n_rows + 1 else [head, body]


def _space_table(table: Table, rng: random.Random, st: TextStyle,
                 digits: dict[str, str] | None) -> list[str]:
    out: list[str] = []
    for block in table.blocks:
        if block.title:
            out.append(block.title)
        out.extend(" ".join(h.text for h in hrow) for hrow in block.header)
        out.extend(_space_rows(block.rows, rng, st, digits))
    return out


def _space_rows(rows: list[Row], rng: random.Random, st: TextStyle,
                digits: dict[str, str] | None) -> list[str]:
    out: list[str] = []
    prev: tuple[str, ...] = ()
    pending: list[str] = []  # fragments of row-group labels still to print
    for row in rows:
        prefix = ""
        for g in _new_groups(prev, row):
            if st.mess and digits is None and len(g) > 4:
                inner = g.startswith(("（", "("))
                if inner:
                    prefix, rest = g[:4] + " ", g[4:]
                    pending.insert(0, rest)
                else:
                    frags = _fragments(g, 8)
                    out.append(frags[0])
                    pending.extend(frags[1:])
            else:
                out.append(g)
        prev = row.groups
        metric = row.cells[0].key[0] if row.cells and row.cells[0].key else None
        if digits is not None and metric in digits:
            sep = "" if rng.random() < 0.6 or not row.label else " "
            out.append(f"{prefix}{row.label}{sep}{digits[metric]}")
        else:
            nums = st.sep.join(c.text for c in row.cells if c.text)
            out.extend(_wrapped_row(prefix + row.label, nums, rng, st))
        if pending:
            out.append(pending.pop(0))
    out.extend(pending)
    return out


def _wrapped_row(label: str, nums: str, rng: random.Random, st: TextStyle) -> list[str]:
    """A row whose long label wraps around its numbers (huaian: 部分公开 ... 形，不计其他情形）)."""
    if not label:
        return [nums]
    sep = st.sep
    if not st.label_wrap or len(label) <= st.label_wrap or not nums:
        return [f"{label}{sep}{nums}".rstrip()]
    chunks = _wrap(label, st.label_wrap)
    if len(chunks) == 2:
        if rng.random() < 0.5:
            return [chunks[0], nums, chunks[1]]
        return [f"{chunks[0]}{sep}{nums}", chunks[1]]
    return [chunks[0], f"{chunks[1]}{sep}{nums}", *chunks[2:]]


def render_spaces(doc: Document, rng: random.Random, st: TextStyle,
                  digits: dict[str, str] | None = None) -> list[str]:
    out: list[str] = []
    for kind, payload in doc.parts:
        if kind == "chrome":
            continue
        if kind == "title" and st.split_title:
            text = str(payload)
            m = re.search(r"[0-9〇一二三四五六七八九]{4}", text)
            i = m.start() if m else 0
            out += [text[:i], text[i:i + 4] + " " + text[i + 4:]] if i else [text]
        elif kind == "table":
            kind_ = payload.kind  # type: ignore[union-attr]
            rows_digits = digits if kind_ in ("requests", "review") else None
            out.extend(_space_table(payload, rng, st, rows_digits))  # type: ignore[arg-type]
        elif kind == "para":
            out.extend(_wrap(str(payload), st.wrap))
        else:
            out.append(str(payload))
    return _paginate(out, st.page_every)


def _paginate(lines: list[str], every: int) -> list[str]:
    if not every:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % every == 0:
            out.append(f"- {i // every} -")
    return out


def digit_groups(groups: dict[str, list[str]], fullwidth: bool) -> dict[str, str]:
    """Run-together digit groups as printed."""
    table = FULLWIDTH if fullwidth else None
    return {m: " ".join(g).translate(table) if table else " ".join(g) for m, g in groups.items()}


# ---------------------------------------------------------------- HTML

def _esc(text: str, rng: random.Random) -> str:
    if not text.strip():
        return "&nbsp;"
    out = html.escape(text, quote=False)
    if rng.random() < 0.5:
        out = out.replace("“", "&ldquo;").replace("”", "&rdquo;")
    return out


def _td(text: str, rng: random.Random, rowspan: int = 1, colspan: int = 1,
        br: bool = False) -> str:
    """A cell; `br`: a long label broken by <br> before its parenthesis, as Word pastes it."""
    attrs = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    inner = _esc(text, rng)
    cut = max(inner.find("（", 3), inner.find("(", 3))
    if br and len(text) > 12 and cut > 0:
        inner = inner[:cut] + "<br/>" + inner[cut:]
    r = rng.random()
    if r < 0.3:
        inner = f'<p style="text-align:center"><span style="font-size:14px">{inner}</span></p>'
    elif r < 0.5:
        inner = f"<span>{inner}</span>"
    return f'<td{attrs} valign="middle">{inner}</td>'


def _html_table(table: Table, rng: random.Random) -> str:
    rows: list[str] = []
    for block in table.blocks:
        width = block.label_cols + table.ncols if table.kind != "proactive" else table.ncols
        if table.kind == "legacy":
            width = 1 + table.ncols
        if block.title:
            rows.append(f"<tr>{_td(block.title, rng, colspan=width)}</tr>")
        for hrow in block.header:
            cells = [_td(h.text, rng, h.rowspan, h.colspan) for h in hrow]
            if table.kind == "proactive" and len(hrow) < width:
                cells[-1] = _td(hrow[-1].text, rng, colspan=width - len(hrow) + 1)
            rows.append("<tr>" + "".join(cells) + "</tr>")
        rows.extend(_html_rows(block.rows, block.label_cols, width, table.kind, rng))
    border = 'border="1" cellspacing="0" cellpadding="0"'
    head = f'<table {border} style="border-collapse:collapse" width="600"><tbody>'
    return head + "\n".join(rows) + "</tbody></table>"


def _html_rows(rows: list[Row], label_cols: int, width: int, kind: str,
               rng: random.Random) -> list[str]:
    out: list[str] = []
    prev: tuple[str, ...] = ()
    for i, row in enumerate(rows):
        tds = []
        for depth, g in enumerate(row.groups):
            if prev[: depth + 1] != row.groups[: depth + 1]:
                span = sum(1 for r in rows[i:] if r.groups[: depth + 1] == row.groups[: depth + 1])
                tds.append(_td(g, rng, rowspan=span))
        prev = row.groups
        if label_cols:
            span = max(1, label_cols - len(row.groups))
            tds.append(_td(row.label, rng, colspan=span, br=rng.random() < 0.3))
        elif row.label:
            tds.append(_td(row.label, rng, br=rng.random() < 0.3))
        cells = [_td(c.text, rng) for c in row.cells]
        if kind == "proactive" and len(row.cells) + 1 < width:
            cells[-1] = _td(row.cells[-1].text, rng, colspan=width - len(row.cells))
        out.append("<tr>" + "".join(tds + cells) + "</tr>")
    return out


def render_html(doc: Document, rng: random.Random, charset: str) -> str:
    """A government web page: chrome, article, tables as <table> with spans."""
    body: list[str] = []
    page_title = ""
    for kind, payload in doc.parts:
        if kind == "title":
            page_title = str(payload)
            body.append(f'<div class="article-title"><h1>{_esc(page_title, rng)}</h1></div>')
        elif kind == "chrome":
            body.append('<div class="info">' + "".join(
                f"<span>{_esc(c, rng)}</span>" for c in payload) + "</div>")  # type: ignore[union-attr]
        elif kind == "table":
            body.append(_html_table(payload, rng))  # type: ignore[arg-type]
        elif kind == "heading":
            body.append(f"<p><strong>{_esc(str(payload), rng)}</strong></p>")
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{_esc(str(payload), rng)}</p>')
        else:
            body.append(f'<p style="text-indent:2em">{_esc(str(payload), rng)}</p>')
    meta = (f'<meta charset="{charset}">' if rng.random() < 0.5 else
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    nav = ('<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
           "政府信息公开年报</div>")
    foot = "".join(f"<div>{_esc(c, rng)}</div>" for c in CHROME_BOTTOM)
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{meta}\n"
        f"<title>{_esc(page_title or '政府信息公开', rng)}</title>\n"
        f'<script type="text/javascript">var siteId = "{rng.randint(1, 999)}";</script>\n'
        f"</head>\n<body>\n{nav}\n<div class=\"content\">\n" + "\n".join(body)
        + f"\n</div>\n<div class=\"footer\">{foot}</div>\n</body>\n</html>\n"
    )
