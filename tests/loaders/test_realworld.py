"""Hand-written excerpts of real report pages (tests/fixtures/realworld, see its README.md).

Each test names the real-world variation its fixture stands for and asserts the rows a
person can check against the fixture: values per applicant column, and the line read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.catalog import APPLICANT_TYPES
from loaders.parse import parse_bytes, parse_file
from loaders.rows import ParseResult
from tests.loaders.report_files import ROOT

REALWORLD = ROOT / "tests" / "fixtures" / "realworld"
ZERO = (0,) * 7
V2021_OTHER = ("other.no_correction", "other.fee_unpaid", "other.other")
OUTCOMES = (
    "disclosed",
    "partially_disclosed",
    *(
        f"withheld.{w}"
        for w in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party_rights",
            "internal_affairs",
            "process_information",
            "enforcement_file",
            "administrative_query",
        )
    ),
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear_after_correction",
    *(
        f"not_processed.{n}"
        for n in (
            "petition_complaint",
            "duplicate",
            "publication",
            "excessive",
            "confirm_or_reissue",
        )
    ),
)


def parsed(name: str) -> ParseResult:
    result = parse_file(REALWORLD / name)
    assert result.reject is None, result.reject
    return result


def requests_table(result: ParseResult) -> dict[str, tuple[tuple, int]]:
    """Table 三: short metric -> (values in applicant order, first line)."""
    cells: dict[str, dict[str, object]] = {}
    lines: dict[str, int] = {}
    for r in result.rows:
        if r.metric.startswith("requests.") and r.applicant_type is not None:
            key = r.metric.removeprefix("requests.").removeprefix("outcome.")
            cells.setdefault(key, {})[r.applicant_type] = r.value
            lines[key] = min(lines.get(key, r.line), r.line)
    width = [a for a in APPLICANT_TYPES if any(a in c for c in cells.values())]
    return {k: (tuple(c.get(a) for a in width), lines[k]) for k, c in cells.items()}


def expected_rows(
    first_line: int, step: int, other: tuple[str, ...], figures: dict[str, tuple]
) -> dict[str, tuple[tuple, int]]:
    """Every row of table 三 in template order, `step` lines apart; zeros unless given."""
    names = ("new_received", "carried_over_in", *OUTCOMES, *other, "total", "carried_over_out")
    width = len(next(iter(figures.values())))
    return {
        name: (figures.get(name, (0,) * width), first_line + i * step)
        for i, name in enumerate(names)
    }


def singles(result: ParseResult, prefix: str) -> dict[str, object]:
    return {r.metric: r.value for r in result.rows if r.metric.startswith(prefix)}


# ---------------------------------------------------------------- （六）其他处理


def test_v2021_report_printing_the_single_2019_other_row() -> None:
    """A 2022 bureau report in the 2021 format whose table 三 still prints the 2019 single
    （六）其他处理 row (Word saved as text: tab-separated rows, 三、本年度办理结果 and
    （三）不予公开 sharing their first row's line). Cells print 3件, 0件, `0 件`, 无, —, -, /."""
    result = parsed("v2021_word_tabs_single_other_row.txt")
    assert result.report is not None and result.report.format == "v2021"
    figures = {
        "new_received": (12, 3, 0, 0, 1, 0, 16),
        "carried_over_in": (1, 0, 0, 0, 0, 0, 1),
        "disclosed": (6, 2, 0, 0, 1, 0, 9),
        "partially_disclosed": (1, 0, 0, 0, 0, 0, 1),
        "unable.not_held": (3, 0, 0, 0, 0, 0, 3),
        "not_processed.petition_complaint": (1, 0, 0, 0, 0, 0, 1),
        "other": (1, 1, 0, 0, 0, 0, 2),
        "total": (12, 3, 0, 0, 1, 0, 16),
        "carried_over_out": (1, 0, 0, 0, 0, 0, 1),
    }
    assert requests_table(result) == expected_rows(31, 1, ("other",), figures)
    raw = {(r.metric, r.applicant_type): r.raw for r in result.rows}
    secret = "requests.outcome.withheld.state_secret"
    assert [raw[(secret, a)] for a in APPLICANT_TYPES[:3]] == ["无", "0件", "0 件"]
    assert raw[("requests.new_received", "commercial_enterprise")] == "3件"


def test_v2021_proactive_labels_and_fee_decimals() -> None:
    """行政规范性文件, 本年处理决定数量, 本年收费金额（单位：万元） with 0.12, 5,130, 无."""
    got = singles(parsed("v2021_word_tabs_single_other_row.txt"), "proactive.")
    assert got == {
        "proactive.rules.issued": 0,
        "proactive.rules.repealed": 0,
        "proactive.rules.in_force": 0,
        "proactive.normative_docs.issued": 3,
        "proactive.normative_docs.repealed": 1,
        "proactive.normative_docs.in_force": 25,
        "proactive.licensing.decisions": 5130,
        "proactive.penalty.decisions": 112,
        "proactive.enforcement.decisions": 0,
        "proactive.fees.amount": 0.12,
    }


def test_v2019_html_gbk_page_printing_the_three_2021_other_subrows() -> None:
    """A 2020 district page (2019 format) that prints the three 2021 sub-rows with
    3．其他原因: HTML declared `charset=gbk`, bytes GB18030 (a 4-byte character), a layout
    table around the content, `<th>` cells, rowspan 三、本年度办理结果 (22 rows) and
    （三）不予公开 (8 rows), `<br>` inside labels, `<p><span>` in cells, `&nbsp;` and
    full-width-space cells (null, not shifted), 3,216, -4, no 第二十条第（九）项."""
    result = parsed("v2019_html_gbk_three_other_subrows.html")
    assert result.report is not None and result.report.format == "v2019"
    blank = (None,) * 7
    figures = {
        "new_received": (21, 4, 0, 1, 0, 0, 26),
        "carried_over_in": (2, 0, 0, 0, 0, 0, 2),
        "disclosed": (10, 2, 0, 1, 0, 0, 13),
        "partially_disclosed": (3, None, 0, 0, 0, 0, 3),
        "withheld.third_party_rights": blank,
        "withheld.process_information": (1, 0, 0, 0, 0, 0, 1),
        "unable.not_held": (4, 1, 0, 0, 0, 0, 5),
        "not_processed.duplicate": (1, 0, 0, 0, 0, 0, 1),
        "other.no_correction": (1, 0, 0, 0, 0, 0, 1),
        "other.other": (0, 1, 0, 0, 0, 0, 1),
        "total": (20, 4, 0, 1, 0, 0, 25),
        "carried_over_out": (3, 0, 0, 0, 0, 0, 3),
    }
    assert requests_table(result) == expected_rows(28, 1, V2021_OTHER, figures)
    proactive = singles(result, "proactive.")
    assert proactive["proactive.licensing.change"] == -4
    assert proactive["proactive.licensing.decisions"] == 3216
    assert proactive["proactive.enforcement.decisions"] is None
    assert "proactive.procurement.items" not in proactive
    assert singles(result, "review.")["review.total"] == 3


# ---------------------------------------------------------------- table 三 layouts


def test_pdf_text_table_split_across_pages_with_header_repeated() -> None:
    """PDF text layer of a 2023 bureau report: 单位：件 above the header, header cells
    broken over lines, page number `- 5 -` and the whole header repeated mid-table,
    labels wrapped around their figures, 3.其他 as the last 其他处理 sub-row."""
    result = parsed("v2021_pdf_text_split_across_pages.txt")
    got = requests_table(result)
    lines = {k: line for k, (_v, line) in got.items()}
    assert lines["new_received"] == 29 and lines["withheld.enforcement_file"] == 41
    assert lines["withheld.administrative_query"] == 47  # first row after the repeated header
    assert lines["other.other"] == 63 and lines["carried_over_out"] == 65
    values = {k: v for k, (v, _line) in got.items()}
    assert values == {
        k: v
        for k, (v, _line) in expected_rows(
            0,
            0,
            V2021_OTHER,
            {
                "new_received": (7, 2, 0, 0, 0, 0, 9),
                "carried_over_in": (1, 0, 0, 0, 0, 0, 1),
                "disclosed": (4, 1, 0, 0, 0, 0, 5),
                "partially_disclosed": (1, 0, 0, 0, 0, 0, 1),
                "unable.not_held": (2, 0, 0, 0, 0, 0, 2),
                "not_processed.petition_complaint": (0, 1, 0, 0, 0, 0, 1),
                "other.other": (1, 0, 0, 0, 0, 0, 1),
                "total": (7, 2, 0, 0, 0, 0, 9),
                "carried_over_out": (1, 0, 0, 0, 0, 0, 1),
            },
        ).items()
    }
    assert singles(result, "proactive.")["proactive.licensing.decisions"] == 1208


def test_row_number_column_is_not_read_as_a_figure() -> None:
    """A scraped table with a 序号 column (`3 | 三、本年度办理结果 | （一）予以公开 | 3 | …`);
    table 二 rows padded with the empty cells of merged headers (`行政许可 | 48 |  | `)."""
    result = parsed("v2021_row_number_column.txt")
    figures = {
        "new_received": (5, 1, 0, 0, 0, 0, 6),
        "disclosed": (3, 1, 0, 0, 0, 0, 4),
        "unable.not_held": (1, 0, 0, 0, 0, 0, 1),
        "not_processed.duplicate": (1, 0, 0, 0, 0, 0, 1),
        "total": (5, 1, 0, 0, 0, 0, 6),
    }
    assert requests_table(result) == expected_rows(25, 1, V2021_OTHER, figures)
    proactive = singles(result, "proactive.")
    assert proactive["proactive.licensing.decisions"] == 48
    assert proactive["proactive.penalty.decisions"] == 3  # 3件
    assert proactive["proactive.fees.amount"] == 0  # 0.00


def test_empty_cells_of_merged_label_columns_do_not_shift_figures() -> None:
    """A CMS table (pasted from Word) that prints the merged label cells of continuation
    rows as empty cells (` |  | （二）部分公开… | 1 | …`, ` | 2.其他法律… | 0 | …`)."""
    result = parsed("v2021_merged_label_cells_as_blanks.txt")
    assert not any(r.qualifier == "ambiguous" for r in result.rows)
    figures = {
        "new_received": (8, 2, 0, 0, 0, 1, 11),
        "carried_over_in": (1, 0, 0, 0, 0, 0, 1),
        "disclosed": (6, 1, 0, 0, 0, 1, 8),
        "partially_disclosed": (1, 0, 0, 0, 0, 0, 1),
        "unable.not_held": (1, 1, 0, 0, 0, 0, 2),
        "total": (8, 2, 0, 0, 0, 1, 11),
        "carried_over_out": (1, 0, 0, 0, 0, 0, 1),
    }
    assert requests_table(result) == expected_rows(24, 1, V2021_OTHER, figures)


def test_six_columns_without_total_one_cell_per_line() -> None:
    """A township's Word page, one cell per line, whose table 三 has no 总计 column: six
    applicant columns are read, no total is made up."""
    result = parsed("v2019_one_per_line_six_columns_no_total.txt")
    figures = {
        "new_received": (3, 0, 0, 0, 1, 0),
        "disclosed": (2, 0, 0, 0, 1, 0),
        "unable.needs_creation": (1, 0, 0, 0, 0, 0),
        "total": (3, 0, 0, 0, 1, 0),
    }
    got = requests_table(result)
    assert {k: v for k, (v, _line) in got.items()} == {
        k: v for k, (v, _line) in expected_rows(0, 0, ("other",), figures).items()
    }
    assert got["new_received"][1] == 59 and got["carried_over_out"][1] == 377
    assert not any(r.applicant_type == "total" for r in result.rows)


def test_table_printed_twice_is_read_once() -> None:
    """Table 三 printed twice in a row (page scraped with its print copy) and all three
    tables again in an 附件 after the signature: every cell once, from the first copy."""
    result = parsed("v2021_table_printed_twice.txt")
    keys = [(r.metric, r.applicant_type) for r in result.rows]
    assert len(keys) == len(set(keys)) == 10 + 25 * 7 + 15
    got = requests_table(result)
    assert got["new_received"] == ((8, 2, 0, 0, 0, 1, 11), 24)
    assert got["carried_over_out"] == ((1, 0, 0, 0, 0, 0, 1), 48)
    assert max(r.line for r in result.rows) == 81  # table 四 of the body, not the annex


def test_v2021_printing_item_nine_keeps_the_other_items_in_place() -> None:
    """A 2022 report still printing 第二十条第（九）项 政府集中采购 (not a 2021 metric):
    the row is left out, the items around it are read as printed."""
    proactive = singles(parsed("v2021_prints_item_nine.txt"), "proactive.")
    assert proactive["proactive.fees.amount"] == 12.5
    assert not any("procurement" in m for m in proactive)
    assert len(proactive) == 10


def test_v2019_opening_sentence_listing_the_sections_does_not_start_table_three() -> None:
    """A 2019 page whose opening sentence lists the sections (全文包括…收到和处理政府信息公开
    申请情况…) within reach of table 三: table 二 between them is read, 第（九）项 included."""
    result = parsed("v2019_html_opening_lists_the_sections.html")
    assert result.report is not None
    assert (result.report.agency, result.report.year, result.report.format) == (
        "青川市人民政府办公厅", 2019, "v2019",
    )
    got = {r.metric: (r.value, r.unit, r.line) for r in result.rows if r.section == "proactive"}
    assert len(got) == 22
    assert got["proactive.rules.total_published"] == (97, "件", 10)
    assert got["proactive.normative_docs.new_published"] == (20, "件", 11)
    assert got["proactive.procurement.items"] == (3, "项", 25)
    assert got["proactive.procurement.amount"] == (86400, "元", 25)
    table = requests_table(result)
    assert table["new_received"] == ((60, 3, None, None, 1, None, 64), 30)
    assert table["total"] == ((56, 3, None, None, 1, None, 60), 51)
    assert table["carried_over_out"] == ((6, None, None, None, None, None, 6), 52)


def test_v2021_blank_cells_in_the_header_rows_are_not_a_row() -> None:
    """A 2021-format page whose header row prints empty `<td></td>` under 自然人 and 总计
    (` | 商业企业 | … | 其他 |`), and five under 行政复议 in table 四."""
    result = parsed("v2021_html_blank_header_cells.html")
    assert not [r for r in result.rows if r.qualifier == "ambiguous"]
    table = requests_table(result)
    assert len(table) == 25
    assert table["new_received"] == ((412, 18, 0, 2, 5, 1, 438), 24)
    assert table["other.other"] == ((17, 1, 0, 0, 1, 0, 19), 46)
    assert table["carried_over_out"] == ((42, 1, 0, 0, 0, 0, 43), 48)
    review = singles(result, "review.")
    assert review == {
        "review.upheld": 12, "review.corrected": 3, "review.other": 1, "review.pending": 2,
        "review.total": 18,
    }
    assert singles(result, "litigation_after_review.")["litigation_after_review.total"] == 2


def test_rows_ending_in_a_bar_and_padded_to_the_widest_row() -> None:
    """Scraped rows `label | 5 | 1 | … | 6 | ||`: a bar after the last cell, then the empty
    cells a converter pads every row with up to the widest (10 columns in table 三, 15 in
    table 四). Neither the bar nor the padding is a blank cell (all 175 figures of tables 三
    and 四 had been ambiguous: 8 to 10 cells for 7 columns)."""
    result = parsed("v2021_rows_ending_in_a_bar_padded_to_the_widest_row.txt")
    assert (result.report.agency, result.report.year) == ("青石区白鹭街道办事处", 2022)
    assert not [r for r in result.rows if r.qualifier == "ambiguous"]
    one = (1, 0, 0, 0, 0, 0, 1)
    figures = {
        "new_received": (5, 1, 0, 0, 0, 0, 6),
        "carried_over_in": one,
        "disclosed": (2, 1, 0, 0, 0, 0, 3),
        "partially_disclosed": one,
        "withheld.process_information": one,
        "unable.not_held": one,
        "other.no_correction": one,
        "total": (6, 1, 0, 0, 0, 0, 7),
    }
    assert requests_table(result) == expected_rows(28, 1, V2021_OTHER, figures)
    assert singles(result, "review.") == {
        "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0,
        "review.total": 1,
    }
    assert singles(result, "litigation_direct.")["litigation_direct.other"] == 1
    proactive = singles(result, "proactive.")
    assert proactive["proactive.licensing.decisions"] == 1517
    assert proactive["proactive.penalty.decisions"] == 23


def test_cells_one_per_line_each_row_opened_by_a_bar() -> None:
    """A scraped `| a | b |` table broken one cell per line: a lone `|` opens each row, each
    cell carries its own bar (`8 |`), the last one the row's padding (`11 | ||`). The
    opening bar is no blank cell of the row before (every row had one cell too many)."""
    result = parsed("v2021_cells_one_per_line_each_row_opened_by_a_bar.txt")
    assert not [r for r in result.rows if r.qualifier == "ambiguous"]
    table = requests_table(result)
    assert len(table) == 25
    assert table["new_received"] == ((8, 1, 0, 0, 0, 2, 11), 67)
    assert table["unable.not_held"] == ((2, 0, 0, 0, 0, 1, 3), 178)
    assert table["other.other"] == ((0, 0, 0, 0, 0, 1, 1), 270)
    assert table["total"] == ((8, 1, 0, 0, 0, 2, 11), 279)
    assert table["carried_over_out"] == ((1, 0, 0, 0, 0, 0, 1), 288)
    assert singles(result, "review.")["review.total"] == 4
    assert singles(result, "proactive.normative_docs.") == {
        "proactive.normative_docs.issued": 5,
        "proactive.normative_docs.repealed": 12,
        "proactive.normative_docs.in_force": 8,
    }


def test_cells_per_line_with_the_padding_on_lines_of_bars() -> None:
    """A 2023 bureau page scraped one cell per line, each cell carrying its bar: a blank cell
    prints as a lone `|`, and the padding after a row prints on a line of bars (`||`), or as
    one more lone `|` after a row with two labels. Blanks stay in place; the padding is no
    cell (every row of table 三 had 8 or 9 cells for 7 columns)."""
    result = parsed("v2021_cells_per_line_padding_on_lines_of_bars.txt")
    assert not [r for r in result.rows if r.qualifier == "ambiguous"]
    table = requests_table(result)
    blank = (None,) * 6
    assert table["new_received"] == ((2, None, None, None, None, 1, 3), 66)
    assert table["carried_over_in"] == ((*blank, 0), 75)
    assert table["disclosed"] == ((1, None, None, None, None, 1, 2), 85)
    assert table["withheld.state_secret"] == ((*blank, None), 104)
    assert table["unable.not_held"] == ((1, None, None, None, None, None, 1), 177)
    assert table["total"] == ((2, None, None, None, None, 1, 3), 278)
    assert table["carried_over_out"] == ((*blank, 0), 287)
    proactive = singles(result, "proactive.")
    assert proactive["proactive.penalty.decisions"] == 2
    assert singles(result, "review.")["review.total"] == 1
    # the same page from a scraper that leaves `&nbsp;` in blank cells: the same rows
    text = (REALWORLD / "v2021_cells_per_line_padding_on_lines_of_bars.txt").read_text("utf-8")
    nbsp = "\n".join("&nbsp; |" if line == "|" else line for line in text.split("\n"))
    again = parse_bytes(nbsp.encode("utf-8"), "nbsp.txt")
    assert [(r.metric, r.applicant_type, r.value) for r in again.rows] == [
        (r.metric, r.applicant_type, r.value) for r in result.rows
    ]


@pytest.mark.parametrize(
    "name",
    [
        "v2019_text_cells_one_per_line_blanks_as_spaces.txt",
        "v2019_text_cells_one_per_line_blanks_as_empty_lines.txt",
    ],
)
def test_text_one_cell_per_line_with_blank_cells_as_whitespace_lines(name: str) -> None:
    """The page of v2019_html_opening_lists_the_sections.html scraped to text one cell per
    line with nothing between cells, its `&nbsp;` cells printed as a space or as nothing:
    every figure lands where the HTML puts it (blanks kept in place, none ambiguous)."""
    html = parsed("v2019_html_opening_lists_the_sections.html")
    text = parsed(name)
    assert [(r.metric, r.applicant_type, r.value) for r in text.rows] == [
        (r.metric, r.applicant_type, r.value) for r in html.rows
    ]
    table = requests_table(text)
    assert table["new_received"] == ((60, 3, None, None, 1, None, 64), 73)
    assert table["withheld.process_information"][0] == (2, 1, None, None, None, None, 3)
    review = singles(text, "review.")
    assert (review["review.upheld"], review["review.corrected"], review["review.total"]) == (
        2, None, 3,
    )


def test_pdf_text_with_broken_header_words_and_centred_merged_labels() -> None:
    """A PDF text layer of table 三 whose narrow header cells break the applicant words
    (商业 / 企业, 法律服 / 务机构) and whose merged labels sit at the middle of their rows
    (`（三）不予公开 4.保护第三方合法权益 2 0 …`, `三、本年度办理结果 8.属于行政查询事项 …`),
    with labels wrapped after or before the figures."""
    result = parsed("v2021_pdf_text_broken_header_words_centered_labels.txt")
    assert not [r for r in result.rows if r.qualifier == "ambiguous"]
    table = requests_table(result)
    assert len(table) == 25
    assert table["new_received"] == ((52, 4, 0, 0, 1, 0, 57), 25)
    assert table["partially_disclosed"] == ((5, 0, 0, 0, 0, 0, 5), 28)
    assert table["withheld.third_party_rights"] == ((2, 0, 0, 0, 0, 0, 2), 33)
    assert table["withheld.administrative_query"] == ((0,) * 7, 37)
    assert table["unable.needs_creation"] == ((2, 0, 0, 0, 0, 0, 2), 39)
    assert table["other.no_correction"] == ((2, 0, 0, 0, 0, 0, 2), 47)
    assert table["total"] == ((54, 4, 0, 0, 1, 0, 59), 53)
    assert singles(result, "review.")["review.total"] == 3
    assert singles(result, "proactive.normative_docs.") == {
        "proactive.normative_docs.issued": 12,
        "proactive.normative_docs.repealed": 3,
        "proactive.normative_docs.in_force": 85,
    }


def test_2021_report_printing_the_2019_table_two_is_read_as_2019() -> None:
    """A 2021 report whose table 二 is still the 2019 one (本年新制作数量, 上一年项目数量,
    本年增/减 in items 五, 六 and 八) and whose table 三 prints the 2021 sub-rows."""
    result = parsed("v2021_prints_the_2019_table_two.html")
    assert result.report is not None
    assert (result.report.year, result.report.format) == (2021, "v2019")
    got = singles(result, "proactive.")
    assert len(got) == 20 and None not in got.values()
    assert got["proactive.normative_docs.new_published"] == 45
    assert got["proactive.licensing.change"] == -4
    assert got["proactive.fees.change"] == -1
    assert requests_table(result)["other.no_correction"] == ((10, 1, 0, 0, 0, 0, 11), 45)


def test_change_written_out_in_words() -> None:
    """本年增/减 cells written out (减少4, 增加6项, 增2) are signed figures, not labels that
    cut the row short."""
    text = (REALWORLD / "v2021_prints_the_2019_table_two.html").read_text("utf-8")
    for printed, written in (("-4", "减少4"), ("+6", "增加6项")):
        text = text.replace(f"<td>{printed}</td>", f"<td>{written}</td>")
    got = singles(parse_bytes(text.encode(), "change_words.html"), "proactive.")
    assert (got["proactive.licensing.change"], got["proactive.licensing.decisions"]) == (-4, 25873)
    assert (got["proactive.penalty.change"], got["proactive.penalty.decisions"]) == (6, 9641)


def test_fee_printed_in_yuan_is_stored_in_wan_yuan() -> None:
    """本年收费金额（单位：万元） printed as `15306000元`: the value in 万元 (the metric's unit and
    the mart column's), the unit and the cell kept as written."""
    text = (REALWORLD / "v2021_html_blank_header_cells.html").read_text("utf-8")
    text = text.replace('<td colspan="3">1530.6</td>', '<td colspan="3">15306000元</td>')
    (fee,) = [r for r in parse_bytes(text.encode(), "fee.html").rows
              if r.metric == "proactive.fees.amount"]
    assert (fee.value, fee.unit, fee.raw) == (1530.6, "元", "15306000元")


def test_table_two_items_printed_with_the_other_templates_header() -> None:
    """Items of table 二 printed with the other template's columns (`本年处理决定数量`
    alone, `本年收费金额（单位：万元）`): figures of a column both templates have are read;
    the others are kept in `raw` of ambiguous readings, never put in the wrong column."""
    result = parsed("v2019_table_two_mixing_2021_headers.html")
    got = {r.metric: (r.value, r.qualifier, r.raw) for r in result.rows if r.section == "proactive"}
    assert got["proactive.penalty.decisions"] == (9641, None, "9641")
    assert got["proactive.enforcement.decisions"] == (212, None, "212")
    assert "proactive.penalty.prev_year_items" not in got
    fee = "1530.6 [columns of the other template: amount]"
    assert got["proactive.fees.prev_year_items"] == (None, "ambiguous", fee)
    assert got["proactive.fees.change"] == (None, "ambiguous", fee)


def test_report_from_a_traditional_script_mirror() -> None:
    """A prose-only 2010 report in traditional characters (line numbers are the file's)."""
    result = parsed("pre2019_2010_traditional_script_mirror.txt")
    assert result.report is not None
    assert (result.report.agency, result.report.year) == ("青岩市气象局", 2010)
    got = {(r.metric, r.line): r.value for r in result.rows}
    assert got == {
        ("legacy.proactive.items", 9): 236,  # 共主動公開政府信息236條
        ("legacy.requests.received", 15): 3,  # 共收到政府信息公開申請3件
        ("legacy.requests.received.in_person", 15): 1,
        ("legacy.requests.received.online", 15): 2,
        ("legacy.requests.answered", 17): 3,  # 已答複3件
        ("legacy.requests.answered.agreed", 17): 2,
        ("legacy.requests.answered.refused", 17): 1,
        ("legacy.capacity.staff_fulltime", 20): 1,  # 全職人員1人
        ("legacy.capacity.staff_parttime", 20): 2,
        ("legacy.fees", 22): 0,  # 未收取…成本費用
        ("legacy.review.total", 26): 0,  # 未產生…行政複議與行政訴訟
        ("legacy.litigation.total", 26): 0,
    }  # the 1460 人次 of 谘詢 (consultations) are no request


def _letter_spaced(text: str) -> str:
    """Every run of Chinese characters letter-spaced, as some PDF text layers print them."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", text)


@pytest.mark.parametrize(
    "name",
    [
        "pre2019_2012_compiled_by_disclosure_office.txt",
        "pre2019_2016_pdf_spaces_units_missing.txt",
        "unusual_title_guanyu_qingkuang_baogao_2015.txt",
        "v2019_text_cells_one_per_line_blanks_as_spaces.txt",
        "v2021_pdf_text_broken_header_words_centered_labels.txt",
    ],
)
def test_a_letter_spaced_copy_reads_as_the_original(name: str) -> None:
    """Title, prose and tables letter-spaced (`政 府 信 息 公 开 工 作 年 度 报 告`): closed
    up in normalisation, the same rows come out (a run of 无 cells stays cells)."""
    original = parsed(name)
    spaced = parse_bytes(_letter_spaced((REALWORLD / name).read_text("utf-8")).encode(), name)
    assert spaced.report is not None, spaced.reject
    assert (spaced.report.agency, spaced.report.year) == (
        original.report.agency, original.report.year,
    )
    assert [(r.metric, r.applicant_type, r.value, r.line) for r in spaced.rows] == [
        (r.metric, r.applicant_type, r.value, r.line) for r in original.rows
    ]


# ---------------------------------------------------------------- truncation


def test_complete_table_three_at_the_end_of_the_file_is_accepted() -> None:
    """A page that ends right after table 三's last row (四、结转下年度继续办理)."""
    got = requests_table(parsed("v2021_ends_after_table_three.txt"))
    assert got["carried_over_out"] == ((1, 0, 0, 0, 0, 0, 1), 53)
    assert len(got) == 23  # the 2019 single 其他处理 row


def test_table_three_cut_mid_row_is_rejected() -> None:
    """A download cut inside 3.补正后申请内容仍不明确 (2 of its 7 cells)."""
    result = parse_file(REALWORLD / "v2021_cut_mid_row.txt")
    assert result.reject is not None
    assert result.reject.reason.startswith("truncated") and "table 三" in result.reject.reason


# ---------------------------------------------------------------- pre-2019 tables


def test_pre2014_local_table_six_channels_and_cumulative_column() -> None:
    """A 2012 district 统计表 as `label | unit | 统计数 | 历年累计` lines: six channels
    (网上申请数, 电子邮件申请数, 其它形式申请数), — for zero, 1,286, 0.12 万元."""
    result = parsed("pre2019_2012_six_channels_cumulative.txt")
    got = {r.metric: (r.value, r.unit, r.line) for r in result.rows}
    assert got == {
        "legacy.proactive.items": (1286, "条", 23),
        "legacy.proactive.normative_docs_published": (12, "条", 24),
        "legacy.proactive.normative_docs_issued": (12, "件", 25),
        "legacy.requests.received": (23, "件", 27),
        "legacy.requests.received.in_person": (5, "件", 28),
        "legacy.requests.received.fax": (0, "件", 29),
        "legacy.requests.received.online": (11, "件", 30),
        "legacy.requests.received.letter": (4, "件", 31),
        "legacy.requests.received.email": (2, "件", 32),
        "legacy.requests.received.other": (1, "件", 33),
        "legacy.requests.closed": (23, "件", 34),
        "legacy.requests.closed.on_time": (23, "件", 35),
        "legacy.requests.closed.extended": (0, "件", 36),
        "legacy.review.total": (1, "件", 37),
        "legacy.litigation.total": (0, "件", 38),
        "legacy.fees": (0.12, "万元", 39),
        "legacy.capacity.offices": (1, "个", 41),
        "legacy.capacity.staff": (3, "人", 42),
    }
    assert {r.applicant_type for r in result.rows if r.metric.startswith("legacy.requests")} == {
        "total"
    }


def test_pre2014_local_form_with_a_code_column() -> None:
    """A 2012 bureau page with a provincial 统计报表 (指标名称 / 计量单位 / 代码 / 本期实际 /
    本年累计, a 甲 乙 丙 1 2 row): the 代码 cells (01, 10 …) are never the figure; the
    form's own labels (申请总数, 对申请的答复总数, 否决公开答复总数, 行政复议数) map
    onto the legacy codes; rows without one (网站专栏页面访问量, 行政申诉数) are left."""
    result = parsed("pre2019_2012_local_form_code_column.html")
    assert result.report is not None and result.report.year == 2012
    got = {r.metric: (r.value, r.raw, r.line) for r in result.rows}
    assert got == {
        "legacy.proactive.items": (1532, "1,532", 16),
        "legacy.requests.received": (17, "17", 22),
        "legacy.requests.received.in_person": (6, "6", 23),
        "legacy.requests.received.fax": (0, "0", 24),
        "legacy.requests.received.email": (2, "2", 25),
        "legacy.requests.received.online": (7, "7", 26),
        "legacy.requests.received.letter": (2, "2", 27),
        "legacy.requests.received.other": (0, "0", 28),
        "legacy.requests.answered": (16, "16", 29),
        "legacy.requests.answered.agreed": (11, "11", 30),
        "legacy.requests.answered.partially_agreed": (2, "2", 31),
        "legacy.requests.answered.refused": (3, "3", 32),
        "legacy.review.total": (1, "1", 35),
        "legacy.litigation.total": (0, "0", 36),
    }
    assert result.discrepancies == []


def test_pre2014_local_form_scraped_with_bars_opening_cells() -> None:
    """The same kind of form scraped to text with each cell opened by a bar (`| 条`,
    `| 01`), blank cells as lone bars, a closing bar after each row and 计量 / 单位 broken
    over two lines; figures left blank in the form are null, not the next row's."""
    result = parsed("pre2019_2011_local_form_cells_opened_by_bars.txt")
    got = {r.metric: (r.value, r.line) for r in result.rows}
    assert got == {
        "legacy.proactive.items": (402, 27),
        "legacy.requests.received": (4, 39),
        "legacy.requests.received.in_person": (3, 45),
        "legacy.requests.received.fax": (None, 51),
        "legacy.requests.received.email": (None, 57),
        "legacy.requests.received.online": (1, 63),
        "legacy.requests.received.letter": (None, 69),
        "legacy.requests.received.other": (None, 75),
        "legacy.requests.answered": (4, 81),
        "legacy.requests.answered.agreed": (3, 87),
        "legacy.requests.answered.partially_agreed": (1, 93),
        "legacy.requests.answered.refused": (0, 99),
        "legacy.review.total": (0, 105),
        "legacy.litigation.total": (0, 111),
    }


def test_v2021_tables_scraped_with_bars_opening_cells() -> None:
    """A 2023 report whose three tables are scraped with each cell opened by a bar: rows of
    table 三 print blank applicant cells as lone bars, 本年收费金额 / (单位:万元) is broken
    over two lines, table 四's figures are one bar-opened cell per line."""
    result = parsed("v2021_cells_opened_by_bars.txt")
    assert result.report is not None and result.report.format == "v2021"
    assert singles(result, "proactive.") == {
        "proactive.rules.issued": 0,
        "proactive.rules.repealed": 0,
        "proactive.rules.in_force": 0,
        "proactive.normative_docs.issued": 2,
        "proactive.normative_docs.repealed": 0,
        "proactive.normative_docs.in_force": 31,
        "proactive.licensing.decisions": 1046,
        "proactive.penalty.decisions": 27,
        "proactive.enforcement.decisions": 3,
        "proactive.fees.amount": 12.5,
    }
    blank = None
    table = requests_table(result)
    assert table["new_received"] == ((9, 2, blank, blank, 1, blank, 12), 69)
    assert table["carried_over_in"] == ((1, blank, blank, blank, blank, blank, 1), 78)
    assert table["disclosed"] == ((5, 1, blank, blank, 1, blank, 7), 88)
    assert table["unable.not_held"] == ((2, 1, blank, blank, blank, blank, 3), 187)
    assert table["total"] == ((9, 2, blank, blank, 1, blank, 12), 296)
    assert table["carried_over_out"] == ((1, blank, blank, blank, blank, blank, 1), 305)
    review = {k: v for k, v in singles(result, "review.").items() if v}
    assert review == {"review.upheld": 1, "review.corrected": 1, "review.total": 2}
    assert {k: v for k, v in singles(result, "litigation").items() if v} == {
        "litigation_direct.pending": 1,
        "litigation_direct.total": 1,
    }
    assert result.discrepancies == []


def test_pre2019_pdf_spaces_without_unit_column() -> None:
    """A 2016 PDF text layer: `统计指标 统计数` (no 单位 column), figures after spaces,
    long labels wrapped around their figure."""
    result = parsed("pre2019_2016_pdf_spaces_units_missing.txt")
    got = {r.metric: (r.value, r.line) for r in result.rows}
    assert len(got) == 46
    assert got["legacy.proactive.items"] == (215, 15)
    assert got["legacy.response.hotspots"] == (2, 21)
    assert got["legacy.requests.received.online"] == (3, 27)
    assert got["legacy.requests.answered.not_this_agency"] == (1, 43)
    assert got["legacy.capacity.budget"] == (0.5, 64)
    assert got["legacy.training.trainees"] == (30, 69)


def test_pre2019_prose_with_figures_on_lines_of_their_own() -> None:
    """A 2010 prose report whose page printed each figure on a line of its own
    (`受理政府信息公开申请` / `41` / `件，其中当面申请` / `23` / `件、…`), a blank line
    between all lines."""
    result = parsed("pre2019_2010_prose_figures_on_lines_of_their_own.txt")
    assert result.report is not None
    assert (result.report.agency, result.report.year) == ("某某区", 2010)
    got = {r.metric: (r.value, r.unit, r.line) for r in result.rows}
    assert got == {
        "legacy.proactive.items": (1874, "条", 23),  # the year's, not the 累计 6215 of line 15
        "legacy.requests.received": (41, "件", 31),
        "legacy.requests.received.in_person": (23, "件", 35),
        "legacy.requests.received.online": (15, "件", 39),
        "legacy.requests.received.letter": (3, "件", 43),
        "legacy.fees": (0, "万元", 49),
        "legacy.review.total": (2, "件", 55),
        "legacy.litigation.total": (1, "件", 59),
    }
    assert {r.raw for r in result.rows if r.line == 39} == {"其中当面申请23件、网络申请15件"}


# ---------------------------------------------------------------- report or not


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("nonreport_reply_letter.txt", "答复书"),
        ("nonreport_disclosure_guide.txt", "指南"),
        ("nonreport_notice_about_annual_reports.txt", "通知"),
        ("nonreport_work_plan.txt", "要点"),
        ("nonreport_column_index_page.txt", "list of annual reports"),
        ("nonreport_transmittal_without_report.txt", "without its text"),
        ("nonreport_correction_notice.txt", "更正"),
        ("nonreport_template_reposted_by_a_bureau.txt", "年度报告格式"),
    ],
)
def test_pages_filed_under_the_report_column_that_are_not_reports(name: str, why: str) -> None:
    """依申请公开答复书, 政府信息公开指南, a 通知 about publishing reports, a 工作要点,
    the column's index page, a 印发…年度报告的通知 whose report is an attachment, a 更正说明
    of a report's figure (it names table 三 and a row, but is no report), the blank 年度报告
    格式 reposted by a bureau (every heading and label of the tables, no figure)."""
    result = parse_file(REALWORLD / name)
    assert result.reject is not None, name
    assert "not an annual report" in result.reject.reason and why in result.reject.reason


