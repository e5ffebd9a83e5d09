"""generate_report / iter_corpus / write_corpus: synthetic reports with known truth."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from loaders.catalog import metric as catalog_metric

from . import document, render
from .identities import BREAKABLE, REQUEST_TABLE_IDENTITIES, break_identity
from .names import Agency, make_agency, pick_level
from .numbers import (
    APPLICANTS7,
    REVIEW_BLOCKS,
    REVIEW_PARTS,
    Key,
    Num,
    gen_pre2019,
    gen_proactive_2019,
    gen_proactive_2021,
    gen_requests,
    gen_review,
    request_metrics,
)
from .splits import inject_ambiguous_pair, plan_review_row, plan_table
from .tables import Style, Table, legacy_table, proactive_table, requests_table, review_table

FORMATS: tuple[str, ...] = ("pre2019", "v2019", "v2021")
TEXT_LAYOUTS: tuple[str, ...] = (
    "cells", "pipes", "opened_bars", "spaces", "run_together", "prose", "prose_figures_alone"
)
PROSE_LAYOUTS: tuple[str, ...] = ("prose", "prose_figures_alone")  # pre2019 without a table
HTML_LAYOUTS: tuple[str, ...] = ("table", "prose")
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030")
YEARS = {"pre2019": (2008, 2018), "v2019": (2019, 2020), "v2021": (2021, 2025)}

_FMT_W = {"pre2019": 0.3, "v2019": 0.2, "v2021": 0.5}
# (opened_bars and prose_figures_alone only when asked for: the mixed corpora stay as they were)
_TEXT_W = {"cells": 0.35, "pipes": 0.15, "spaces": 0.3, "run_together": 0.2}
_HTML_W = {"table": 1.0}
_ENC_W = {"utf-8": 0.7, "utf-8-sig": 0.1, "gb18030": 0.2}
DEFAULT_MIX: dict[str, Any] = {"html": 0.35, "prose": 0.35, "broken": 0.05}


@dataclass(frozen=True)
class SyntheticReport:
    """One generated report file and what a correct parse of it must give.

    truth: the expected staging rows, each {metric, applicant_type, value, qualifier,
    unit, section}; agency, year and format are report-level attributes.
    broken: the identity broken on purpose (its numbers are still the truth), or None.
    """

    filename: str
    data: bytes
    truth: list[dict[str, Any]]
    broken: str | None
    fmt: str
    layout: str
    encoding: str
    html: bool
    agency: str
    year: int
    seed: int
    ambiguous: tuple[tuple[str, str], ...] = field(default=())  # table 三 cells left ambiguous

    def truth_counter(self) -> Counter[tuple[Any, ...]]:
        """The truth as a multiset of (metric, applicant_type, value, qualifier)."""
        return Counter((r["metric"], r["applicant_type"], r["value"], r["qualifier"])
                       for r in self.truth)


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def draw_params(rng: random.Random, fmt: str | None = None, layout: str | None = None,
                encoding: str | None = None, html: bool | None = None,
                p_html: float = 0.35, p_prose: float = 0.35) -> tuple[str, str, str, bool]:
    """Fill in unspecified (fmt, layout, encoding, html) with realistic weights."""
    if layout is not None and html is None:
        html = layout == "table"
    if fmt is None:
        weights = {k: w for k, w in _FMT_W.items() if layout != "run_together" or k != "pre2019"}
        fmt = "pre2019" if layout in PROSE_LAYOUTS else _pick(rng, weights)
    html = rng.random() < p_html if html is None else html
    if layout is None:
        if fmt == "pre2019" and rng.random() < p_prose:
            layout = "prose"
        else:
            layout = _pick(rng, _HTML_W if html else _TEXT_W)
            if layout == "run_together" and fmt == "pre2019":
                layout = "spaces"  # run-together cells need table 三
    encoding = encoding or _pick(rng, _ENC_W)
    _validate(fmt, layout, encoding, html)
    return fmt, layout, encoding, html


def _validate(fmt: str, layout: str, encoding: str, html: bool) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"fmt {fmt!r} not in {FORMATS}")
    layouts = HTML_LAYOUTS if html else TEXT_LAYOUTS
    if layout not in layouts:
        raise ValueError(f"layout {layout!r} not valid with html={html}: {layouts}")
    if layout in PROSE_LAYOUTS and fmt != "pre2019":
        raise ValueError("prose-only reports exist for pre2019 only")
    if layout == "run_together" and fmt == "pre2019":
        raise ValueError("run_together needs table 三 (v2019 / v2021)")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding {encoding!r} not in {ENCODINGS}")


def generate_report(rng_seed: int, *, fmt: str | None = None, layout: str | None = None,
                    encoding: str | None = None, html: bool | None = None,
                    break_identity: str | None = None) -> SyntheticReport:
    """A deterministic synthetic report for `rng_seed`; unspecified options are drawn.

    fmt: pre2019 | v2019 | v2021. layout: cells | pipes | opened_bars | spaces | run_together
    | prose | prose_figures_alone (text) or table | prose (html).
    encoding: utf-8 | utf-8-sig | gb18030.
    break_identity: a name of identities.csv (see identities.BREAKABLE) to break on purpose.
    """
    rng = random.Random(rng_seed)
    fmt, layout, encoding, html = draw_params(rng, fmt, layout, encoding, html)
    if break_identity is not None and (
        layout in PROSE_LAYOUTS or break_identity not in BREAKABLE[fmt]
    ):
        raise ValueError(f"cannot break {break_identity!r} in a {fmt}/{layout} report")
    year = rng.randint(*YEARS[fmt])
    agency = make_agency(rng, pick_level(rng))
    if layout in PROSE_LAYOUTS:
        return _prose_report(rng, rng_seed, agency, year, encoding, html, layout)
    style, tstyle = _styles(rng, fmt, layout, year, html, break_identity)
    values = _values(rng_seed, rng, fmt, agency.level, style, break_identity)
    # glued digits need table 三's identities intact to be split
    glued = layout == "run_together" and break_identity not in REQUEST_TABLE_IDENTITIES
    forced = inject_ambiguous_pair(rng, values, fmt) if glued and rng.random() < 0.3 else ()
    tables = _tables(rng, fmt, values, style)
    truth = _table_truth(tables)
    digits, ambiguous = _glue(rng, fmt, values, style, tstyle, forced) if glued else (None, set())
    truth = [_ambiguous(r) if (r["metric"], r["applicant_type"]) in ambiguous else r
             for r in truth]
    doc = document.table_report(fmt, agency, year, tables, rng, _echo(rng, fmt, values))
    text_or_html = _render(doc, rng, layout, html, encoding, tstyle, digits)
    return _finish(rng_seed, text_or_html, rng, encoding, html, truth, break_identity, fmt,
                   layout, agency.name, year, tuple(sorted(ambiguous)))


def _glue(rng: random.Random, fmt: str, values: dict[Key, Num], style: Style,
          tstyle: render.TextStyle, forced: tuple[str, ...]
          ) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Run-together digits of tables 三 and 四, and the cells the oracle leaves ambiguous."""
    rows = {m: tuple(int(values[(m, a)]) for a in APPLICANTS7) for m in request_metrics(fmt)}
    groups, cells = plan_table(rng, fmt, rows, tstyle.p_join, forced)
    review = [int(values[(f"{b}.{p}", None)]) for b in REVIEW_BLOCKS
              for p in (*REVIEW_PARTS, "total")]
    groups["review.upheld"] = plan_review_row(rng, review, tstyle.p_join)
    ambiguous = {(m, APPLICANTS7[col]) for m, col in cells}
    return render.digit_groups(groups, style.fullwidth_digits), ambiguous


