"""The same figures read from every layout and encoding a report arrives in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.parse import parse_bytes, parse_file
from loaders.read import read_bytes
from tests.loaders.report_files import ROOT, report_path

HTML = ROOT / "tests" / "fixtures" / "layouts" / "v2019_report.html"


def cells(result) -> dict[tuple[str, str | None], tuple[object, str | None, str, str]]:
    """(metric, applicant_type) -> (value, qualifier, unit, raw)."""
    assert result.reject is None, result.reject
    return {
        (r.metric, r.applicant_type): (r.value, r.qualifier, r.unit, r.raw) for r in result.rows
    }


def summary(result) -> list[tuple]:
    assert result.reject is None, result.reject
    return sorted(((r.metric, r.applicant_type, r.value, r.line) for r in result.rows), key=repr)


# ---------------------------------------------------------------- HTML


def test_html_table_rows_become_cells_with_blanks_kept_in_place() -> None:
    got = cells(parse_file(HTML))
    # 一、本年新收 | 10 | 2 | 0 | 0 | 1 | 0 | 13
    assert [
        got[("requests.new_received", a)][0]
        for a in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
            "total",
        )
    ] == [10, 2, 0, 0, 1, 0, 13]
    # （二）部分公开 | 1 | &nbsp; | 0 ...: the blank is null, the next cell is not shifted
    assert got[("requests.outcome.partially_disclosed", "commercial_enterprise")][0] is None
    assert got[("requests.outcome.partially_disclosed", "research_institution")][0] == 0
    assert got[("requests.outcome.partially_disclosed", "total")][0] == 1
    # 4．保护第三方合法权益: seven &nbsp; cells
    assert {
        got[("requests.outcome.withheld.third_party_rights", a)][0]
        for a in ("natural_person", "total")
    } == {None}
    # rows under a rowspan group header (（四）无法提供 | 1．本机关不掌握…)
    assert got[("requests.outcome.unable.not_held", "total")][0] == 2
    assert got[("requests.carried_over_out", "commercial_enterprise")][0] == 1
    # table 四: 1 | 0 | &nbsp; | 0 | 1 | 0 … | 2 | 0 | 0 | 1 | 3
    assert got[("review.other", None)][0] is None
    assert got[("review.total", None)][0] == 1
    assert got[("litigation_after_review.upheld", None)][0] == 2
    assert got[("litigation_after_review.total", None)][0] == 3


def _scraped_rows(text: str, style: str) -> str:
    """The table rows of `text` (`a | b |  | c`) as other scrapers print them: framed by
    bars (`| a | b |  | c |`), ended by a bar and padded with empty cells (`… | c | ||`), or
    as markdown (framed, with a rule `|---|---|` under each table's first row)."""
    out: list[str] = []
    after_row = False
    for i, line in enumerate(text.split("\n")):
        row = " | " in line
        if row and style == "padded":
            line = f"{line} |" + "|" * (i % 4)
        elif row:
            line = f"| {line.strip()} |"
        out.append(line)
        if row and style == "markdown" and not after_row:
            out.append("|" + "---|" * (line.count("|") - 1))
        after_row = row
    return "\n".join(out)


REALWORLD = ROOT / "tests" / "fixtures" / "realworld"


@pytest.mark.parametrize(
    "page",
    [
        HTML,
        REALWORLD / "v2019_table_two_mixing_2021_headers.html",
        REALWORLD / "v2021_table_printed_twice.txt",
    ],
    ids=["v2019", "mixed_headers", "printed_twice"],
)
@pytest.mark.parametrize("style", ["framed", "padded", "markdown"])
def test_table_rows_framed_or_padded_by_bars_read_as_the_html(style: str, page: Path) -> None:
    """Bars around a row and the empty cells a scraper pads rows with are no cells: blank
    cells inside rows stay in place (（二）部分公开, table 四's 其他结果), and a table 二 item
    printed with one column (本年处理决定数量 in a 2019 table) reads that column only; the
    bar opening the header of a second copy of table 三 is no cell of the row above it."""
    html = parse_file(page)
    text = read_bytes(page.read_bytes(), str(page)).text
    scraped = parse_bytes(_scraped_rows(text, style).encode("utf-8"), "scraped.txt")
    assert [(r.metric, r.applicant_type, r.value) for r in scraped.rows] == [
        (r.metric, r.applicant_type, r.value) for r in html.rows
    ]


def test_html_proactive_cells_with_notes_signs_zero_marks_and_units() -> None:
    got = cells(parse_file(HTML))
    assert got[("proactive.normative_docs.new_made", None)][:1] == (22,)  # 22（其中修订16件）
    assert got[("proactive.licensing.change", None)][0] == 14  # +14
    assert got[("proactive.other_services.change", None)][0] == -3
    assert got[("proactive.licensing.decisions", None)][0] == 5130  # 5,130
    assert got[("proactive.other_services.decisions", None)][0] is None  # &nbsp;
    assert got[("proactive.enforcement.change", None)][:1] == (0,)  # —
    assert got[("proactive.fees.change", None)][0] == 0  # /
    # 1721.5万元: stored in 元, unit as written
    assert got[("proactive.procurement.amount", None)] == (17215000, None, "万元", "1721.5万元")


def test_html_drops_scripts_styles_and_page_chrome() -> None:
    result = parse_file(HTML)
    assert result.report is not None and result.report.format == "v2019"
    assert not any("visits" in r.raw or "12345" in r.raw for r in result.rows)
    assert len(result.rows) == 22 + 23 * 7 + 15


# ---------------------------------------------------------------- encodings


def test_gb18030_and_bom_copies_parse_like_the_utf8_seed() -> None:
    path = report_path("004_a26e816a49efbc48.txt")
    text = path.read_text(encoding="utf-8")
    utf8 = parse_bytes(text.encode("utf-8"), path.name)
    gbk = parse_bytes(text.encode("gb18030"), path.name)
    bom = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), path.name)
    assert summary(utf8) == summary(gbk) == summary(bom)
    assert utf8.report.report_id == gbk.report.report_id == bom.report.report_id
    assert utf8.report.file_hash != gbk.report.file_hash  # the bytes differ


