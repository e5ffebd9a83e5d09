"""Report detection: is it a report, its format, statistical year, agency and title."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.detect import Detection, detect, normalize_agency

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
SHARED = ROOT.parent / "shared"


def _find(name: str) -> Path:
    if FIXTURES.is_dir():
        hits = sorted(FIXTURES.rglob(name))
        if hits:
            return hits[0]
    for sub in ("seeds", "samples"):
        if (SHARED / sub / name).exists():
            return SHARED / sub / name
    raise FileNotFoundError(name)


def _normalise(text: str) -> list[str]:
    try:
        from loaders.normalize import normalize_text
    except ImportError:  # pragma: no cover - before the normaliser exists
        return text.split("\n")
    return normalize_text(text)


def report_lines(name: str) -> list[str]:
    """Normalised lines of one of the six real inputs."""
    data = _find(name).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return _normalise(text)


SEED_000 = "000_5285b52ecd38ee0d.txt"
SEED_001 = "001_e9f9ead20f70db79.txt"
SEED_002 = "002_819d0f33b79d307e.txt"
SEED_003 = "003_d7e4656ea917418d.txt"
SEED_004 = "004_a26e816a49efbc48.txt"
HUAIAN = "huaian_2024_pdf_text.txt"

# file, format, year, agency, title as the file prints it (None: the file has no title)
EXPECTED = [
    (SEED_000, "pre2019", 2017, "龙山县城市管理行政执法局", "龙山县政府信息公开工作2017年度报告"),
    (SEED_001, "pre2019", 2017, "东坑镇", None),
    (SEED_002, "v2019", 2019, "罗源县松山镇", "罗源县松山镇2019年政府信息公开工作年度报告"),
    (SEED_003, "pre2019", 2017, "57365线路检测中心", None),
    (SEED_004, "v2019", 2020, "桂东县", "桂东县政府信息公开工作年度报告"),
    (HUAIAN, "v2021", 2024, "淮安市", "淮安市人民政府2024 年政府信息公开工作年度报告"),
]


@pytest.mark.parametrize(("name", "fmt", "year", "agency", "title"), EXPECTED)
def test_real_reports(name: str, fmt: str, year: int, agency: str, title: str | None) -> None:
    assert detect(report_lines(name)) == Detection(True, None, fmt, year, agency, title)


@pytest.mark.parametrize("name", [row[0] for row in EXPECTED])
def test_raw_text_reads_the_same(name: str) -> None:
    """Not normalised (full-width forms, page chrome kept): the same detection."""
    raw = _find(name).read_text(encoding="utf-8").split("\n")
    assert detect(raw) == detect(report_lines(name))


def test_full_width_forms_are_tolerated() -> None:
    lines = [
        "某某县政府信息公开工作２０１７年度报告",
        "本报告中所列数据的统计期限自２０１７年１月１日起至２０１７年１２月３１日止。",
        "一、概述", "二、主动公开情况", "三、依申请公开情况",
        "四、行政复议、行政诉讼和举报投诉情况", "某某县人民政府办公室", "２０１８年３月１日",
    ]
    got = detect(lines)
    assert (got.is_report, got.format, got.year, got.agency) == (True, "pre2019", 2017, "某某县")


# ---------------------------------------------------------------- not reports

REPLY = """政府信息公开申请答复书
某政公开〔2019〕第12号
张三：
本机关于2019年3月1日收到您提出的关于某某路拆迁补偿的政府信息公开申请。经审查，现答复如下：
根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，您申请的信息予以公开。
如对本答复不服，可以在收到本答复之日起60日内向某某市人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。
某某县人民政府办公室
2019年3月15日"""

NOTICE = """关于做好2019年政府信息公开工作年度报告编制发布工作的通知
各乡镇人民政府，县直各单位：
为做好2019年政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：
一、报告内容。按照国办公开办函〔2019〕60号要求，年度报告包括总体情况、主动公开政府信息情况等。
二、发布时间。各单位于2020年1月31日前在政府网站公开本单位年度报告。
特此通知。
某某县人民政府办公室
2020年1月6日"""

NOTICE_WITHOUT_TITLE = """各乡镇人民政府，县直各单位：
为做好2018年政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：
一、总体情况。报告须写明统计期限自2018年1月1日至2018年12月31日。
二、主动公开情况。
特此通知。"""

NEWS = """我县召开2019年政务公开工作推进会
3月12日上午，我县召开2019年政务公开工作推进会。（记者 李明）
会议通报了2018年度全县政府信息公开工作情况，部署了2019年政务公开重点工作。
副县长王某出席会议并讲话，要求各单位按时发布政府信息公开工作年度报告。"""

GUIDE = """某某县人民政府信息公开指南
为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。
一、主动公开
二、依申请公开
三、监督和救济"""

OTHER_REPORT = """某某县2019年法治政府建设年度报告
2019年，我县深入推进依法行政，加快建设法治政府。
一、主要成效
二、存在的问题"""


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        (REPLY, "答复书"),
        (NOTICE, "通知"),
        (NOTICE_WITHOUT_TITLE, "通知"),
        (NEWS, "news item"),
        (GUIDE, "指南"),
        (OTHER_REPORT, "another subject"),
    ],
)
def test_not_reports(text: str, looks_like: str) -> None:
    got = detect(text.split("\n"))
    assert got.is_report is False
    assert got.format is None
    assert looks_like in (got.reason or "")


def test_empty_text_is_not_a_report() -> None:
    got = detect(["", "  ", "扫一扫在手机打开"])
    assert got.is_report is False and "too short" in (got.reason or "")


def test_report_published_by_a_transmittal_notice_is_a_report() -> None:
    lines = [
        "某某局关于公布2017年政府信息公开工作年度报告的通知",
        "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。",
        "一、概述", "二、主动公开情况", "三、依申请公开情况", "四、存在的主要问题及改进情况",
    ]
    got = detect(lines)
    assert got.is_report and got.year == 2017 and got.format == "pre2019"


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("某县人民政府关于2019年政府信息公开工作年度报告的公告", "某县"),
        ("关于某县民政局2019年政府信息公开工作年度报告的公示", "某县民政局"),
    ],
)
def test_report_published_as_an_announcement_is_a_report(title: str, agency: str) -> None:
    lines = [
        title,
        "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。",
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
    ]
    got = detect(lines)
    assert (got.is_report, got.year, got.agency) == (True, 2019, agency)


@pytest.mark.parametrize(
    ("title", "what"),
    [
        ("某县人民政府关于2019年政府信息公开工作年度报告的公告", "an announcement (公告/公示) of"),
        ("某县人民政府办公室关于印发某县2019年政府信息公开工作年度报告的通知",
         "a notice (通知) transmitting"),
    ],
)
def test_notice_or_announcement_without_the_report_is_rejected(title: str, what: str) -> None:
    lines = [title, "现将我县2019年政府信息公开工作年度报告予以公布，请登录县政府网站查阅。",
             "某县人民政府", "2020年3月1日"]
    got = detect(lines)
    assert got.is_report is False
    assert got.reason == f"not an annual report: {what} a report without its text"


# ---------------------------------------------------------------- statistical year


def test_year_title_typo_is_outvoted_by_period_and_body() -> None:
    lines = [
        "某某县政府信息公开工作2018年度报告",
        "本报告中所列数据统计期限自2017年1月1日起至2017年12月31日止。",
        "一、概述", "2017年度，我县认真贯彻《条例》。2017年，全县主动公开信息200条。",
    ]
    assert detect(lines).year == 2017


def test_year_named_in_the_plans_section_is_next_year() -> None:
    lines = [
        "某某局政府信息公开工作年度报告",
        "一、概述", "2019年，我局认真落实《条例》，主动公开信息120条。",
        "二、主动公开情况",
        "三、存在的主要问题及改进情况",
        "2020年，我局将加强培训。2020年重点做好以下工作：2020年完善制度。",
        "四、其他需要报告的事项", "无。",
        "某某局", "2020年1月15日",
    ]
    assert detect(lines).year == 2019
    # the section after it counts again: the year named there alone decides
    lines[2], lines[7] = "我局认真落实《条例》。", "2019年收取信息处理费0元。"
    assert detect(lines).year == 2019


def test_a_work_plan_heading_in_the_overview_is_no_plans_section() -> None:
    lines = [
        "某某局政府信息公开工作年度报告", "一、概述", "(一)制定年度工作计划",
        "2019年，我局制定政务公开工作要点。2019年主动公开信息120条。",
        "二、存在的主要问题及改进情况", "2020年，我局将加强培训。",
    ]
    assert detect(lines).year == 2019


def test_year_ignores_publication_and_signature_dates() -> None:
    lines = [
        "某某局政府信息公开工作年度报告",
        "发布时间:2017-02-01 09:00",
        "2016年，我局认真落实《条例》。2016年度，我局主动公开信息30条。",
        "一、概述", "二、主动公开情况", "三、依申请公开情况",
        "某某局", "2017年1月20日",
    ]
    assert detect(lines).year == 2016


def test_year_ignores_titles_of_cited_documents() -> None:
    lines = [
        "某某县政府信息公开工作年度报告",
        "统计期限自2017年1月1日至2017年12月31日。",
        "落实《2018年政务公开工作要点》《2018年政务公开工作实施方案》《2018年考核办法》。",
    ]
    assert detect(lines).year == 2017


def test_year_in_chinese_numerals() -> None:
    lines = ["某某县二〇一六年度政府信息公开工作报告", "一、概述", "二、主动公开情况"]
    assert detect(lines).year == 2016


def test_year_from_the_period_alone() -> None:
    lines = ["本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。", "一、概述",
             "二、主动公开情况", "三、依申请公开情况"]
    assert detect(lines).year == 2015


# ---------------------------------------------------------------- format


def _prose_report(year: int, *extra: str) -> list[str]:
    return [
        f"某某县{year}年政府信息公开工作年度报告",
        f"本报告中所列数据统计期限自{year}年1月1日至{year}年12月31日。",
        "一、总体情况", "二、主动公开政府信息情况", *extra,
    ]


@pytest.mark.parametrize(("year", "fmt"), [(2015, "pre2019"), (2020, "v2019"), (2022, "v2021")])
def test_format_falls_back_on_the_year_when_wording_is_silent(year: int, fmt: str) -> None:
    assert detect(_prose_report(year)).format == fmt


def test_format_follows_the_table_not_the_year() -> None:
    v2019_table = ("第二十条第(一)项", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量")
    assert detect(_prose_report(2021, *v2019_table)).format == "v2019"
    v2021_table = ("第二十条第(一)项", "信息内容 本年制发件数 本年废止件数 现行有效件数")
    assert detect(_prose_report(2020, *v2021_table)).format == "v2021"
    old_table = ("政府信息公开情况统计表", "统计指标 | 单位 | 统计数", "(一)收到申请数 | 件 | 3")
    assert detect(_prose_report(2019, *old_table)).format == "pre2019"


def test_old_prose_sections_mean_pre2019() -> None:
    lines = ["某某局政府信息公开工作年度报告", "一、概述", "二、主动公开情况", "三、回应解读情况",
             "四、机构建设和保障经费情况", "五、政府信息公开会议和培训情况"]
    assert detect(lines).format == "pre2019"


def test_shared_template_wording_uses_the_year_to_split_2019_and_2021() -> None:
    lines = _prose_report(
        2021, "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量 3"
    )
    assert detect(lines).format == "v2021"


# ---------------------------------------------------------------- agency


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("东坑镇人民政府办公室", "东坑镇"),
        ("淮安市人民政府", "淮安市"),
        ("桂东县人民政府办公室", "桂东县"),
        ("某某街道人民政府", "某某街道"),
        ("某某镇人民政府党政办公室", "某某镇"),
        ("某某镇政府党政综合办公室", "某某镇"),
        ("某某县城市管理行政执法局", "某某县城市管理行政执法局"),
        ("国务院办公厅", "国务院办公厅"),
        ("人民政府", "人民政府"),
    ],
)
def test_normalize_agency(name: str, expected: str) -> None:
    assert normalize_agency(name) == expected


def test_a_title_naming_the_general_office_keeps_it() -> None:
    lines = ["某某市人民政府办公室2019年政府信息公开工作年度报告", "一、总体情况",
             "二、主动公开政府信息情况"]
    assert detect(lines).agency == "某某市人民政府办公室"


def test_agency_more_specific_source_line_wins_over_the_site_title() -> None:
    lines = ["某某县人民政府-某某县政府信息公开工作2017年度报告", "来源:某某县卫生健康局",
             "2017年，我局主动公开信息20条。", "一、概述", "我局高度重视。"]
    assert detect(lines).agency == "某某县卫生健康局"


def test_agency_title_wins_over_a_parent_source_line() -> None:
    lines = ["某某县某某镇2019年政府信息公开工作年度报告", "来源:某某县", "一、总体情况",
             "我镇高度重视。"]
    assert detect(lines).agency == "某某县某某镇"


def test_agency_title_people_government_split_by_the_disclosure_phrase() -> None:
    lines = ["某某市人民政府信息公开工作年度报告", "一、概述", "二、主动公开情况"]
    assert detect(lines).agency == "某某市"


def test_a_web_column_name_above_an_untitled_report_does_not_reject_it() -> None:
    lines = [
        "通知公告",
        "根据《条例》规定，现公布2017年某某镇政府信息公开工作年度报告。统计期限自2017年1月1日至2017年12月31日。",
        "一、概述", "二、主动公开情况", "三、依申请公开情况", "四、存在的主要问题及改进措施",
        "某某镇人民政府", "2018年3月1日",
    ]
    got = detect(lines)
    assert (got.is_report, got.year, got.agency) == (True, 2017, "某某镇")


def _untitled_page(opening: str, year: int) -> list[str]:
    """A 2019/2021-template page with no title line: `opening`, then its 统计期限 and the
    template's section headings."""
    return [
        opening + f"本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
        "一、总体情况", f"{year}年，通过门户网站主动公开政府信息共81条。",
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
    ]