def _styles(rng: random.Random, fmt: str, layout: str, year: int, html: bool,
            broken: str | None) -> tuple[Style, render.TextStyle]:
    spaced = layout in ("spaces", "run_together")
    style = Style(
        half_punct=rng.random() < 0.3,
        enum=rng.choices([".", "、", "．"], [0.7, 0.2, 0.1])[0],
        fullwidth_digits=rng.random() < 0.1,
        blank_zeros=0.0 if spaced or broken or rng.random() < 0.6 else rng.uniform(0.2, 0.9),
        total_blank=not spaced and broken != "applicant_sum" and rng.random() < 0.1,
        header_spaces=rng.random() < (0.5 if spaced else 0.15),
        prev_header=rng.choice(["上一年项目数量", f"{year}年项目数量", f"{year - 1}年项目数量"]),
        annotate=fmt == "v2021" and rng.random() < 0.15,
        cumulative=fmt == "pre2019" and not spaced and rng.random() < 0.1,
        six_channels=fmt == "pre2019" and year <= 2013 and rng.random() < 0.5,
        signed_plus=rng.random() < 0.3,
        amount_unit=rng.random() < 0.4,
        other_reason=fmt == "v2021" and rng.random() < 0.3,
        thousands=rng.random() < 0.15,
        count_unit="件" if layout != "run_together" and rng.random() < 0.05 else "",
    )
    tstyle = render.TextStyle(
        indent=rng.choice(["", "  "]) if not html else "",
        nbsp_prefix=rng.random() < 0.3,
        pipe_inline=rng.random() < 0.3,
        split_title=rng.random() < 0.5,
        wrap=rng.randint(30, 44),
        label_wrap=0 if layout == "run_together" or rng.random() < 0.3 else rng.randint(14, 20),
        mess=layout == "spaces" and rng.random() < 0.5,
        page_every=rng.randint(30, 45) if spaced else 0,
        p_join=rng.uniform(0.4, 1.0),
        fullwidth_digits=style.fullwidth_digits,
        sep=" " * rng.choice([1, 1, 1, 2, 4]),
        para_indent=rng.choice(["", "", "\u3000\u3000"]),
    )
    return style, tstyle


