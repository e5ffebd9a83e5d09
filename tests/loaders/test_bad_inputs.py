"""Bad input never raises: it becomes a reject that says what is wrong and what to do."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.parse import parse_bytes, parse_file
from loaders.rows import STAGING_FIELDS
from tests.loaders.report_files import ROOT, report_path

REPLY = """关于张三政府信息公开申请的答复书
青政公开〔2021〕第15号
张三：
本机关于2021年3月2日收到您提出的政府信息公开申请，申请获取“青山县2020年道路建设项目招标文件”。
经审查，您申请的信息属于本机关公开范围。根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现将该信息提供给您。
如对本答复不服，可以自收到本答复之日起六十日内申请行政复议，或者在六个月内向人民法院提起行政诉讼。
青山县人民政府办公室
2021年3月15日
"""
NOTICE = """关于做好2020年政府信息公开工作年度报告编制发布工作的通知
各乡镇人民政府，县政府各部门：
为做好2020年政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：
一、各单位应于2021年1月31日前向社会公布本单位2020年政府信息公开工作年度报告。
二、年度报告应当包括主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。
青山县人民政府办公室
2021年1月5日
"""


def reject_reason(data: bytes, name: str = "report.txt") -> str:
    result = parse_bytes(data, name)
    assert result.reject is not None, f"{name} was not rejected"
    assert result.rows == [] and result.report is None
    assert result.reject.file_hash == hashlib.sha256(data).hexdigest()
    assert result.reject.source == name
    return result.reject.reason


def lines_of(name: str) -> list[bytes]:
    return report_path(name).read_bytes().split(b"\n")


@pytest.mark.parametrize("data", [b"", b"   \n\n  \r\n"])
def test_empty_file(data: bytes) -> None:
    assert reject_reason(data).startswith("empty file")


def test_binary_png_with_nuls() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + bytes(range(256))
    assert "PNG image" in reject_reason(png, "report.txt")


def test_nul_bytes_in_a_text_file() -> None:
    data = "青山县2020年政府信息公开工作年度报告".encode() + b"\x00" * 300 + b"\x01\x02" * 50
    assert "NUL bytes" in reject_reason(data)


def test_pdf_attachment_saved_as_txt() -> None:
    assert "PDF" in reject_reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt")


def test_undecodable_garbage() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    assert reject_reason(garbage).startswith("undecodable")


def test_mis_encoded_big5_copy_is_garbled_text() -> None:
    text = report_path("002_819d0f33b79d307e.txt").read_text(encoding="utf-8")
    reason = reject_reason(text.encode("big5", errors="replace"))
    assert "garbled" in reason or "undecodable" in reason


@pytest.mark.parametrize(("original", "western"), [("gb18030", "latin-1"), ("utf-8", "cp1252")])
def test_chinese_text_once_read_in_a_western_code_page_says_how_to_undo_it(
    original: str, western: str
) -> None:
    """Mojibake saved as UTF-8 (`Õþ¸®ÐÅÏ¢` for 政府信息): rejected, with the iconv pipe that
    gives the report back."""
    text = report_path("002_819d0f33b79d307e.txt").read_text(encoding="utf-8")
    mojibake = text.encode(original).decode(western, errors="ignore").encode("utf-8")
    reason = reject_reason(mojibake)
    assert reason.startswith(f"no Chinese text after decoding as utf-8: it is {original} text")
    assert f"iconv -f utf-8 -t {western.replace('-', '')} | iconv -f {original} -t utf-8" in (
        reason
    )


@pytest.mark.parametrize(("text", "word"), [(REPLY, "答复书"), (NOTICE, "通知")])
def test_a_reply_or_notice_from_the_same_web_column_is_not_a_report(text: str, word: str) -> None:
    reason = reject_reason(text.encode("utf-8"))
    assert "not an annual report" in reason and word in reason


@pytest.mark.parametrize(
    ("cut", "where"),
    [
        (165, "table 三"),  # mid-row: 一、本年新收 has 4 of its 7 cells (lines 159-165)
        (515, "table 三"),  # after （七）总计: the row 四、结转下年度继续办理 is missing
        (590, "table 四"),  # 9 of the 15 复议诉讼 cells
    ],
)
def test_truncated_v2019_report(cut: int, where: str) -> None:
    data = b"\n".join(lines_of("004_a26e816a49efbc48.txt")[:cut])
    reason = reject_reason(data)
    assert reason.startswith("truncated") and where in reason


def test_complete_requests_table_at_the_end_of_the_file_is_not_truncated() -> None:
    data = b"\n".join(lines_of("004_a26e816a49efbc48.txt")[:531])  # after 结转下年度 (line 531)
    result = parse_bytes(data, "004.txt")
    assert result.reject is None
    out = [r for r in result.rows if r.metric == "requests.carried_over_out"]
    assert [(r.value, r.line) for r in out][-1] == (0, 531)


def test_header_of_table_four_at_the_end_of_the_file_is_truncated_but_a_sentence_is_not() -> None:
    head = lines_of("004_a26e816a49efbc48.txt")
    cut_in_header = b"\n".join(head[:553])  # ends on 结果维持 (line 553), no figure yet
    assert "header of table 四" in reject_reason(cut_in_header)
    sentence = "本年度未发生政府信息公开行政复议、行政诉讼。".encode()
    result = parse_bytes(b"\n".join([*head[:533], sentence]), "004.txt")  # line 533: heading
    assert result.reject is None
    assert not [r for r in result.rows if r.section == "review_litigation"]


def test_truncated_pdf_text_mid_requests_table() -> None:
    data = b"\n".join(lines_of("huaian_2024_pdf_text.txt")[:110])  # ends on 2.重复申请 (line 110)
    assert "table 三" in reject_reason(data)


def test_truncated_statistics_table() -> None:
    # ends on `人次` (line 466): the unit of (三)接受培训人员数, its figure cut off
    data = b"\n".join(lines_of("003_d7e4656ea917418d.txt")[:466])
    assert "统计表" in reject_reason(data)


def test_complete_statistics_table_without_the_final_bar_is_not_truncated() -> None:
    data = b"\n".join(lines_of("003_d7e4656ea917418d.txt")[:468])  # ends on 435 (line 468)
    result = parse_bytes(data, "003.txt")
    assert result.reject is None
    assert {r.metric: r.value for r in result.rows}["legacy.training.trainees"] == 435


TITLE = "青山县2019年政府信息公开工作年度报告"
ATTACHMENT_PAGE_TXT = f"""{TITLE}
发布时间：2020-01-20 来源：青山县人民政府办公室
附件：{TITLE}.pdf
扫一扫在手机打开当前页
"""
ATTACHMENT_PAGE_HTML = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body><div><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div><h1>{TITLE}</h1>
<p>附件：<a href="/uploads/2020/01/P020200120356.PDF">{TITLE}</a></p></body></html>
"""