@pytest.mark.parametrize(
    "opening",
    [
        # 2020 township pages with no title line: the compiler in the opening sentence
        "本报告是根据《中华人民共和国政府信息公开条例》要求，由某某镇人民政府党政办公室编制。",
        "根据《中华人民共和国政府信息公开条例》要求，某某镇政府编制2020年政府信息公开年度报告。",
    ],
)
def test_untitled_report_names_its_compiler(opening: str) -> None:
    got = detect(_untitled_page(opening, 2020))
    assert (got.is_report, got.year, got.format, got.agency) == (True, 2020, "v2019", "某某镇")


def test_untitled_old_report_names_the_office_that_compiled_it() -> None:
    """2014 district 年报 page starting at its date: 本年报…由X区人民政府办公室综合…编制而成."""
    lines = [
        "2015年3月13日", "引 言",
        "本年报是根据《条例》要求，由某某区人民政府办公室综合区政府所属各行政机关的政府信息"
        "公开年度总结报告编制而成。本年报中所列数据的统计期限自2014年1月1日起至12月31日止。",
        "一、概 述", "2014年我区政府信息公开工作稳步推进。",
        "二、主动公开政府信息情况", "2014年，全区共主动公开政府信息3652条。",
        "三、依申请公开政府信息情况", "2014年，全区共受理政府信息公开申请215件。",
        "四、复议、诉讼和申诉的情况", "2014年，全区发生行政复议案件8件。",
        "五、存在的主要问题和改进措施", "部分部门公开不够及时。",
    ]
    got = detect(lines)
    assert (got.is_report, got.year, got.format, got.agency) == (True, 2014, "pre2019", "某某区")


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("特向社会公布某某市统计局2024年政府信息公开情况。", "某某市统计局"),
        ("特向社会公布2024年政府信息公开情况。", None),  # `政府` alone names no body
    ],
)
def test_untitled_report_publishing_its_disclosure_situation(
    opening: str, agency: str | None
) -> None:
    got = detect(_untitled_page(opening, 2024))
    assert (got.is_report, got.year, got.format, got.agency) == (True, 2024, "v2021", agency)


