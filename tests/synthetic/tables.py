"""Tables of the three formats as a layout-free model: header rows with spans, labelled rows
of cells. Each value cell knows its (metric, applicant_type) and the value it prints."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from .numbers import (
    APPLICANTS7,
    NOT_PROCESSED,
    OTHER_2021,
    REVIEW_BLOCKS,
    REVIEW_PARTS,
    UNABLE,
    WITHHELD,
    Key,
    Num,
    request_metrics,
)

FULLWIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")
HALF_PUNCT = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":"})


@dataclass(frozen=True, slots=True)
class Style:
    """Per-report printing quirks of the tables."""

    half_punct: bool = False        # (一) , : instead of （一）， ：
    enum: str = "."                 # 1. / 1、 / 1．
    fullwidth_digits: bool = False  # ０１２ in value cells
    blank_zeros: float = 0.0        # chance that a zero cell is printed blank
    total_blank: bool = False       # the 总计 column of table 三 left blank
    header_spaces: bool = False     # 自然 人, 结 果 维持
    prev_header: str = "上一年项目数量"
    annotate: bool = False          # 22（其中修订16件）
    cumulative: bool = False        # pre2019: a 历年累计 column beside the annual one
    six_channels: bool = False      # pre2019 local tables before 2014
    signed_plus: bool = False       # +14 for a positive 本年增/减
    amount_unit: bool = False       # 172195991.7元
    other_reason: bool = False      # v2021: 3.其他原因 for 3.其他
    thousands: bool = False         # 9,394,876 for numbers from 10,000 on
    count_unit: str = ""            # 件 after the counts of tables 三 and 四 (3件)


@dataclass(frozen=True, slots=True)
class HCell:
    """A header cell with its HTML spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Cell:
    """A body cell: printed text; key and value when it is a metric's value."""

    text: str
    key: Key | None = None
    value: Num | None = None


@dataclass(slots=True)
class Row:
    label: str
    cells: list[Cell]
    groups: tuple[str, ...] = ()  # enclosing row-group labels, outermost first


@dataclass(slots=True)
class Block:
    title: str | None               # e.g. 第二十条第（一）项 (a full-width header row)
    header: list[list[HCell]]
    rows: list[Row]
    label_cols: int = 1