@pytest.mark.parametrize(
    ("data", "name", "file"),
    [
        (ATTACHMENT_PAGE_TXT.encode(), "report.txt", f"{TITLE}.pdf"),
        (ATTACHMENT_PAGE_HTML.encode(), "report.html", "P020200120356.PDF"),
    ],
)
def test_page_holding_only_the_title_and_the_report_as_a_file(
    data: bytes, name: str, file: str
) -> None:
    assert reject_reason(data, name) == (
        f"the report is not on the page: only its title and an attachment ({file}); "
        "download the attachment and parse its text (pdftotext for a PDF)"
    )


def test_a_short_report_is_kept_and_a_full_one_keeps_its_attachment_link() -> None:
    short = f"{TITLE}\n2019年，本镇未收到政府信息公开申请。\n"
    assert parse_bytes(short.encode(), "short.txt").reject is None
    page = report_path("004_a26e816a49efbc48.txt").read_text(encoding="utf-8")
    result = parse_bytes((page + "附件：统计表.xls\n附件：年度报告.pdf\n").encode(), "004.txt")
    assert result.reject is None and len(result.rows) == 198


def test_unreadable_path_is_a_reject(tmp_path: Path) -> None:
    result = parse_file(tmp_path / "missing.txt")
    assert result.reject is not None and "cannot read" in result.reject.reason


def test_utf16_without_bom_still_reads() -> None:
    text = report_path("002_819d0f33b79d307e.txt").read_text(encoding="utf-8")
    result = parse_bytes(text.encode("utf-16-le"), "002.txt")
    assert result.reject is None and len(result.rows) == 22 + 23 * 7 + 15


def test_ogi_parse_on_a_mix_prints_good_rows_and_names_each_bad_file(tmp_path: Path) -> None:
    good = report_path("004_a26e816a49efbc48.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_bytes(b"\n".join(lines_of("004_a26e816a49efbc48.txt")[:300]))
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "parse", str(good), str(empty), str(notice), str(cut)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode != 0
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(rows) == 22 + 23 * 7 + 15
    assert all(tuple(r) == STAGING_FIELDS for r in rows)
    assert {r["source"] for r in rows} == {str(good)}
    errors = run.stderr.splitlines()
    assert len(errors) == 3
    for path, word in ((empty, "empty file"), (notice, "not an annual report"), (cut, "truncated")):
        assert any(str(path) in e and word in e for e in errors), (path, errors)


def test_ogi_parse_piped_into_a_reader_that_stops_early_ends_quietly() -> None:
    good = report_path("004_a26e816a49efbc48.txt")
    run = subprocess.run(
        f"{sys.executable} -m flows.cli parse {good} {good} {good} | head -n 1",
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
        executable="/bin/bash",
    )
    assert json.loads(run.stdout)["source"] == str(good)
    assert run.stderr == ""