@pytest.mark.parametrize(
    ("contact", "agency"),
    [
        ("请与某某区人民政府办公室联系（地址：某某路399号）", "某某区"),
        ("请与某某市统计局办公室联系", "某某市统计局"),
        ("请与某某市人民政府办公室政府信息公开处联系", "某某市"),
        ("请联系某某镇党政办公室咨询", "某某镇"),
        ("请与我们联系", None),
    ],
)
def test_untitled_report_names_the_body_whose_office_answers_questions(
    contact: str, agency: str | None
) -> None:
    """A 2024 district page with no title, no signature and no compiler: 如对本报告有任何
    疑问，请与X区人民政府办公室联系 names the body (its office, and the office's 处, dropped)."""
    opening = "本报告依据《条例》编制。如对本报告有任何疑问，" + contact + "。"
    assert detect(_untitled_page(opening, 2024)).agency == agency


def test_title_in_a_metadata_block_and_a_bare_office_as_publisher() -> None:
    """A 2021 township page: `标题: …` and `发布机构: 办公室` in its metadata block."""
    lines = [
        "标题: 某某镇人民政府2020年政府信息公开工作年度报告",
        "索引号: /2021-None 文号: 无文号",
        "发文日期: 2021-01-30 发布机构: 某某镇人民政府",
        "某某镇人民政府2020年政府信息公开工作年度报告", "发布日期:2021-01-30",
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    ]
    got = detect(lines)
    assert (got.title, got.agency) == ("某某镇人民政府2020年政府信息公开工作年度报告", "某某镇")
    office = ["发布机构 | 办公室 | 发文日期 | 2021-01-29 |", *lines[3:]]
    office[1] = "政府信息公开工作年度报告"
    assert detect(office).agency is None