@dataclass(slots=True)
class Table:
    kind: str                       # proactive | requests | review | legacy
    heading: str                    # the section heading printed before the table
    blocks: list[Block]
    note: str | None = None
    ncols: int = 0                  # value columns (for HTML spans)
    extra: dict[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------- printing numbers

def num_text(value: Num, style: Style) -> str:
    """A number as printed (ints plain, decimals without trailing zeros)."""
    decimal = isinstance(value, float) and not value.is_integer()
    if style.thousands and abs(value) >= 10000:
        text = f"{value:,}" if decimal else f"{int(value):,}"
    else:
        text = repr(value) if decimal else str(int(value))
    return text.translate(FULLWIDTH) if style.fullwidth_digits else text


def value_cell(rng: random.Random, key: Key, value: Num, style: Style,
               blankable: bool = True) -> Cell:
    """The cell of one metric value; zeros may be printed blank."""
    if blankable and value == 0 and style.blank_zeros and rng.random() < style.blank_zeros:
        return Cell("", key, None)
    text = num_text(value, style)
    if key[0].endswith(".change") and value > 0 and style.signed_plus:
        text = ("＋" if style.fullwidth_digits else "+") + text
    elif key[0] == "proactive.procurement.amount" and style.amount_unit and value:
        text += "元"
    elif style.count_unit and key[0].startswith(("requests.", "review.", "litigation_")):
        text += style.count_unit
    return Cell(text, key, value)


def lab(text: str, style: Style) -> str:
    """A label in the report's punctuation and enumeration style."""
    if style.enum != "." and text[:1].isdigit() and text[1:2] == ".":
        text = text[0] + style.enum + text[2:]
    return text.translate(HALF_PUNCT) if style.half_punct else text


def spaced(text: str, rng: random.Random, style: Style) -> str:
    """A header label with a stray space inside (自然 人), when the style has them."""
    if not style.header_spaces or len(text) < 2 or rng.random() < 0.5:
        return text
    i = rng.randint(1, len(text) - 1)
    return text[:i] + " " + text[i:]


# ---------------------------------------------------------------- v2019 / v2021

def proactive_table(rng: random.Random, fmt: str, v: dict[Key, Num], style: Style) -> Table:
    """Table 二: one block per 第二十条 item."""
    if fmt == "v2019":
        prev = style.prev_header
        specs = [
            ("（一）", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("规章", "rules", ("new_made", "new_published", "total_published")),
              ("规范性文件", "normative_docs", ("new_made", "new_published", "total_published"))]),
            ("（五）", ["信息内容", prev, "本年增/减", "处理决定数量"],
             [("行政许可", "licensing", ("prev_year_items", "change", "decisions")),
              ("其他对外管理服务事项", "other_services",
               ("prev_year_items", "change", "decisions"))]),
            ("（六）", ["信息内容", prev, "本年增/减", "处理决定数量"],
             [("行政处罚", "penalty", ("prev_year_items", "change", "decisions")),
              ("行政强制", "enforcement", ("prev_year_items", "change", "decisions"))]),
            ("（八）", ["信息内容", prev, "本年增/减"],
             [("行政事业性收费", "fees", ("prev_year_items", "change"))]),
            ("（九）", ["信息内容", "采购项目数量", "采购总金额"],
             [("政府集中采购", "procurement", ("items", "amount"))]),
        ]
    else:
        docs = "行政规范性文件" if rng.random() < 0.7 else "规范性文件"
        specs = [
            ("（一）", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
             [("规章", "rules", ("issued", "repealed", "in_force")),
              (docs, "normative_docs", ("issued", "repealed", "in_force"))]),
            ("（五）", ["信息内容", "本年处理决定数量"],
             [("行政许可", "licensing", ("decisions",))]),
            ("（六）", ["信息内容", "本年处理决定数量"],
             [("行政处罚", "penalty", ("decisions",)),
              ("行政强制", "enforcement", ("decisions",))]),
            ("（八）", ["信息内容", "本年收费金额（单位：万元）"],
             [("行政事业性收费", "fees", ("amount",))]),
        ]
    gap = " " if rng.random() < 0.3 else ""
    blocks = []
    for item, header, rows in specs:
        brows = []
        for label, kind, fields in rows:
            keys = [(f"proactive.{kind}.{f}", None) for f in fields]
            cells = [value_cell(rng, k, v[k], style) for k in keys]
            if style.annotate and kind == "normative_docs" and fields[0] == "issued":
                c = cells[0]
                if c.value and c.value > 2 and rng.random() < 0.5:
                    c.text += lab(f"（其中修订{rng.randint(1, int(c.value) - 1)}件）", style)
            brows.append(Row(label, cells))
        hdr = [[HCell(spaced(lab(h, style), rng, style)) for h in header]]
        blocks.append(Block(lab(f"第二十条{gap}第{item}项", style), hdr, brows))
    return Table("proactive", "二、主动公开政府信息情况", blocks, ncols=4)