def _values(seed: int, rng: random.Random, fmt: str, level: str, style: Style,
            broken: str | None) -> dict[Key, Num]:
    """The report's numbers; retried with derived seeds until `broken` can be broken."""
    for attempt in range(100):
        r = rng if attempt == 0 else random.Random(f"{seed}/{attempt}")
        if fmt == "pre2019":
            v = gen_pre2019(r, level, style.six_channels)
        else:
            v = gen_requests(r, fmt, level)
            v |= gen_review(r, level)
            v |= (gen_proactive_2019 if fmt == "v2019" else gen_proactive_2021)(r, level)
        if broken is None or break_identity(v, fmt, broken, r):
            return v
    raise RuntimeError(f"could not break {broken} for seed {seed}")


def _tables(rng: random.Random, fmt: str, v: dict[Key, Num], style: Style) -> list[Table]:
    if fmt == "pre2019":
        return [legacy_table(rng, v, style)]
    return [proactive_table(rng, fmt, v, style), requests_table(rng, fmt, v, style),
            review_table(rng, v, style)]


@cache
def _unit_section(metric: str) -> tuple[str, str]:
    m = catalog_metric(metric)
    return m.unit, m.section


def _row(metric: str, applicant: str | None, value: Num | None,
         qualifier: str | None) -> dict[str, Any]:
    unit, section = _unit_section(metric)
    return {"metric": metric, "applicant_type": applicant, "value": value,
            "qualifier": qualifier, "unit": unit, "section": section}


def _table_truth(tables: list[Table]) -> list[dict[str, Any]]:
    return [_row(c.key[0], c.key[1], c.value, None)
            for t in tables for b in t.blocks for r in b.rows for c in r.cells if c.key]


def _ambiguous(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "value": None, "qualifier": "ambiguous"}


def _echo(rng: random.Random, fmt: str, v: dict[Key, Num]) -> dict[str, str]:
    """Prose restating table figures (agreeing with the table), sometimes."""
    out = {}
    if rng.random() < 0.3:
        key = ("legacy.requests.received" if fmt == "pre2019" else "requests.new_received", "total")
        out["received"] = f"全年共收到政府信息公开申请{int(v[key])}件。"
    if rng.random() < 0.3:
        n = v[("legacy.proactive.items", None)] if fmt == "pre2019" else rng.randint(20, 9000)
        out["items"] = f"全年共主动公开政府信息{int(n)}条。"
    return out