@pytest.mark.parametrize(
    ("name", "agency", "year", "rows", "received"),
    [
        ("unusual_title_zhengwu_gongkai_2016.txt", "溧阳市交通运输局", 2016, 6, 5),
        ("unusual_title_guanyu_qingkuang_baogao_2015.txt", "旬邑县", 2015, 7, 12),
        ("pre2019_2012_compiled_by_disclosure_office.txt", "石桥市", 2012, 5, 96),
        ("pre2019_2016_title_year_on_the_agency_line.txt", "柳塘市", 2016, 2, 317),
        ("pre2019_2013_site_menus_above_the_title.txt", "桐溪县", 2013, 5, 38),
    ],
)
def test_reports_with_unusual_titles_are_accepted(
    name: str, agency: str, year: int, rows: int, received: int
) -> None:
    """XX局2016年政务公开工作年度报告; 关于XX县2015年政府信息公开工作情况的报告; a report
    compiled by the government's disclosure office (本报告由…领导小组办公室…编制), which is
    not the body it covers; a title broken after its year (`XX市人民政府2016年` / `政府信息
    公开工作年度报告`); a title below twelve lines of site menus and a breadcrumb."""
    result = parsed(name)
    assert result.report is not None
    assert (result.report.agency, result.report.year, result.report.format) == (
        agency,
        year,
        "pre2019",
    )
    assert len(result.rows) == rows
    assert {r.metric: r.value for r in result.rows}["legacy.requests.received"] == received


def test_fixture_readme_names_every_fixture() -> None:
    readme = (REALWORLD / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in Path(REALWORLD).iterdir() if p.name != "README.md"]
    assert [n for n in missing if n not in readme] == []