def test_title_broken_over_two_lines_and_a_bare_date_signature() -> None:
    """Modelled on a real 2013 report (道县): title split before 年度报告, date without name."""
    lines = [
        "道县文广新局2013年度信息公开工作", "年度报告",
        "一、主动公开政府信息的情况:", "2013年度主动公开信息的有5条;",
        "二、依申请公开信息的情况和不予公开信息的情况", "2013年度没有依申请公开信息的情况。",
        "三、信息公开的收费及减免情况", "四、因信息公开申请行政复议、提起行政诉讼的情况",
        "2014年3月25日",
    ]
    assert detect(lines) == Detection(True, None, "pre2019", 2013, "道县文广新局",
                                      "道县文广新局2013年度信息公开工作年度报告")


def test_html_metadata_rows_are_not_titles() -> None:
    lines = [
        "索 引 号 | 014416330/2018-04736 | 分 类 | 政府信息公开年报 综合政务 |",
        "发布机构 | 市政府办 | 发文日期 | 2018-02-28 |",
        "根据《中华人民共和国政府信息公开条例》规定，现公布泰州市人民政府2017年政府信息公开工作年度报告。"
        "报告所列数据的统计期限自2017年1月1日起至12月31日止。",
        "一、主要工作概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况",
    ]
    got = detect(lines)
    assert (got.title, got.year, got.agency, got.format) == (None, 2017, "泰州市", "pre2019")