_REQ_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "requests.new_received": ("一、本年新收政府信息公开申请数量", ()),
    "requests.carried_over_in": ("二、上年结转政府信息公开申请数量", ()),
    "requests.outcome.disclosed": ("（一）予以公开", ("三、本年度办理结果",)),
    "requests.outcome.partially_disclosed": (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("三、本年度办理结果",)),
    "requests.outcome.other": ("（六）其他处理", ("三、本年度办理结果",)),
    "requests.outcome.total": ("（七）总计", ("三、本年度办理结果",)),
    "requests.carried_over_out": ("四、结转下年度继续办理", ()),
}
_SUB_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "withheld": ("（三）不予公开", (
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
        "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
        "7.属于行政执法案卷", "8.属于行政查询事项")),
    "unable": ("（四）无法提供", (
        "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")),
    "not_processed": ("（五）不予处理", (
        "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
        "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")),
    "other": ("（六）其他处理", (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他")),
}
_SUB_INDEX = {"withheld": 8, "unable": 3, "not_processed": 5, "other": 3}
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@cache
def request_label(metric: str, style: Style) -> tuple[str, tuple[str, ...]]:
    """Printed label and row groups of one table 三 metric."""
    if metric in _REQ_LABELS:
        label, groups = _REQ_LABELS[metric]
    else:
        kind, sub = metric.split(".")[2], metric.split(".")[3]
        group, labels = _SUB_LABELS[kind]
        idx = _sub_order(kind).index(sub)
        label, groups = labels[idx], ("三、本年度办理结果", group)
        if metric == "requests.outcome.other.other" and style.other_reason:
            label = "3.其他原因"
    return lab(label, style), tuple(lab(g, style) for g in groups)


@cache
def _sub_order(kind: str) -> tuple[str, ...]:
    seq = {"withheld": WITHHELD, "unable": UNABLE, "not_processed": NOT_PROCESSED,
           "other": OTHER_2021}[kind]
    return tuple(m.split(".")[3] for m in seq)


def requests_table(rng: random.Random, fmt: str, v: dict[Key, Num], style: Style) -> Table:
    """Table 三: 7 applicant columns, 3 label columns."""
    rows = []
    for m in request_metrics(fmt):
        label, groups = request_label(m, style)
        cells = []
        for app in APPLICANTS7:
            if app == "total" and style.total_blank:
                cells.append(Cell("", (m, app), None))
            else:
                cells.append(value_cell(rng, (m, app), v[(m, app)], style))
        rows.append(Row(label, cells, groups))
    apps = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    header = [
        [HCell("申请人情况", 2, 3), HCell(spaced("自然人", rng, style), 2),
         HCell("法人或其他组织", 1, 5), HCell("总计", 2)],
        [HCell(spaced(a, rng, style)) for a in apps],
    ]
    block = Block(None, header, rows, label_cols=3)
    return Table("requests", "三、收到和处理政府信息公开申请情况", [block],
                 note=lab(REQUESTS_NOTE, style), ncols=7)


def review_table(rng: random.Random, v: dict[Key, Num], style: Style) -> Table:
    """Table 四: three header rows, one row of 15 numbers."""
    parts = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    sp = [spaced(p, rng, style) for p in parts]
    header = [
        [HCell("行政复议", 1, 5), HCell("行政诉讼", 1, 10)],
        [*(HCell(p, 2) for p in sp), HCell("未经复议直接起诉", 1, 5), HCell("复议后起诉", 1, 5)],
        [HCell(p) for p in sp * 2],
    ]
    cells = [value_cell(rng, (f"{b}.{p}", None), v[(f"{b}.{p}", None)], style)
             for b in REVIEW_BLOCKS for p in (*REVIEW_PARTS, "total")]
    block = Block(None, header, [Row("", cells)], label_cols=0)
    return Table("review", "四、政府信息公开行政复议、行政诉讼情况", [block], ncols=15)


# ---------------------------------------------------------------- pre2019

# (label, unit as printed, metric suffix or None for a heading row)
LEGACY_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("一、主动公开情况", "", None),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "proactive.items"),
    ("其中：主动公开规范性文件数", "条", "proactive.normative_docs_published"),
    ("制发规范性文件总数", "件", "proactive.normative_docs_issued"),
    ("人大代表建议和政协提案办理结果公开数", "件", "proactive.proposal_replies_published"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "", None),
    ("1.政府公报公开政府信息数", "条", "proactive.via_gazette"),
    ("2.政府网站公开政府信息数", "条", "proactive.via_website"),
    ("3.政务微博公开政府信息数", "条", "proactive.via_weibo"),
    ("4.政务微信公开政府信息数", "条", "proactive.via_wechat"),
    ("5.其他方式公开政府信息数", "条", "proactive.via_other"),
    ("二、回应解读情况", "", None),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次",
     "response.hotspots"),
    ("（二）通过不同渠道和方式回应解读的情况", "", "response.via_channels"),
    ("1.参加或举办新闻发布会总次数", "次", "response.press_conferences"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "response.press_conferences_principal"),
    ("2.政府网站在线访谈次数", "次", "response.online_interviews"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "response.online_interviews_principal"),
    ("3.政策解读稿件发布数", "篇", "response.policy_interpretations"),
    ("4.微博微信回应事件数", "次", "response.weibo_wechat"),
    ("5.其他方式回应事件数", "次", "response.other"),
    ("三、依申请公开情况", "", None),
    ("（一）收到申请数", "件", "requests.received"),
    ("1.当面申请数", "件", "requests.received.in_person"),
    ("2.传真申请数", "件", "requests.received.fax"),
    ("3.网络申请数", "件", "requests.received.online"),
    ("4.信函申请数", "件", "requests.received.letter"),
    ("5.电子邮件申请数", "件", "requests.received.email"),
    ("6.其他形式申请数", "件", "requests.received.other"),
    ("（二）申请办结数", "件", "requests.closed"),
    ("1.按时办结数", "件", "requests.closed.on_time"),
    ("2.延期办结数", "件", "requests.closed.extended"),
    ("（三）申请答复数", "件", "requests.answered"),
    ("1.属于已主动公开范围数", "件", "requests.answered.already_public"),
    ("2.同意公开答复数", "件", "requests.answered.agreed"),
    ("3.同意部分公开答复数", "件", "requests.answered.partially_agreed"),
    ("4.不同意公开答复数", "件", "requests.answered.refused"),
    ("其中：涉及国家秘密", "件", "requests.answered.refused.state_secret"),
    ("涉及商业秘密", "件", "requests.answered.refused.commercial_secret"),
    ("涉及个人隐私", "件", "requests.answered.refused.privacy"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件",
     "requests.answered.refused.security_stability"),
    ("不是《条例》所指政府信息", "件", "requests.answered.refused.not_government_information"),
    ("法律法规规定的其他情形", "件", "requests.answered.refused.other_legal"),
    ("5.不属于本行政机关公开数", "件", "requests.answered.not_this_agency"),
    ("6.申请信息不存在数", "件", "requests.answered.not_exist"),
    ("7.告知作出更改补充数", "件", "requests.answered.told_to_amend"),
    ("8.告知通过其他途径办理数", "件", "requests.answered.told_other_channel"),
    ("四、行政复议数量", "件", "review.total"),
    ("（一）维持具体行政行为数", "件", "review.upheld"),
    ("（二）被依法纠错数", "件", "review.corrected"),
    ("（三）其他情形数", "件", "review.other"),
    ("五、行政诉讼数量", "件", "litigation.total"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "litigation.upheld"),
    ("（二）被依法纠错数", "件", "litigation.corrected"),
    ("（三）其他情形数", "件", "litigation.other"),
    ("六、举报投诉数量", "件", "complaints"),
    ("七、依申请公开信息收取的费用", "万元", "fees"),
    ("八、机构建设和保障经费情况", "", None),
    ("（一）政府信息公开工作专门机构数", "个", "capacity.offices"),
    ("（二）设置政府信息公开查阅点数", "个", "capacity.reading_points"),
    ("（三）从事政府信息公开工作人员数", "人", "capacity.staff"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "capacity.staff_fulltime"),
    ("2.兼职人员数", "人", "capacity.staff_parttime"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
     "万元", "capacity.budget"),
    ("九、政府信息公开会议和培训情况", "", None),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "training.meetings"),
    ("（二）举办各类培训班数", "次", "training.sessions"),
    ("（三）接受培训人员数", "人次", "training.trainees"),
)


