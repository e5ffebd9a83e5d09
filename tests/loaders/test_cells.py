"""Cells of a table region, values of cells, normalised lines, decoded text."""

from __future__ import annotations

import pytest

from loaders.cells import line_cells, region_cells
from loaders.normalize import normalize_text
from loaders.read import ReadError, html_to_text, read_bytes
from loaders.values import parse_figure


def kinds(lines: list[str]) -> list[tuple[str, str, int]]:
    return [(c.kind, c.text, c.line) for c in region_cells(lines)]


def test_one_cell_per_line_with_space_lines_as_blank_cells() -> None:
    lines = ["一、本年新收", "", " 0", "", "  ", "", " 5", ""]
    assert kinds(lines) == [
        ("text", "一、本年新收", 1),
        ("value", "0", 3),
        ("blank", "", 5),
        ("value", "5", 7),
    ]


@pytest.mark.parametrize("blank", [" ", ""])
def test_one_cell_per_line_without_separators_keeps_blank_lines_as_cells(blank: str) -> None:
    """Scraped cells one per line with nothing between them: a `&nbsp;` (spaces-only line)
    or empty cell (empty line) is a blank cell when that makes every row 7 cells long;
    the spacing above the table's first figure is not a cell."""
    lines = ["申请人情况", blank, "自然人", "总计"]
    lines += ["一、本年新收", "6", blank, blank, "1", blank, blank, "7"]
    lines += ["二、上年结转", blank, blank, blank, blank, blank, "2", "2"]
    got = kinds(lines)
    assert [k for k, _t, line in got if line == 2] == []
    assert [k for k, _t, _line in got if _line > 5] == (
        ["value", "blank", "blank", "value", "blank", "blank", "value", "text"]
        + ["blank"] * 5
        + ["value", "value"]
    )


def test_blank_lines_between_space_separated_rows_are_not_cells() -> None:
    """PDF text (a row per line, cells apart by spaces) with spaces-only lines between rows."""
    lines = ["一、本年新收 6 0 0 1 0 0 7", " ", "二、上年结转 0 0 0 0 0 2 2", " "]
    assert [k for k, _t, _line in kinds(lines)].count("blank") == 0


def test_bar_lines_end_cells() -> None:
    lines = ["(一) 主动公开政府信息数", "(不同渠道计1条)", "|", "条", "|", "|", "收到申请数", "|"]
    assert kinds(lines) == [
        ("text", "(一) 主动公开政府信息数(不同渠道计1条)", 1),
        ("text", "条", 4),
        ("blank", "", 6),
        ("text", "收到申请数", 7),
    ]


def test_lone_bars_opening_each_row_are_no_cells() -> None:
    """`| a | b |` rows broken one cell per line: a lone bar opens every row (the table's
    first bar too), so the bar before each label is no blank cell of the row above."""
    lines = ["|", "申请人 |", "总计 |"]
    for label, figures in (("一、本年新收", "6 0 6"), ("二、上年结转", "1 1 2"),
                           ("（一）予以公开", "3 0 3"), ("四、结转下年", "0 1 1")):
        lines += ["|", f"{label} |", *(f"{f} |" for f in figures.split())]
    got = kinds(lines)
    assert [k for k, _t, _line in got].count("blank") == 0
    values = [t for k, t, _line in got if k == "value"]
    assert values == ["6", "0", "6", "1", "1", "2", "3", "0", "3", "0", "1", "1"]


def test_lone_bars_are_blank_cells_when_only_some_labels_follow_one() -> None:
    """Cells carrying their bars whose blank cells print as a lone bar: a blank last cell
    puts a lone bar before the next label, but not before every label."""
    lines = ["申请人 |", "总计 |"]
    for label, cells in (("一、本年新收", ["6 |", "|"]), ("二、上年结转", ["1 |", "1 |"]),
                         ("（一）予以公开", ["3 |", "|"]), ("四、结转下年", ["0 |", "1 |"])):
        lines += [f"{label} |", *cells]
    assert [k for k, _t, _line in kinds(lines)].count("blank") == 2


def test_bars_opening_cells() -> None:
    """`a | b |  | c |` rows broken before each bar: a lone bar is a blank cell, except the
    row's closing bar before the next row's first cell; `| 计量` / `单位` is one cell."""
    lines = ["指标名称", "| 计量", "单位", "| 代码", "| 本期实际", "|",
             "申请总数", "| 条", "| 10", "|", "|", "|",
             "其中：1.当面申请数", "| 条", "| 11", "| 3", "|", "|"]
    assert kinds(lines) == [
        ("text", "指标名称", 1),
        ("text", "计量单位", 2),
        ("text", "代码", 4),
        ("text", "本期实际", 5),
        ("text", "申请总数", 7),
        ("text", "条", 8),
        ("value", "10", 9),
        ("blank", "", 10),
        ("blank", "", 11),
        ("text", "其中：1.当面申请数", 13),
        ("text", "条", 14),
        ("value", "11", 15),
        ("value", "3", 16),
        ("blank", "", 17),
    ]


def test_html_row_with_blank_cells_at_the_ends() -> None:
    assert kinds(["0 | 3 |  | 4 |"]) == [
        ("value", "0", 1),
        ("value", "3", 1),
        ("blank", "", 1),
        ("value", "4", 1),
        ("blank", "", 1),
    ]


def test_spaces_split_figures_and_join_broken_labels() -> None:
    assert kinds(["规章 1 0 11"]) == [
        ("text", "规章", 1),
        ("value", "1", 1),
        ("value", "0", 1),
        ("value", "11", 1),
    ]
    assert kinds(["结 果 维持"]) == [("text", "结果维持", 1)]
    assert kinds(["（一）收到申请数 件 233"]) == [
        ("text", "（一）收到申请数", 1),
        ("text", "件", 1),
        ("value", "233", 1),
    ]