def test_gb18030_html_page() -> None:
    html = HTML.read_text(encoding="utf-8")
    result = parse_bytes(html.encode("gb18030"), "page.htm")
    assert summary(result) == summary(parse_file(HTML))


def test_full_width_digits_and_brackets_read_as_half_width() -> None:
    path = report_path("004_a26e816a49efbc48.txt")
    text = path.read_text(encoding="utf-8")
    wide = re.sub(r"[0-9()]", lambda m: chr(ord(m.group()) + 0xFEE0), text)
    assert "（七）总计" in wide and "１７２１９５９９１.７元" in wide
    assert summary(parse_bytes(wide.encode("utf-8"), path.name)) == summary(parse_file(path))


# ---------------------------------------------------------------- layouts


def test_bar_layout_keeps_blank_cells_and_two_line_cells() -> None:
    got = cells(parse_file(report_path("003_d7e4656ea917418d.txt")))
    # (一) 主动公开政府信息数 / (不同渠道…计1条) | 条 | 42658  (lines 103-108)
    assert got[("legacy.proactive.items", None)] == (42658, None, "条", "42658")
    # 1.政府公报公开政府信息数 | 条 | |  (lines 132-136): blank, not the next row's figure
    assert got[("legacy.proactive.via_gazette", None)][0] is None
    assert got[("legacy.proactive.via_website", None)][0] == 42092
    # (二)通过不同渠道和方式回应解读的情况 | | 312: empty 单位 cell, then the figure
    assert got[("legacy.response.via_channels", None)][:3] == (312, None, "次")


def test_cell_bar_layout(tmp_path: Path) -> None:
    """`cell |` lines, a lone `|` for a blank cell (as some scrapers write tables)."""
    lines = [
        "青山县2016年政府信息公开工作年度报告",
        "一、概述",
        "2016年，我县认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "附表：政府信息公开情况统计表",
        "统计指标 |",
        "单位 |",
        "统计数 |",
        "（一）收到申请数 |",
        "件 |",
        "12 |",
        "1.当面申请数 |",
        "件 |",
        "|",
        "2.传真申请数 |",
        "件 |",
        "3 |",
        "四、行政复议数量 |",
        "件 |",
        "2 |",
        "（二）被依法纠错数 |",
        "件 |",
        "1 |",
        "五、行政诉讼数量 |",
        "件 |",
        "0 |",
        "（二）被依法纠错数 |",
        "件 |",
        "0 |",
    ]
    path = tmp_path / "bars.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = cells(parse_file(path))
    assert got[("legacy.requests.received", "total")][0] == 12
    assert got[("legacy.requests.received.in_person", "total")][0] is None
    assert got[("legacy.requests.received.fax", "total")][0] == 3
    # 被依法纠错数 under 四、行政复议 and again under 五、行政诉讼
    assert got[("legacy.review.corrected", None)][0] == 1
    assert got[("legacy.litigation.corrected", None)][0] == 0