def legacy_table(rng: random.Random, v: dict[Key, Num], style: Style) -> Table:
    """The 政府信息公开情况统计表: 统计指标 / 单位 / 统计数 (/ 历年累计)."""
    header = ["统计指标", "单位", "统计数"] + (["历年累计"] if style.cumulative else [])
    ncols = len(header) - 1
    rows = []
    for label, unit, suffix in LEGACY_ROWS:
        key = None if suffix is None else (f"legacy.{suffix}",
                                            "total" if suffix.startswith("requests.") else None)
        if key is not None and key not in v:
            continue  # email / other channels only in six-channel tables
        if style.six_channels:  # local tables before 2014
            label = label.replace("网络申请数", "网上申请数")
            label = label.replace("其他形式", rng.choice(["其他形式", "其它形式"]))
        if key is None:
            rows.append(Row(lab(label, style), [Cell("") for _ in range(ncols)]))
            continue
        cell = value_cell(rng, key, v[key], style)
        if suffix == "response.via_channels" and rng.random() < 0.6:
            cell = Cell("", key, None)  # 'often blank'
        cells = [Cell(unit), cell]
        if style.cumulative:
            cum = v[key] * rng.randint(2, 9) + rng.randint(0, 50)
            cells.append(Cell(num_text(round(cum, 2) if isinstance(cum, float) else cum, style)))
        rows.append(Row(lab(label, style), cells))
    block = Block(None, [[HCell(h) for h in header]], rows)
    return Table("legacy", "政府信息公开情况统计表", [block], ncols=ncols)