def test_figures_glued_to_their_label_are_split_off_but_not_inside_a_note() -> None:
    assert kinds(["(一)予以公开7000007"]) == [("text", "(一)予以公开", 1), ("value", "7000007", 1)]
    assert kinds(["同渠道和方式公开相同信息计1 条 731"])[0] == (
        "text",
        "同渠道和方式公开相同信息计1",
        1,
    )
    assert kinds(["(不同渠道和方式公开相同信息计1"]) == [
        ("text", "(不同渠道和方式公开相同信息计1", 1)
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("42658", 42658, None, None),
        ("-57", -57, None, None),
        ("+14", 14, None, None),
        ("172195991.7元", 172195991.7, "元", None),
        ("22(其中修订16件)", 22, None, None),
        ("5,130", 5130, None, None),
        ("1，252", 1252, None, None),  # a full-width comma between thousands (PDF text)
        ("减少4", -4, None, None),  # 本年增/减 written out
        ("增加6项", 6, "项", None),
        ("12，345，678元", 12345678, "元", None),
        ("100余条", 100, "条", "more_than"),
        ("约300", 300, None, "about"),
        ("—", 0, None, None),
        ("/", 0, None, None),
        ("无", 0, None, None),
    ],
)
def test_figures(text: str, value: float, unit: str | None, qualifier: str | None) -> None:
    fig = parse_figure(text)
    assert fig is not None and (fig.value, fig.unit, fig.qualifier, fig.raw) == (
        value,
        unit,
        qualifier,
        text,
    )


@pytest.mark.parametrize(
    "text", ["2019年项目数量", "本年增/减", "100%", "第二十条第(一)项", "", "1，25", "12，3456"]
)
def test_not_figures(text: str) -> None:
    assert parse_figure(text) is None


def test_html_references_left_in_scraped_text_are_decoded_line_for_line() -> None:
    """`&nbsp; |` is a blank cell as ` |` is; `&#10;` is no new line; `&copy` (no `;`) stays."""
    text = "&nbsp; |\n规章&#10;|&#12288;3 |\nA&amp;B &copy C\n|---|---|\n"
    assert normalize_text(text) == ["  |", "规章 | 3 |", "A&B &copy C", ""]


def test_normalising_keeps_one_line_per_line_and_blanks_chrome() -> None:
    text = (
        "发布时间：2020-01-08 08:57 | 来源：罗源县\r\n"
        "（一）予以公开　１２\n"
        "1、申请人无正当理由逾期不补\n"
        "- 5 -\n"
        "  \n"
        "\n"
        "扫一扫在手机打开当前页\n"
    )
    assert normalize_text(text) == [
        "来源:罗源县",
        "(一)予以公开 12",
        "1.申请人无正当理由逾期不补",
        "",
        " ",
        "",
        "",
    ]


def test_html_to_text_rows_and_blocks() -> None:
    html = (
        "<p>标题<br>第二行</p><script>x=1</script><table><tr><th>a</th><td>&nbsp;</td>"
        "<td><p>本年新</p><p>制作数量</p></td></tr><tr><td></td><td> </td></tr></table>"
    )
    assert html_to_text(html).split("\n") == [
        "标题",
        "第二行",
        "a |  | 本年新 制作数量",
        " | ",  # a row of blank cells stays
    ]


def test_encodings_and_refusals() -> None:
    text = "青山县政府信息公开工作年度报告，收到申请12件。" * 3
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("gb18030"),
        text.encode("utf-16"),
    ):
        assert read_bytes(data, "a.txt").text == text
    with pytest.raises(ReadError, match="empty"):
        read_bytes(b"", "a.txt")
    with pytest.raises(ReadError, match="no Chinese"):
        read_bytes(b"just some english words", "a.txt")


def test_tab_separated_row_keeps_blank_cells() -> None:
    lines = normalize_text("\t一、本年新收\t3\t\t0\t\n")
    assert kinds(lines) == [
        ("text", "一、本年新收", 1),
        ("value", "3", 1),
        ("blank", "", 1),
        ("value", "0", 1),
        ("blank", "", 1),
    ]


@pytest.mark.parametrize(
    ("line", "normalised"),
    [
        ("政 府 信 息 公 开 工 作 年 度 报 告", "政府信息公开工作年度报告"),
        ("（四）无 法 提 供 3", "(四)无法提供 3"),
        ("收到申请数 件 23", "收到申请数 件 23"),  # a word, then a lone unit: kept apart
        ("自然 人", "自然 人"),  # two characters: not a letter-spaced run
        ("3.危及 无 无 无 无 无 无 无", "3.危及 无 无 无 无 无 无 无"),  # cells printing 无
    ],
)
def test_letter_spaced_runs_are_closed_up(line: str, normalised: str) -> None:
    assert normalize_text(line) == [normalised]


def test_a_label_ending_in_a_unit_character_keeps_it() -> None:
    """`规范性文 件 12 3 85` (spacing too short to be closed up in normalisation): 件 ends the
    word 文件, it is no unit cell; `申请数 件 23` is a label and its unit."""
    cells = line_cells("行政规范性文 件 12 3 85", 1)
    assert [(c.kind, c.text) for c in cells][:2] == [("text", "行政规范性文件"), ("value", "12")]
    assert [c.text for c in line_cells("收到申请数 件 23", 1)] == ["收到申请数", "件", "23"]
