"""Prose figures: what the sentences of real reports state, and how it squares with tables.

Every expected figure below can be checked in the source file at the line given.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.catalog import metric as catalog_metric
from loaders.detect import detect
from loaders.prose import (
    CANONICAL_RULES,
    LEGACY_RULES,
    ProseFigure,
    extract_prose,
    reconcile,
)
from loaders.rows import Discrepancy, ReportContext, StagingRow
from tests.loaders.test_detect import (
    HUAIAN,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    report_lines,
)


def _figures(name: str, fmt: str) -> list[tuple]:
    return [(f.line, f.metric, f.value, f.qualifier, f.unit, f.raw)
            for f in extract_prose(report_lines(name), fmt)]


def _legacy(rows: list[tuple]) -> list[tuple]:
    return [(line, f"legacy.{code}", *rest) for line, code, *rest in rows]


# ---------------------------------------------------------------- seed 000 (prose only, 2017)

SEED_000_FIGURES = _legacy([
    (25, "proactive.items", 100, "more_than", "条", "共计主动公开各类信息100余条"),
    (25, "proactive.via_website", 50, "more_than", "条", "其中在政府网站公开50余条"),
    (25, "proactive.via_other", 50, "more_than", "条", "其他方式公开50余条"),
    (34, "review.total", 2, None, "件", "全年共计发生行政行政复议2起"),
    (34, "litigation.total", 3, None, "件", "行政诉讼3起"),
    (37, "capacity.staff", 2, None, "人", "安排了2名工作人员"),
    (37, "capacity.budget", 4000, None, "元", "全年经费用支出4000元"),
])


def test_seed_000_figures() -> None:
    assert _figures(SEED_000, "pre2019") == SEED_000_FIGURES


def test_seed_000_figures_not_about_disclosure_are_not_read() -> None:
    values = {f[2] for f in _figures(SEED_000, "pre2019")}
    assert 152 not in values  # line 28: 受理行政许可、非许可审批事项152件, 办结152件
    assert 143 not in values and 24 not in values  # line 28: 临时占用道路许可, 占用费征收项目
    assert 521 not in values  # line 31: 受理电话举报521起 (城管 complaints, 回应解读 section)
    assert 17 not in values  # line 34: 咨询达17人次
    assert 120 not in values  # line 18: 公开事项达120多条 (a catalogue, not publications)
    assert 300 not in values  # line 22: 发放宣传单300余份


# ---------------------------------------------------------------- seed 001 (prose only, 2017)

NOTHING_001 = "我镇未出现因政府信息公开申请被提起行政复议或行政诉讼的情况"
SEED_001_FIGURES = _legacy([
    (8, "proactive.items", 1371, None, "条", "主动公开政务信息1371条"),
    (9, "proactive.via_website", 1367, None, "条", "通过镇政府门户网站公开政府信息1367条"),
    (9, "proactive.via_weibo", 586, "about", "条", "通过官方微博发布或转帖各类公开信息约586条"),
    (9, "proactive.via_wechat", 296, "about", "条", "微信平台推送信息约296条"),
    (9, "proactive.via_other", 250, "about", "条", "通过电视台、报刊等方式公开信息约250条"),
    (55, "requests.received", 2, None, "件", "我镇收到依申请公开政府信息2件"),
    # statements of nothing: 均未收取费用, 未出现…行政复议或行政诉讼
    (57, "fees", 0, None, "万元", "对主动公开及依申请公开的政府信息公开均未收取费用"),
    (59, "review.total", 0, None, "件", NOTHING_001),
    (59, "litigation.total", 0, None, "件", NOTHING_001),
])


def test_seed_001_figures() -> None:
    assert _figures(SEED_001, "pre2019") == SEED_001_FIGURES


def test_seed_001_hotline_table_is_not_read() -> None:
    """Lines 10-53: the 12345 工单 table (17, 25, 157, … 228) is not part of the report format."""
    figures = _figures(SEED_001, "pre2019")
    assert not [f for f in figures if 10 <= f[0] <= 53]
    assert 228 not in {f[2] for f in figures}


# ---------------------------------------------------------------- seed 003 (prose + 统计表, 2017)

SEED_003_FIGURES = _legacy([
    (51, "proactive.via_website", 42092, None, "条", "通过局门户网站公开信息42092条"),
    (54, "requests.received", 233, None, "件", "我局2017年度共受理信息公开申请233件"),
    (54, "requests.received.in_person", 179, None, "件", "其中当面申请179件"),
    (54, "requests.received.fax", 26, None, "件", "传真申请26件"),
    (54, "requests.received.online", 2, None, "件", "网络申请2件"),
    (54, "requests.received.letter", 26, None, "件", "信函申请26件"),
    (54, "requests.closed", 233, None, "件", "233件申请全部办结"),
    (55, "requests.answered", 233, None, "件", "对申请的答复数为233件"),
    (56, "requests.answered.already_public", 0, None, "件", "“属于已主动公开范围”的0件"),
    (57, "requests.answered.agreed", 122, None, "件", "“同意公开”的122件"),
    (58, "requests.answered.partially_agreed", 0, None, "件", "“同意部分公开”的0件"),
    (59, "requests.answered.refused", 3, None, "件", "“不同意公开”的3件"),
    (60, "requests.answered.refused.commercial_secret", 1, None, "件", "涉及商业秘密的1件"),
    (60, "requests.answered.refused.not_government_information", 1, None, "件",
     "不是《条例》所指政府信息1件"),
    (60, "requests.answered.refused.other_legal", 1, None, "件", "法律法规规定的其他情形1件"),
    (61, "requests.answered.not_this_agency", 5, None, "件", "不属于本行政机关公开的5件"),
    (62, "requests.answered.not_exist", 90, None, "件", "申请信息不存在的90件"),
    (63, "requests.answered.told_to_amend", 4, None, "件", "告知作出更改补充的4件"),
    (64, "requests.answered.told_other_channel", 9, None, "件", "告知通过其他途径办理的9件"),
    (66, "review.total", 10, None, "件", "行政复议10件"),
    (66, "review.upheld", 10, None, "件", "维持具体行政行为10件"),
    (68, "litigation.total", 20, None, "件", "行政诉讼20件"),
    (68, "litigation.upheld", 14, None, "件", "维持具体行政行为或者驳回原告诉讼请求14件"),
    (68, "litigation.corrected", 3, None, "件", "被依法纠错3件"),
    (68, "litigation.other", 1, None, "件", "其他情形1件"),
    (70, "complaints", 671, None, "件", "接到投诉举报671件"),
    (72, "fees", 0, None, "万元", "暂不收费"),
    (74, "capacity.offices", 1, None, "个", "设立政府信息公开工作专门机构1个"),
    (74, "capacity.reading_points", 19, None, "个", "设置政府信息公开查阅点19个"),
    (74, "capacity.staff", 28, None, "人", "从事政府信息公开工作人员28人"),
    (74, "capacity.staff_fulltime", 4, None, "人", "其中专职人员4人"),
    (74, "capacity.staff_parttime", 24, None, "人", "兼职人员24人"),
    (74, "capacity.budget", 0, None, "万元", "没有政府信息公开专项经费"),
    (76, "training.meetings", 12, None, "次", "召开政府信息公开工作会议或专题会议12次"),
    (76, "training.sessions", 4, None, "次", "举办各类培训班4次"),
    (76, "training.trainees", 435, None, "人次", "接受培训人员435人次"),
])


def test_seed_003_figures() -> None:
    assert _figures(SEED_003, "pre2019") == SEED_003_FIGURES


def test_seed_003_what_is_not_read() -> None:
    figures = _figures(SEED_003, "pre2019")
    assert not [f for f in figures if f[0] > 88]  # the 统计表 (lines 89-468) is the tables' job
    assert not [f for f in figures if f[0] == 50]  # 人大代表建议6件, 政协委员提案4件
    metrics = {f[1] for f in figures}
    # line 51: 通过微博微信公开信息202条 names two channels at once: no single metric
    assert not metrics & {"legacy.proactive.via_weibo", "legacy.proactive.via_wechat"}
    assert 42092 not in {f[2] for f in figures if f[0] == 52}  # 门户网站信息更新42092条: updates


# The 统计表 of seed 003 (lines 89-468): metric -> (value as printed, line); None = blank cell.
SEED_003_TABLE: dict[str, tuple[int | None, int]] = {
    "proactive.items": (42658, 108),
    "proactive.via_website": (42092, 141),
    "proactive.via_weibo": (202, 147),
    "proactive.via_other": (348, 158),
    "requests.received": (233, 223),
    "requests.received.in_person": (179, 229),
    "requests.received.fax": (26, 235),
    "requests.received.online": (2, 241),
    "requests.received.letter": (26, 247),
    "requests.closed": (233, 253),
    "requests.closed.on_time": (228, 259),
    "requests.closed.extended": (5, 265),
    "requests.answered": (233, 271),
    "requests.answered.already_public": (None, 273),
    "requests.answered.agreed": (122, 282),
    "requests.answered.partially_agreed": (None, 284),
    "requests.answered.refused": (3, 293),
    "requests.answered.refused.state_secret": (None, 295),
    "requests.answered.refused.commercial_secret": (1, 304),
    "requests.answered.refused.privacy": (None, 306),
    "requests.answered.refused.security_stability": (None, 311),
    "requests.answered.refused.not_government_information": (1, 320),
    "requests.answered.refused.other_legal": (1, 326),
    "requests.answered.not_this_agency": (5, 332),
    "requests.answered.not_exist": (90, 338),
    "requests.answered.told_to_amend": (4, 344),
    "requests.answered.told_other_channel": (9, 350),
    "review.total": (10, 356),
    "review.upheld": (10, 362),
    "review.corrected": (None, 364),
    "review.other": (None, 369),
    "litigation.total": (20, 378),
    "litigation.upheld": (14, 384),
    "litigation.corrected": (3, 390),
    "litigation.other": (3, 396),
    "complaints": (671, 402),
    "fees": (None, 404),
    "capacity.offices": (1, 417),
    "capacity.reading_points": (19, 423),
    "capacity.staff": (28, 429),
    "capacity.staff_fulltime": (4, 435),
    "capacity.staff_parttime": (24, 441),
    "capacity.budget": (None, 443),
    "training.meetings": (12, 456),
    "training.sessions": (4, 462),
    "training.trainees": (435, 468),
}
CTX_003 = ReportContext("r003", SEED_003, "57365线路检测中心", 2017, "pre2019")


def _row(ctx: ReportContext, code: str, value: float | None, line: int) -> StagingRow:
    """A table row as a table parser would make it (applicant total for request rows)."""
    m = catalog_metric(code)
    applicant = "total" if code.startswith(("legacy.requests.", "requests.")) else None
    raw = "" if value is None else str(value)
    return StagingRow(ctx.report_id, ctx.source, ctx.agency, ctx.year, ctx.format, m.section,
                      code, applicant, value, m.unit, None, raw, line)


def _seed_003_table(skip: tuple[str, ...] = ()) -> list[StagingRow]:
    return [_row(CTX_003, f"legacy.{code}", value, line)
            for code, (value, line) in SEED_003_TABLE.items() if code not in skip]


def test_seed_003_prose_vs_table() -> None:
    """Only 行政诉讼 其他情形 disagrees: prose 1 (line 68), table 3 (line 396)."""
    extra, issues = reconcile(_seed_003_table(), extract_prose(report_lines(SEED_003), "pre2019"),
                              CTX_003)
    assert extra == []
    assert issues == [Discrepancy("r003", "text_vs_table", "legacy.litigation.other", None, 3, 1,
                                  "其他情形1件", 68)]


def test_seed_003_prose_figure_missing_from_the_table_becomes_a_row() -> None:
    figures = extract_prose(report_lines(SEED_003), "pre2019")
    extra, _ = reconcile(_seed_003_table(skip=("capacity.staff", "requests.received")), figures,
                         CTX_003)
    assert extra == [
        StagingRow("r003", SEED_003, "57365线路检测中心", 2017, "pre2019", "requests",
                   "legacy.requests.received", "total", 233, "件", None,
                   "我局2017年度共受理信息公开申请233件", 54),
        StagingRow("r003", SEED_003, "57365线路检测中心", 2017, "pre2019", "capacity",
                   "legacy.capacity.staff", None, 28, "人", None,
                   "从事政府信息公开工作人员28人", 74),
    ]


def test_prose_only_report_figures_all_become_rows() -> None:
    ctx = ReportContext("r000", SEED_000, "龙山县城市管理行政执法局", 2017, "pre2019")
    figures = extract_prose(report_lines(SEED_000), "pre2019")
    extra, issues = reconcile([], figures, ctx)
    assert issues == []
    assert [(r.metric, r.value, r.qualifier, r.unit, r.line) for r in extra] == [
        (f[1], f[2], f[3], f[4], f[0]) for f in SEED_000_FIGURES
    ]
    items = extra[0]
    assert (items.section, items.applicant_type, items.raw) == (
        "proactive", None, "共计主动公开各类信息100余条")
    assert {r.agency for r in extra} == {"龙山县城市管理行政执法局"}
    assert {r.year for r in extra} == {2017}


def test_prose_request_rows_carry_applicant_total() -> None:
    ctx = ReportContext("r001", SEED_001, "东坑镇", 2017, "pre2019")
    extra, _ = reconcile([], extract_prose(report_lines(SEED_001), "pre2019"), ctx)
    received = next(r for r in extra if r.metric == "legacy.requests.received")
    assert (received.section, received.applicant_type, received.value, received.line) == (
        "requests", "total", 2, 55)
    assert next(r for r in extra if r.metric == "legacy.review.total").applicant_type is None


# ---------------------------------------------------------------- v2019 / v2021: compare only

HUAIAN_FIGURES = [
    (28, "requests.new_received", 3119, None, "件", "全市共受理政府信息公开申请 3119 件"),
    (29, "requests.outcome.total", 3050, None, "件", "答复 3050 件"),
    (29, "requests.carried_over_in", 34, None, "件", "含上年度结转申请 34 件"),
    (29, "requests.carried_over_out", 103, None, "件", "另有 103 件顺延到下年度"),
    (30, "review.total", 351, None, "件", "政府信息公开行政复议 351件"),  # 351 | 件 wrap at line 30
    (31, "review.upheld", 72, None, "件", "其中结果维持 72 件"),
    (31, "review.corrected", 64, None, "件", "结果纠正 64 件"),
    (31, "review.other", 178, None, "件", "其他结果 178 件"),
    (32, "review.pending", 37, None, "件", "尚未审结 37 件"),  # 尚 | 未审结 wrap at line 31
    (32, "litigation_all.total", 46, None, "件", "政府信息公开行政诉讼 46 件"),
    (32, "litigation_all.upheld", 25, None, "件", "其中结果维持 25件"),
    (33, "litigation_all.corrected", 5, None, "件", "结果纠正 5 件"),
    (33, "litigation_all.other", 9, None, "件", "其他结果 9 件"),
    (33, "litigation_all.pending", 7, None, "件", "尚未审结 7 件"),
]
CTX_HUAIAN = ReportContext("rha", HUAIAN, "淮安市", 2024, "v2021")
# The huaian tables, total column (line 84, 85, 126, 127) and the 复议/诉讼 row (line 137).
_CASE = ("upheld", "corrected", "other", "pending", "total")
HUAIAN_TABLE: list[tuple[str, int, int]] = [
    ("requests.new_received", 3119, 84),
    ("requests.carried_over_in", 34, 85),
    ("requests.outcome.total", 3050, 126),
    ("requests.carried_over_out", 103, 127),
    *[(f"review.{k}", v, 137) for k, v in zip(_CASE, (72, 64, 178, 37, 351), strict=True)],
    *[(f"litigation_direct.{k}", v, 137) for k, v in zip(_CASE, (13, 4, 8, 1, 26), strict=True)],
    *[(f"litigation_after_review.{k}", v, 137)
      for k, v in zip(_CASE, (12, 1, 1, 6, 20), strict=True)],
]


def _huaian_table(**changed: int) -> list[StagingRow]:
    return [_row(CTX_HUAIAN, code, changed.get(code.replace(".", "_"), value), line)
            for code, value, line in HUAIAN_TABLE]


def test_huaian_prose_figures() -> None:
    assert _figures(HUAIAN, "v2021") == HUAIAN_FIGURES


def test_huaian_prose_agrees_with_its_tables() -> None:
    """3119 = 新收 总计; 351 = 72+64+178+37; 行政诉讼 46 = 26 direct + 20 after review."""
    figures = extract_prose(report_lines(HUAIAN), "v2021")
    assert reconcile(_huaian_table(), figures, CTX_HUAIAN) == ([], [])


def test_huaian_disagreements_are_discrepancies_not_rows() -> None:
    figures = extract_prose(report_lines(HUAIAN), "v2021")
    table = _huaian_table(requests_new_received=3118, litigation_after_review_upheld=11)
    extra, issues = reconcile(table, figures, CTX_HUAIAN)
    assert extra == []
    assert issues == [
        Discrepancy("rha", "text_vs_table", "requests.new_received", "total", 3118, 3119,
                    "全市共受理政府信息公开申请 3119 件", 28),
        Discrepancy("rha", "text_vs_table", "litigation_all.upheld", None, 24, 25,
                    "其中结果维持 25件", 32),
    ]


def test_v2021_prose_without_a_table_row_is_dropped() -> None:
    table = [r for r in _huaian_table() if not r.metric.startswith("litigation_after_review.")]
    extra, issues = reconcile(table, extract_prose(report_lines(HUAIAN), "v2021"), CTX_HUAIAN)
    assert (extra, issues) == ([], [])  # litigation_all.* cannot be summed: not compared


def test_derived_outcome_groups_compare_with_the_sum_of_their_rows() -> None:
    """huaian table lines 90-108: 不予公开 2+31+5+6+8+12+9+105 = 178; 无法提供 769+11+1 = 781."""
    withheld = zip(("state_secret", "prohibited_by_law", "security_stability", "third_party_rights",
                    "internal_affairs", "process_information", "enforcement_file",
                    "administrative_query"), (2, 31, 5, 6, 8, 12, 9, 105), strict=True)
    unable = zip(("not_held", "needs_creation", "unclear_after_correction"), (769, 11, 1),
                 strict=True)
    table = [_row(CTX_HUAIAN, f"requests.outcome.withheld.{k}", v, 90) for k, v in withheld]
    table += [_row(CTX_HUAIAN, f"requests.outcome.unable.{k}", v, 105) for k, v in unable]
    prose = ["三、收到和处理政府信息公开申请情况", "其中不予公开 178 件，无法提供 780 件。"]
    _, issues = reconcile(table, extract_prose(prose, "v2021"), CTX_HUAIAN)
    assert [(d.metric, d.table_value, d.text_value) for d in issues] == [
        ("requests.outcome.unable", 781, 780)]


def test_seed_004_prose_figures() -> None:
    assert _figures(SEED_004, "v2019") == [
        (13, "requests.new_received", 4, None, "件", "收到依申请公开信件4件"),
        (13, "requests.outcome.total", 4, None, "件", "回复处理4件"),
    ]


def test_seed_002_states_nothing_comparable() -> None:
    """16条 主动公开 has no canonical code; 133件12345平台投诉件/办结125件 are hotline figures."""
    assert _figures(SEED_002, "v2019") == []


# ---------------------------------------------------------------- how prose states figures


def _one(lines: list[str], fmt: str = "pre2019") -> list[tuple]:
    return [(f.metric, f.value, f.qualifier) for f in extract_prose(lines, fmt)]


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("全年主动公开政府信息200多条。", 200, "more_than"),
        ("全年主动公开政府信息200余条。", 200, "more_than"),
        ("全年主动公开政府信息200条以上。", 200, "more_than"),
        ("全年主动公开政府信息超过200条。", 200, "more_than"),
        ("全年主动公开政府信息约200条。", 200, "about"),
        ("全年主动公开政府信息近200条。", 200, "about"),
        ("全年主动公开政府信息200条左右。", 200, "about"),
        ("全年主动公开政府信息1.2万余条。", 12000, "more_than"),
        ("全年主动公开政府信息2,345条。", 2345, None),
        ("全年主动公开政府信息两百条。", 200, None),
        ("全年主动公开政府信息２００条。", 200, None),
    ],
)
def test_qualifiers_and_numerals(sentence: str, value: int, qualifier: str | None) -> None:
    assert _one(["二、主动公开情况", sentence]) == [("legacy.proactive.items", value, qualifier)]


def test_chinese_numerals() -> None:
    lines = ["七、政府信息公开会议和培训情况",
             "召开政府信息公开工作会议十二次，举办培训班两期，培训一百二十人次。"]
    assert _one(lines) == [
        ("legacy.training.meetings", 12, None),
        ("legacy.training.sessions", 2, None),
        ("legacy.training.trainees", 120, None),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["一、概述", "全年收到政府信息公开申请5件。"], [("legacy.requests.received", 5, None)]),
        (["三、依申请公开情况", "全年收到申请5件。"], [("legacy.requests.received", 5, None)]),
        (["一、概述", "全年收到申请5件。"], []),  # whose 申请? nothing says disclosure
        (["三、依申请公开情况", "全年收到信访申请5件，办结5件。"], []),
        (["三、依申请公开情况", "受理行政许可申请120件，办结120件。"], []),
        (["三、依申请公开情况", "全年收到依申请公开申请3件，行政许可申请120件。"],
         [("legacy.requests.received", 3, None)]),
        (["四、行政复议、行政诉讼和举报投诉情况", "受理12345热线投诉157件，电话举报21起。"], []),
        (["一、概述", "全年办理人大代表建议12件、政协提案8件，主动公开办理结果20件。"], []),
        (["一、概述", "本局办理行政复议案件35件。"], []),  # the agency's own 复议 work
        (["三、依申请公开政府信息情况", "通过其他方式公开2件。"], []),  # not a 主动公开 section
        (["一、概述", "因政府信息公开被申请行政复议1件。"], [("legacy.review.total", 1, None)]),
    ],
)
def test_context_decides(lines: list[str], expected: list[tuple]) -> None:
    assert _one(lines) == expected


def test_numbers_that_are_not_figures() -> None:
    lines = [
        "三、依申请公开情况",
        "依申请公开办结率100%，按时答复率达100%。",
        "联系电话:0743-6582589，邮编:416800，地址:某某路3066号。",
        "统计期限自2017年1月1日至2017年12月31日，于2017年6月召开会议。",
        "办理时限为15个工作日，第3次会议审议通过。",
    ]
    assert _one(lines) == []


def test_statements_of_nothing() -> None:
    lines = [
        "一、概述",
        "本年度未收到政府信息公开申请，未发生因政府信息公开引起的行政复议和行政诉讼案件。",
        "四、收费情况", "本机关未收取任何信息公开费用。",
    ]
    assert _one(lines) == [
        ("legacy.requests.received", 0, None),
        ("legacy.review.total", 0, None),
        ("legacy.litigation.total", 0, None),
        ("legacy.fees", 0, None),
    ]


def test_statements_of_nothing_without_a_verb() -> None:
    lines = ["五、行政复议和行政诉讼情况",
             "我局没有收到政府信息公开申请，也没有因政府信息公开申请而被提起行政复议、行政诉讼的情况。"]
    assert _one(lines) == [
        ("legacy.requests.received", 0, None),
        ("legacy.review.total", 0, None),
        ("legacy.litigation.total", 0, None),
    ]
    direct = ["四、政府信息公开行政复议、行政诉讼情况", "未经行政复议直接起诉3件。"]
    assert _one(direct, "v2019") == [("litigation_direct.total", 3, None)]


def test_a_number_beats_a_statement_of_nothing() -> None:
    lines = ["五、行政复议情况", "未发生行政复议案件。", "全年行政复议1件，维持1件。"]
    assert _one(lines) == [("legacy.review.total", 1, None), ("legacy.review.upheld", 1, None)]


def test_the_first_statement_of_a_figure_wins() -> None:
    lines = ["六、机构建设和保障经费情况", "安排了2名工作人员，并对2名工作人员进行分工。"]
    assert [(f.metric, f.raw) for f in extract_prose(lines, "pre2019")] == [
        ("legacy.capacity.staff", "安排了2名工作人员")]


def test_review_or_litigation_is_read_from_the_sentence() -> None:
    lines = ["五、行政复议和行政诉讼情况",
             "行政复议2件，其中维持1件，纠错1件；行政诉讼3件，其中维持2件，其他情形1件。"]
    assert _one(lines) == [
        ("legacy.review.total", 2, None), ("legacy.review.upheld", 1, None),
        ("legacy.review.corrected", 1, None), ("legacy.litigation.total", 3, None),
        ("legacy.litigation.upheld", 2, None), ("legacy.litigation.other", 1, None),
    ]


def test_v2019_prose_maps_to_canonical_codes() -> None:
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "本年度共收到政府信息公开申请12件，上年结转2件，其中予以公开8件，部分公开1件，"
        "不予公开1件，无法提供2件，结转下年度继续办理2件。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政诉讼5件，其中未经复议直接起诉3件，复议后起诉2件。",
    ]
    assert _one(lines, "v2019") == [
        ("requests.new_received", 12, None), ("requests.carried_over_in", 2, None),
        ("requests.outcome.disclosed", 8, None), ("requests.outcome.partially_disclosed", 1, None),
        ("requests.outcome.withheld", 1, None), ("requests.outcome.unable", 2, None),
        ("requests.carried_over_out", 2, None), ("litigation_all.total", 5, None),
        ("litigation_direct.total", 3, None), ("litigation_after_review.total", 2, None),
    ]


def test_table_counting_rules_are_not_figures() -> None:
    lines = ["(一)主动公开政府信息数", "(不同渠道和方式公开相同信息计1条)",
             "(一)回应公众关注热点或重大舆情数(不同方式回应同一热点或舆情计1次)"]
    assert _one(lines) == []


def test_table_rows_flattened_to_text_are_not_prose() -> None:
    """PDF/space layouts: `label unit value` and `label n n n` rows, labels wrapping."""
    lines = [
        "二、回应解读情况",
        "(一)回应公众关注热点或重大舆情",
        "数(不同方式回应同一热点或舆情计 次 2",
        "1次)",
        "其中:主要负责同志参加新闻发布会 次 1",
        "次数",
        "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119",
        "三、依申请公开情况 | 件 | 233",
    ]
    assert _one(lines) == []


# ---------------------------------------------------------------- reconcile: tolerance


@pytest.mark.parametrize(
    ("sentence", "table", "agrees"),
    [
        ("主动公开政府信息100余条。", 120, True),
        ("主动公开政府信息100余条。", 90, False),
        ("主动公开政府信息约586条。", 600, True),
        ("主动公开政府信息约586条。", 700, False),
        ("主动公开政府信息0条。", None, True),  # a blank cell reads as nothing
        ("主动公开政府信息5条。", None, False),
    ],
)
def test_reconcile_allows_for_qualifiers(sentence: str, table: int | None, agrees: bool) -> None:
    ctx = ReportContext("r", "s", None, 2016, "pre2019")
    rows = [_row(ctx, "legacy.proactive.items", table, 10)]
    _, issues = reconcile(rows, extract_prose(["二、主动公开情况", sentence], "pre2019"), ctx)
    assert (issues == []) is agrees


def test_reconcile_converts_money_units() -> None:
    ctx = ReportContext("r", "s", None, 2016, "pre2019")
    figures = extract_prose(["七、收费情况", "依申请公开收取费用4000元。"], "pre2019")
    assert [(f.metric, f.value, f.unit) for f in figures] == [("legacy.fees", 4000, "元")]
    assert reconcile([_row(ctx, "legacy.fees", 0.4, 9)], figures, ctx) == ([], [])
    _, issues = reconcile([_row(ctx, "legacy.fees", 0.5, 9)], figures, ctx)
    assert [(d.table_value, d.text_value) for d in issues] == [(0.5, 4000)]


# ---------------------------------------------------------------- the rule tables


def test_rule_metrics_are_catalog_codes() -> None:
    cases = {"legacy.": ("review", "litigation"), "": ("review", "litigation_all")}
    for rules, prefix in ((LEGACY_RULES, "legacy."), (CANONICAL_RULES, "")):
        for rule in rules:
            if rule.metric is None:
                continue
            for case in cases[prefix]:
                for code in rule.metric.replace("{case}", case).split("+"):
                    assert catalog_metric(code).code == code
                    assert code.startswith("legacy.") == (prefix == "legacy.")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        extract_prose(["收到申请2件"], "v2030")


def test_prose_figure_is_frozen() -> None:
    fig = ProseFigure("legacy.fees", 0, None, "万元", "暂不收费", 72)
    with pytest.raises(AttributeError):
        fig.value = 1  # type: ignore[misc]


# ---------------------------------------------------------------- whole old reports, by hand

def test_a_typical_old_prose_report() -> None:
    """Modelled on a real 2016 district report (晋安区): every section states its figures."""
    lines = [
        "福州市晋安区2016年政府信息公开工作年度报告",
        "一、概述",
        "为此，专门配备了132名专、兼职工作人员，设立了50个专门的信息申请受理点。",
        "二、主动公开政府信息情况",
        "本区到年底累计主动公开政府信息5928条，全文电子化率达90.3%，其中，本年度新增主动公开政府信息"
        "2110条。",
        "三、依申请公开政府信息情况",
        "2016年，我区共受理政府信息公开申请156件，其中当面申请50件，网上申请80件，信函申请26件。"
        "已答复156件，其中同意公开98件，同意部分公开10件，不予公开5件，非本机关政府信息20件，"
        "信息不存在23件。",
        "四、政府信息公开的收费及减免情况",
        "2016年，我区未收取政府信息公开相关费用。",
        "五、因政府信息公开申请行政复议和提起行政诉讼的情况",
        "2016年，因政府信息公开申请被申请行政复议3件，被提起行政诉讼2件。",
    ]
    figures = extract_prose(lines, "pre2019")
    assert [(f.line, f.metric.removeprefix("legacy."), f.value) for f in figures] == [
        # line 3: 132名专、兼职工作人员 is under 概述 and names no 信息公开: not read
        (5, "proactive.items", 2110),  # not 累计 5928, not 90.3%
        (7, "requests.received", 156),
        (7, "requests.received.in_person", 50),
        (7, "requests.received.online", 80),
        (7, "requests.received.letter", 26),
        (7, "requests.answered", 156),
        (7, "requests.answered.agreed", 98),
        (7, "requests.answered.partially_agreed", 10),
        (7, "requests.answered.refused", 5),
        (7, "requests.answered.not_this_agency", 20),
        (7, "requests.answered.not_exist", 23),
        (9, "fees", 0),
        (11, "review.total", 3),
        (11, "litigation.total", 2),
    ]


def test_channels_written_as_submitted_online_on_site_by_letter() -> None:
    """提交 wording: 通过网络提交31件，现场提交9件 (on site is in person)."""
    lines = [
        "三、依申请公开政府信息情况",
        "2015年共收到政府信息公开申请46件，其中通过网络提交31件，现场提交9件，信函提交4件，"
        "电子邮件提交2件。",
    ]
    figures = extract_prose(lines, "pre2019")
    assert [(f.metric.removeprefix("legacy.requests.received"), f.value) for f in figures] == [
        ("", 46), (".online", 31), (".in_person", 9), (".letter", 4), (".email", 2),
    ]


def test_a_minimal_old_report_of_statements_of_nothing() -> None:
    """Modelled on a real 2013 report (道县文广新局)."""
    lines = [
        "道县文广新局2013年度信息公开工作", "年度报告",
        "一、主动公开政府信息的情况:", "2013年度主动公开信息的有5条;",
        "二、依申请公开信息的情况和不予公开信息的情况",
        "2013年度没有依申请公开信息的情况。不予公开信息有10条,主要是关于人事安排的信息。",
        "三、信息公开的收费及减免情况", "2013年度没有关于信息公开的收费及减免情况。",
        "四、因信息公开申请行政复议、提起行政诉讼的情况",
        "2013年所有信息公开都没有发生行政复议、行政诉讼的情况。",
    ]
    assert [(f.line, f.metric.removeprefix("legacy."), f.value, f.raw)
            for f in extract_prose(lines, "pre2019")] == [
        (4, "proactive.items", 5, "2013年度主动公开信息的有5条"),
        # 不予公开信息有10条 counts withheld information, not refused answers: not read
        (6, "requests.received", 0, "2013年度没有依申请公开信息的情况"),
        (8, "fees", 0, "2013年度没有关于信息公开的收费及减免情况"),
        (10, "review.total", 0, "2013年所有信息公开都没有发生行政复议、行政诉讼的情况"),
        (10, "litigation.total", 0, "2013年所有信息公开都没有发生行政复议、行政诉讼的情况"),
    ]


def test_a_sentence_wrapped_over_a_page_break() -> None:
    """PDF text: hard wraps (even inside a number), a blanked page number mid-sentence."""
    lines = [
        "三、依申请公开情况",
        "2016 年，全市各级行政机关共收到政府信息公开申请 1",
        "",
        "28 件，其中网上申请 100 件，当面申请",
        "28 件，信函申请零件。",
    ]
    assert [(f.line, f.metric, f.value, f.raw) for f in extract_prose(lines, "pre2019")] == [
        (2, "legacy.requests.received", 128, "全市各级行政机关共收到政府信息公开申请 128 件"),
        (4, "legacy.requests.received.online", 100, "其中网上申请 100 件"),
        (5, "legacy.requests.received.in_person", 28, "当面申请28 件"),
        (5, "legacy.requests.received.letter", 0, "信函申请零件"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("因政府信息公开引起的行政复议和行政诉讼各1件。", 1),
        ("因政府信息公开引起的行政复议、行政诉讼均为0件。", 0),
        ("因政府信息公开引起的行政复议和行政诉讼均为零。", 0),
    ],
)
def test_one_figure_for_both_review_and_litigation(sentence: str, expected: int) -> None:
    assert _one(["五、行政复议和行政诉讼情况", sentence]) == [
        ("legacy.review.total", expected, None), ("legacy.litigation.total", expected, None)]


_ALPHABET = "收到申请行政复议诉讼主动公开信息件条次人余约近两十百零〇一二0123456789,，。；:()|、 \n"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_never_raises_on_odd_text(text: str) -> None:
    lines = text.split("\n")
    for fmt in ("pre2019", "v2019", "v2021"):
        for fig in extract_prose(lines, fmt):
            assert 1 <= fig.line <= len(lines) and fig.raw
    detect(lines)


def test_a_blank_total_cell_compares_with_the_applicant_columns() -> None:
    ctx = ReportContext("r", "s", None, 2020, "v2019")
    rows = [_row(ctx, "requests.new_received", None, 203)]
    rows += [StagingRow("r", "s", None, 2020, "v2019", "requests", "requests.new_received", kind,
                        value, "件", None, str(value), 203)
             for kind, value in (("natural_person", 3), ("commercial_enterprise", 1))]
    prose = ["三、收到和处理政府信息公开申请情况", "全年收到政府信息公开申请5件。"]
    figures = extract_prose(prose, "v2019")
    _, issues = reconcile(rows, figures, ctx)
    assert [(d.metric, d.applicant_type, d.table_value, d.text_value) for d in issues] == [
        ("requests.new_received", "total", 4, 5)]


# ---------------------------------------------------------------- rule prefilters


def _all_rules() -> list[tuple[str, object, bool]]:
    from loaders.prose import _RULES

    return [
        (fmt, rule, units)
        for fmt, (numbers, zeros) in _RULES.items()
        for rules, units in ((numbers, True), (zeros, False))
        for rule in rules
    ]


def test_every_rule_has_words_to_prefilter_by() -> None:
    from loaders.prose import _needs

    unfiltered = [rule.pattern for _fmt, rule, _u in _all_rules() if "" in _needs(rule.pattern)]
    assert unfiltered == []


def test_needs_reads_literals_groups_and_gives_up_on_the_unknown() -> None:
    from loaders.prose import _needs

    assert _needs("收到(?:依申请)?…申请{N}") == ("收到",)
    assert _needs("(?:行政复议|复议)…{N}") == ("行政复议", "复议")
    assert _needs("受理|收到…{N}") == ("受理", "收到")
    assert _needs("a?bc") == ("bc",)
    assert _needs("(复议)…{N}") == ("",)  # a capturing group: no filter
    assert _needs(r"\x41申请") == ("",)


@pytest.mark.parametrize("rule_units", _all_rules(), ids=lambda r: f"{r[0]}:{r[1].pattern}")
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_whatever_a_rule_matches_holds_a_word_it_needs(
    rule_units: tuple[str, object, bool], data: st.DataObject
) -> None:
    """The prefilter never hides a match: strings generated from a rule's regex all
    contain one of the words _needs found in it."""
    from loaders.prose import _compiled, _needs

    _fmt, rule, units = rule_units
    regex = _compiled(rule.pattern, rule.units if units else "")
    text = data.draw(st.from_regex(regex, fullmatch=True))
    assert any(word in text for word in _needs(rule.pattern)), (rule.pattern, text)


def test_fold_keeps_each_character_and_whitespace_apart() -> None:
    """_paragraphs strips and tests the folded line only: fold maps each character to one,
    whitespace to whitespace and nothing else to whitespace."""
    from loaders.detect import fold

    chars = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    folded = fold(chars)
    assert len(folded) == len(chars)
    assert [c.isspace() for c in folded] == [c.isspace() for c in chars]


@given(st.text(alphabet="，,。；;：:！？!?()[]【】a中1\n ", max_size=30), st.data())
def test_clause_bounds_are_the_nearest_clause_ends(text: str, data: st.DataObject) -> None:
    from loaders.prose import _CLAUSE_END, _clause

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    assert _clause(text, start, end) == (left, right.start() if right else len(text))