def test_review_table_in_three_blocks_of_five_rows_ending_in_a_bar(tmp_path: Path) -> None:
    """Table 四 printed as three blocks (行政复议, then each 行政诉讼), each a header and a
    row of five `2 | 1 | 0 | 0 | 3 |`: the trailing bar's empty piece is no sixth cell."""
    lines = ["某局2022年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况"]
    header = "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |"
    for block, row in (("行政复议 |", "2 | 1 | 0 | 0 | 3 |"),
                       ("行政诉讼（未经复议直接起诉） |", "1 | 0 | 0 | 1 | 2 |"),
                       ("行政诉讼（复议后起诉） |", "0 | 0 | 1 | 0 | 1 |")):
        lines += [block, header, row]
    lines += ["五、存在的主要问题及改进情况", "无。"]
    path = tmp_path / "review.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = {r.metric: (r.value, r.line) for r in parse_file(path).rows}
    assert got["review.upheld"] == (2, 5)
    assert got["review.total"] == (3, 5)
    assert got["litigation_direct.pending"] == (1, 8)
    assert got["litigation_direct.total"] == (2, 8)
    assert got["litigation_after_review.other"] == (1, 11)
    assert got["litigation_after_review.total"] == (1, 11)


def test_space_layout_with_labels_broken_across_lines_and_pages() -> None:
    got = cells(parse_file(report_path("huaian_2024_pdf_text.txt")))
    # 5.要求行政机关确认或重新出 / 1 0 0 0 0 0 1 / 具已获取信息  (lines 114-116)
    assert got[("requests.outcome.not_processed.confirm_or_reissue", "total")][0] == 1
    # （四）无 1.本机关不掌握相关政府信息 … 769, then `- 4 -`, then 法提供 2.没有现成信息…
    assert got[("requests.outcome.unable.not_held", "total")][0] == 769
    assert got[("requests.outcome.unable.needs_creation", "total")][0] == 11
    # 1、申请人无正当理由逾期不补 / 正、行政机关不再处理其政府信 67 3 0 0 1 0 71
    assert got[("requests.outcome.other.no_correction", "natural_person")][0] == 67
    assert got[("requests.outcome.other.fee_unpaid", "total")][0] == 6
    assert got[("requests.outcome.other.other", "total")][0] == 110  # 3、其他 108 2 … 110


# ---------------------------------------------------------------- run-together figures


def _mini_report(rows: list[str]) -> bytes:
    return "\n".join(
        [
            "青山县人民政府2021年政府信息公开工作年度报告",
            "一、总体情况",
            "本报告统计期限为2021年1月1日至12月31日。",
            "三、收到和处理政府信息公开申请情况",
            "申请人情况 自然人 法人或其他组织 总计",
            "商业企业 科研机构 社会公益组织 法律服务机构 其他",
            *rows,
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "无。",
        ]
    ).encode("utf-8")


def _row(got, metric: str) -> list:
    order = (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
        "total",
    )
    return [got[(metric, a)][0] for a in order]


def test_run_together_rows_with_a_unique_split() -> None:
    got = cells(
        parse_bytes(
            _mini_report(
                [
                    "一、本年新收政府信息公开申请数量230 000023",  # line 7
                    "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
                    "(一)予以公开7000007",  # line 9
                ]
            ),
            "glued.txt",
        )
    )
    assert _row(got, "requests.new_received") == [23, 0, 0, 0, 0, 0, 23]
    assert _row(got, "requests.outcome.disclosed") == [7, 0, 0, 0, 0, 0, 7]
    assert got[("requests.new_received", "natural_person")][1] is None  # not ambiguous