def test_signature_with_chinese_numeral_date() -> None:
    lines = [
        "根据《条例》规定，现公布本镇政府信息公开工作年度报告。统计期限自2016年1月1日至2016年12月31日。",
        "一、概述", "二、主动公开情况", "三、依申请公开情况",
        "某某镇人民政府", "二〇一七年三月二十日",
    ]
    got = detect(lines)
    assert (got.year, got.agency) == (2016, "某某镇")


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("某市自然资源和规划局（某市林业局）2021年政府信息公开工作年度报告",
         "某市自然资源和规划局(某市林业局)"),
        ("【某某县】2019年政府信息公开工作年度报告", "某某县"),
        ("某某县人民政府门户网站 某某县教育局2019年政府信息公开工作年度报告", "某某县教育局"),
        ("某某县（2019年）政府信息公开工作年度报告", "某某县"),
    ],
)
def test_agency_of_a_title_with_brackets_or_a_site_name(title: str, agency: str) -> None:
    lines = [title, "一、概述", "二、主动公开情况", "三、依申请公开情况"]
    assert detect(lines).agency == agency


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("2019年，某县民政局认真贯彻落实《条例》，主动公开信息120条。", "某县民政局"),
        ("2019年，在县委、县政府的正确领导下，某县民政局认真贯彻落实《条例》。", "某县民政局"),
        ("2019年度，某县青石镇人民政府深入贯彻落实《条例》。", "某县青石镇"),
        ("2019年，我局认真贯彻落实《条例》。", None),
        ("2019年，各乡镇认真贯彻落实《条例》。", None),
    ],
)
def test_untitled_report_names_the_subject_of_its_opening_sentence(
    opening: str, agency: str | None
) -> None:
    lines = ["2019年度政府信息公开工作年度报告", "一、总体情况", opening,
             "二、主动公开政府信息情况"]
    assert detect(lines).agency == agency


def test_agency_after_guanyu_in_the_title() -> None:
    lines = ["某某县人民政府办公室关于某某县2017年政府信息公开工作年度报告", "一、概述",
             "二、主动公开情况"]
    assert detect(lines).agency == "某某县"


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("关于印发某县2015年政府信息公开工作年度报告的通知", "某县"),
        ("某县人民政府办公室关于转发某县2015年政府信息公开工作年度报告的通知", "某县"),
        ("某某局关于公布2015年政府信息公开工作年度报告的通知", "某某局"),
    ],
)
def test_agency_of_a_report_published_by_a_transmittal_notice(title: str, agency: str) -> None:
    lines = [title, "现将报告印发给你们。", "某县2015年政府信息公开工作年度报告",
             "一、概述", "二、主动公开情况", "三、依申请公开情况"]
    assert detect(lines).agency == agency


def test_title_without_a_name_and_the_body_on_the_line_below() -> None:
    lines = ["政府信息公开工作年度报告（2015年）", "某县农业农村局",
             "一、概述", "2015年，我局主动公开政府信息210条。", "二、依申请公开情况"]
    got = detect(lines)
    assert (got.title, got.agency, got.year) == (
        "某县农业农村局政府信息公开工作年度报告(2015年)", "某县农业农村局", 2015)


def test_news_about_a_report_is_not_the_report() -> None:
    lines = ["我市发布2019年政府信息公开工作年度报告",
             "近日，我市发布了2019年政府信息公开工作年度报告，全面展示了一年来的工作成效。"]
    got = detect(lines)
    assert got.is_report is False and "news item" in (got.reason or "")