def _prose_report(rng: random.Random, seed: int, agency: Agency, year: int, encoding: str,
                  html: bool, layout: str = "prose") -> SyntheticReport:
    doc = document.prose_only_report(agency, year, rng, fullwidth=rng.random() < 0.1)
    truth = [_row(f.key[0], f.key[1], f.value, f.qualifier) for f in doc.figures]
    tstyle = render.TextStyle(indent=rng.choice(["", "  "]))
    text = _render(doc, rng, layout, html, encoding, tstyle, None)
    return _finish(seed, text, rng, encoding, html, truth, None, "pre2019", layout,
                   agency.name, year, ())


def _render(doc: document.Document, rng: random.Random, layout: str, html: bool, encoding: str,
            tstyle: render.TextStyle, digits: dict[str, str] | None) -> str:
    if html:
        gb = rng.choice(["gb2312", "gbk", "GB18030"])
        charset = "utf-8" if encoding.startswith("utf-8") else gb
        return render.render_html(doc, rng, charset)
    lines = {
        "cells": lambda: render.render_cells(doc, rng, tstyle),
        "pipes": lambda: render.render_pipes(doc, rng, tstyle),
        "opened_bars": lambda: render.render_opened_bars(doc, rng, tstyle),
        "spaces": lambda: render.render_spaces(doc, rng, tstyle),
        "run_together": lambda: render.render_spaces(doc, rng, tstyle, digits),
        "prose": lambda: render.render_prose(doc, rng, tstyle),
        "prose_figures_alone": lambda: render.render_prose_figures_alone(doc, rng, tstyle),
    }[layout]()
    eol = "\r\n" if rng.random() < 0.15 else "\n"
    return eol.join(lines) + eol


def _finish(seed: int, text: str, rng: random.Random, encoding: str, html: bool,
            truth: list[dict[str, Any]], broken: str | None, fmt: str, layout: str,
            agency: str, year: int, ambiguous: tuple[str, ...]) -> SyntheticReport:
    if encoding == "gb18030":
        data = text.replace("\xa0", " ").encode("gb18030")
    else:
        data = text.encode(encoding)
    ext = rng.choice(["html", "htm"]) if html else "txt"
    name = f"syn_{seed}_{hashlib.sha1(data).hexdigest()[:10]}.{ext}"
    return SyntheticReport(name, data, truth, broken, fmt, layout, encoding, html, agency,
                           year, seed, ambiguous)


# ---------------------------------------------------------------- corpora

def iter_corpus(n: int, seed: int = 0,
                mix: Mapping[str, Any] | None = None) -> Iterator[SyntheticReport]:
    """`n` reports drawn with `mix`, deterministic for `seed`.

    mix keys: html (probability, or a bool to fix it), prose (probability that a pre2019
    report is prose-only), broken (probability of one broken identity), and fmt, layout,
    encoding (a fixed value each; drawn when absent).
    """
    mix = {**DEFAULT_MIX, **(mix or {})}
    for i in range(n):
        rng = random.Random(f"corpus/{seed}/{i}")
        fixed_html = mix["html"] if isinstance(mix["html"], bool) else None
        fmt, layout, encoding, html = draw_params(
            rng, mix.get("fmt"), mix.get("layout"), mix.get("encoding"), fixed_html,
            p_html=float(mix["html"]), p_prose=mix["prose"])
        broken = None
        if layout != "prose" and rng.random() < mix["broken"]:
            broken = rng.choice(BREAKABLE[fmt])
        yield generate_report(seed * 1_000_003 + i, fmt=fmt, layout=layout, encoding=encoding,
                              html=html, break_identity=broken)


def write_corpus(out_dir: Path | str, n: int, seed: int = 0,
                 mix: Mapping[str, Any] | None = None) -> list[Path]:
    """Write `n` reports of iter_corpus into out_dir as NNNNN_<name>; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, rep in enumerate(iter_corpus(n, seed, mix)):
        path = out / f"{i:05d}_{rep.filename}"
        path.write_bytes(rep.data)
        paths.append(path)
    return paths