def test_run_together_row_with_two_readings_is_ambiguous_never_guessed() -> None:
    result = parse_bytes(
        _mini_report(
            [
                "一、本年新收政府信息公开申请数量1100000 11",  # 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11
                "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            ]
        ),
        "ambiguous.txt",
    )
    got = cells(result)
    natural = got[("requests.new_received", "natural_person")]
    assert natural[:2] == (None, "ambiguous")
    assert "1100000 11" in natural[3] and "1 | 11" in natural[3]
    assert got[("requests.new_received", "commercial_enterprise")][:2] == (None, "ambiguous")
    # cells every reading agrees on are read
    assert _row(got, "requests.new_received")[2:] == [0, 0, 0, 0, 11]
    assert {r.line for r in result.rows if r.metric == "requests.new_received"} == {7}


def test_run_together_row_resolved_by_the_column_identities() -> None:
    """110000011 alone is 11|0|…|11 or 1|10|…|11; the 自然人 column total (2932) decides."""
    path = report_path("huaian_2024_pdf_text.txt")
    text = path.read_text(encoding="utf-8")
    glued = text.replace(
        "2.没有现成信息需要另行制作 11 0 0 0 0 0 11", "2.没有现成信息需要另行制作110000011"
    )
    assert glued != text
    got = cells(parse_bytes(glued.encode("utf-8"), path.name))
    assert _row(got, "requests.outcome.unable.needs_creation") == [11, 0, 0, 0, 0, 0, 11]


@pytest.mark.parametrize(
    ("header", "figures"),
    [
        ("统计指标 单位 历年累计 本年统计数", "15000 1200"),
        ("统计指标 单位 统计数 历年累计", "1200 15000"),
    ],
)
def test_statistics_table_takes_the_annual_column_not_the_cumulative(
    tmp_path: Path, header: str, figures: str
) -> None:
    path = tmp_path / "cumulative.txt"
    path.write_text(
        "\n".join(
            [
                "青山县2013年政府信息公开工作年度报告",
                "一、概述",
                "2013年，我县认真贯彻落实《中华人民共和国政府信息公开条例》，现将有关情况报告如下。",
                "附表：政府信息公开情况统计表",
                header,
                f"（一）主动公开政府信息数 条 {figures}",
                "3.网上申请数 件 150 12",
            ]
        ),
        encoding="utf-8",
    )
    got = cells(parse_file(path))
    assert got[("legacy.proactive.items", None)][0] == 1200
    assert got[("legacy.requests.received.online", "total")][0] == (
        12 if "历年累计 本年" in header else 150
    )


def test_a_row_with_dropped_blank_cells_is_ambiguous_not_shifted() -> None:
    got = cells(
        parse_bytes(
            _mini_report(
                [
                    "一、本年新收政府信息公开申请数量 3 0 0 3",  # 4 of 7 cells printed
                    "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
                ]
            ),
            "dropped.txt",
        )
    )
    assert {got[("requests.new_received", a)][:2] for a in ("natural_person", "total")} == {
        (None, "ambiguous")
    }
    assert "4 cells for 7 columns" in got[("requests.new_received", "total")][3]
    assert got[("requests.carried_over_in", "total")][0] == 0


@pytest.mark.parametrize(("extra", "read"), [("0", False), ("8", False), ("", True)])
def test_a_row_with_one_cell_too_many_is_read_only_when_the_extra_is_padding(
    extra: str, read: bool
) -> None:
    """One cell per line, blanks printed as a lone `|`, and an eighth cell after 一、本年新收
    (6 | 1 | … | 7): a blank eighth that the row adds up without is a scraper's padding; an
    eighth figure is no padding, and which cell is extra cannot be told."""
    row = ["一、本年新收政府信息公开申请数量 |", "6 |", "1 |", "|", "|", "|", "|", "7 |"]
    row.append(f"{extra} |" if extra else "|")
    rest = ["二、上年结转政府信息公开申请数量 |", *["0 |"] * 7]
    got = cells(parse_bytes(_mini_report(row + rest), "extra.txt"))
    values = [got[("requests.new_received", a)][0] for a in ("natural_person", "total")]
    assert values == ([6, 7] if read else [None, None])
    assert got[("requests.carried_over_in", "total")][0] == 0
