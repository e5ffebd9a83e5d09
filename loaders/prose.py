"""Figures stated in a report's sentences, and how they square with its tables.

Old (pre2019) reports often print no table: `收到依申请公开政府信息2件`, `行政复议2起`,
`主动公开各类信息100余条` are their figures. Newer reports repeat table figures in prose
(`全市共受理政府信息公开申请 3119 件`); those are read only to compare with the table.

The rules are data: `LEGACY_RULES` (pre2019 -> legacy.* codes) and `CANONICAL_RULES`
(v2019/v2021 -> canonical codes), one `Rule` per way of stating a figure, tried in order; the
first rule to match a number owns it. A rule only fires when its `Topic` holds: the section
heading or the sentence is about that part of the report, and the clause is not about
something else (行政许可, 12345 hotline, 信访, 人大代表建议 ...). Rules with metric None are
blockers: they claim figures that look like disclosure figures but are not.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import cn2an

from loaders.catalog import metric as catalog_metric
from loaders.detect import fold_lines
from loaders.rows import Discrepancy, ReportContext, StagingRow

__all__ = [
    "CANONICAL_RULES",
    "LEGACY_RULES",
    "ProseFigure",
    "ReportContext",
    "Rule",
    "extract_prose",
    "reconcile",
]


@dataclass(frozen=True, slots=True)
class ProseFigure:
    """One figure stated in a sentence: metric code, value, qualifier, unit, phrase, line."""

    metric: str
    value: int | float
    qualifier: str | None
    unit: str
    raw: str
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A way of stating one figure.

    metric: a metrics.csv code (`{case}` -> the 复议/诉讼 the sentence is about), or None for a
    figure that is deliberately not read. pattern: a regex where `…` is a short gap inside the
    clause (no other number in it) and `{N}` the figure (number, qualifier, counter). units:
    the counters the figure may carry. topic: a key of TOPICS. unless: a regex that vetoes the
    rule when it occurs in the clause.
    """

    metric: str | None
    pattern: str
    units: str
    topic: str | None = None
    unless: str | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """When a rule applies: the heading or the sentence is on topic and the clause is not off."""

    heading: str
    sentence: str
    off: str = ""  # the clause is about something else
    strong: str = ""  # clause words that keep a figure even when the sentence is partly off
    sentence_off: str | None = None  # what makes the sentence off (default: `off`)


# ---------------------------------------------------------------- the rule tables

_REQ = "件|宗|份|个|条|起|次"
_APPEAL = "件|起|宗|个|次|例"
_ITEMS = "条|件|篇|项|则|个"
_STAFF = "人|名|位"
_PLACES = "个|处|家"
_MONEY = "万元|元"
_TIMES = "次|场|期|个"
_SESSIONS = "期|次|场|个|班"
_DOCS = "件|个|份|条"
_BOTH = r"[专全][、和及与]?兼"  # 专、兼职工作人员: all staff, neither part alone
_ANY = "人次|万元|件|条|个|次|人|名|位|项|宗|起|份|篇|期|场|元|户|家|卷"
_DISCLOSURE = r"信息公开|政务公开"

TOPICS: dict[str, Topic] = {
    "requests": Topic(
        heading=r"申请",
        sentence=r"信息公开申请|依申请|公开申请|申请公开|申请人",
        off=r"许可|审批|信访|热线|12345|工单|[咨谘]询|复议|诉讼|建议|提案|信箱|投诉|留言",
        strong=r"信息公开申请|依申请公开|公开申请|申请公开",
    ),
    "appeals": Topic(
        heading=r"复议|诉讼",
        sentence=r"(?:信息公开|依申请).{0,30}(?:复议|诉讼)|(?:复议|诉讼).{0,30}信息公开",
        off=r"信访|热线|12345",
    ),
    "complaints": Topic(
        heading=r"举报|投诉",
        sentence=r"(?:信息公开|政务公开).{0,30}(?:举报|投诉)|(?:举报|投诉).{0,30}(?:信息公开|政务公开)",
        off=r"电话举报|热线|12345|信访|工单|信箱",
    ),
    "fees": Topic(
        heading=r"收费|费用|收取",
        sentence=r"(?:信息公开|依申请).{0,30}(?:收费|费用|收取)|(?:收费|费用).{0,20}信息公开",
        off=r"行政事业性收费|罚款|采购|预算|决算",
    ),
    "capacity": Topic(
        heading=r"机构|经费|人员|队伍|保障",
        sentence=_DISCLOSURE,
        off=r"采访|媒体|网民|代表|委员|预算|决算|三公",
    ),
    "training": Topic(heading=r"培训|会议", sentence=_DISCLOSURE, off=r"常务会议|党组|座谈|宣讲"),
    "proactive": Topic(
        heading=r"主动公开|(?<!申请)公开(?:政府)?(?:信息)?(?:的)?情况",
        sentence=r"主动公开|(?<!申请)公开(?:各类|政府|政务)?信息",
        off=r"累计|历年|目录|事项|清单|建议|提案|访问|浏览|点击|更新|转发|报道|通稿|采访|粉丝|留言|信箱|指南",
        sentence_off=r"建议|提案|人大|政协",
    ),
    "response": Topic(
        heading=r"回应|解读|发布会|舆情",
        sentence=r"回应|解读|新闻发布|在线访谈",
        off=r"采访|通稿|报道",
    ),
}

# Figures that look like disclosure figures but are not (both formats).
_BLOCKERS: tuple[Rule, ...] = (
    Rule(None, r"(?:行政许可|非许可|审批(?:事项|服务)?|办件)…{N}", _ANY),
    Rule(None, r"12345…{N}", _ANY),
    Rule(None, r"(?:人大代表|政协委员|人大建议|政协提案|建议|提案)…{N}", _ANY),
    Rule(None, r"(?:[咨谘]询|电话举报|信访|信箱|留言|热线)…{N}", _ANY),  # 谘询: a variant
    Rule(None, r"(?:累计|历年)…{N}", _ANY),
    Rule(None, r"(?<![共合累总统])计{N}", _ANY),  # a table's counting rule: 相同信息计1条
)

_DIRECT = r"未经(?:行政)?复议…(?:起诉|诉讼)"  # 未经复议直接起诉
_AFTER_REVIEW = r"复议后…(?:起诉|诉讼)"  # 复议后起诉
# 行政复议和行政诉讼各1件: one figure for both (a rule's metric `a+b`)
_BOTH_APPEALS = (
    r"行政复议(?:案件)?(?:和|与|及|、|或)(?:行政)?诉讼(?:案件)?…(?:均|各|都)(?:为|是)?{N}"
)

_APPEAL_RULES: tuple[Rule, ...] = (
    Rule("{case}.upheld", r"维持…{N}", _APPEAL, "appeals"),
    Rule("{case}.corrected",
         r"(?:被依法纠错|被纠错|纠错|结果纠正|纠正|撤销|确认违法)…{N}", _APPEAL, "appeals"),
    Rule("{case}.other", r"其[他它](?:情形|结果|情况)…{N}", _APPEAL, "appeals"),
)


def _legacy(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The same rules with `legacy.` codes."""
    def code(metric: str | None) -> str | None:
        return None if metric is None else "+".join(f"legacy.{c}" for c in metric.split("+"))

    return tuple(Rule(code(r.metric), r.pattern, r.units, r.topic, r.unless) for r in rules)


# pre2019: codes below are relative to `legacy.`
LEGACY_RULES: tuple[Rule, ...] = (
    *_BLOCKERS,
    Rule(None, rf"(?:{_DIRECT}|{_AFTER_REVIEW}|尚未审结|未审结|正在审理|审理中)…{{N}}", _APPEAL),
    *_legacy((
        # 三、依申请公开: channels, closure, answers (the parts before the totals)
        Rule("requests.received.in_person",
             r"(?:当面|现场)(?:申请|提交|递交|提出)?…{N}", _REQ, "requests"),
        Rule("requests.received.fax", r"传真(?:申请|方式)?…{N}", _REQ, "requests"),
        Rule("requests.received.online",
             r"(?:网络|网上|互联网|在线)(?:申请|提交|方式)?…{N}", _REQ, "requests"),
        Rule("requests.received.letter",
             r"(?:信函|邮寄|来信)(?:申请|方式)?…{N}", _REQ, "requests"),
        Rule("requests.received.email",
             r"(?:电子邮件|电子邮箱)(?:申请|方式)?…{N}", _REQ, "requests"),
        Rule("requests.received.other", r"其[他它](?:形式|方式|途径)申请…{N}", _REQ, "requests"),
        Rule("requests.received", r"(?:收到|受理|接到|接收|新收)…申请…{N}", _REQ, "requests"),
        Rule("requests.received", r"(?:收到|受理|接到|接收|新收)…{N}…申请", _REQ, "requests"),
        Rule("requests.closed.on_time", r"按时办结…{N}", _REQ, "requests"),
        Rule("requests.closed.extended", r"延期办结…{N}", _REQ, "requests"),
        Rule("requests.closed", r"办结(?!率)…{N}", _REQ, "requests"),
        Rule("requests.closed", r"{N}…(?:全部|均已|均|已)(?:办结|办理完毕)", _REQ, "requests"),
        Rule("requests.answered.already_public", r"已(?:经)?主动公开…{N}", _REQ, "requests"),
        Rule("requests.answered.partially_agreed", r"(?:同意)?部分公开…{N}", _REQ, "requests"),
        Rule("requests.answered.refused", r"不同意公开…{N}", _REQ, "requests"),
        # 不予公开信息10条: old reports count withheld information items, not answers
        Rule("requests.answered.refused", r"不予公开…{N}", "件|宗|份|个|起|次", "requests"),
        Rule("requests.answered.agreed", r"(?<![不分])(?:同意|予以)公开…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.state_secret", r"国家秘密…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.commercial_secret", r"商业秘密…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.privacy", r"个人隐私…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.security_stability",
             r"危及…(?:稳定|安全)…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.not_government_information",
             r"不(?:是|属于)《?(?:条例)?》?所指(?:的)?政府信息…{N}", _REQ, "requests"),
        Rule("requests.answered.refused.other_legal",
             r"法律、?法规规定的其[他它]情形…{N}", _REQ, "requests"),
        Rule("requests.answered.not_this_agency",
             r"(?:不属于|非)本(?:行政)?机关…{N}", _REQ, "requests"),
        Rule("requests.answered.not_exist", r"信息不存在…{N}", _REQ, "requests"),
        Rule("requests.answered.told_to_amend",
             r"(?:作出更改补充|告知(?:申请人)?(?:更改|补充|补正))…{N}", _REQ, "requests"),
        Rule("requests.answered.told_other_channel", r"通过其[他它]途径…{N}", _REQ, "requests"),
        Rule("requests.answered", r"答复(?:数|总数|数量)?…{N}", _REQ, "requests"),
        # 四、五 行政复议, 行政诉讼 (the sub-figures first; {case} from the sentence)
        *_APPEAL_RULES,
        Rule("review.total+litigation.total", _BOTH_APPEALS, _APPEAL, "appeals"),
        Rule("review.total", r"行政复议…{N}", _APPEAL, "appeals"),
        Rule("litigation.total", r"行政诉讼…{N}", _APPEAL, "appeals"),
        # 六、举报投诉; 七、收费
        Rule("complaints", r"(?:举报|投诉)…{N}", "件|起|宗|个|次|条", "complaints"),
        Rule("fees", r"(?:收取|收费|费用)…{N}", _MONEY, "fees"),
        # 八、机构建设和保障经费
        # 全职 (full-time) as some reports say for 专职
        Rule("capacity.staff_fulltime", r"(?:专职|全职)…{N}", _STAFF, "capacity", unless=_BOTH),
        Rule("capacity.staff_fulltime", r"{N}…(?:专职|全职)", _STAFF, "capacity", unless=_BOTH),
        Rule("capacity.staff_parttime", r"兼职…{N}", _STAFF, "capacity", unless=_BOTH),
        Rule("capacity.staff_parttime", r"{N}…兼职", _STAFF, "capacity", unless=_BOTH),
        Rule("capacity.staff", r"工作人员…{N}", _STAFF, "capacity"),
        Rule("capacity.staff", r"{N}…工作人员", _STAFF, "capacity"),
        Rule("capacity.reading_points", r"查阅(?:点|场所|室|中心)…{N}", _PLACES, "capacity"),
        Rule("capacity.offices", r"机构…{N}", _PLACES, "capacity"),
        Rule("capacity.budget", r"经费…{N}", _MONEY, "capacity"),
        # 九、会议和培训
        Rule("training.trainees", r"(?:培训|参训)…{N}", "人次|人|名", "training"),
        Rule("training.sessions", r"(?:举办|组织|开展)…培训…{N}", _SESSIONS, "training"),
        Rule("training.sessions", r"(?:举办|组织|开展)…{N}…培训", _SESSIONS, "training"),
        Rule("training.meetings", r"(?:召开|举行|组织)…会议…{N}", _TIMES, "training"),
        Rule("training.meetings", r"(?:召开|举行|组织)…{N}…会议", _TIMES, "training"),
        # 二、回应解读
        Rule("response.press_conferences", r"新闻发布会…{N}", _TIMES, "response"),
        Rule("response.press_conferences", r"{N}…新闻发布会", _TIMES, "response"),
        Rule("response.online_interviews", r"在线访谈…{N}", _TIMES, "response"),
        Rule("response.online_interviews", r"{N}…在线访谈", _TIMES, "response"),
        Rule("response.policy_interpretations",
             r"解读(?:稿件|材料|文章|信息)?…{N}", "篇|条|件|个|期", "response"),
        Rule("response.hotspots", r"回应…(?:热点|舆情|关切)…{N}", "次|条|件|个", "response"),
        # 一、主动公开 (after the 依申请 rules: 已主动公开 is an answer, not a publication)
        Rule("proactive.normative_docs_issued",
             r"(?:制发|制定|出台|印发)(?:的)?(?:行政)?规范性文件…{N}", _DOCS, "proactive"),
        Rule("proactive.normative_docs_published",
             r"公开(?:的)?(?:行政)?规范性文件…{N}", _DOCS, "proactive"),
        Rule("proactive.items", r"(?<!已)主动公开…{N}", _ITEMS, "proactive"),
        Rule("proactive.via_gazette", r"公报…(?:公开|刊登|刊发|发布)…{N}", _ITEMS, "proactive"),
        Rule("proactive.via_website", r"网站…(?:公开|发布)…{N}", _ITEMS, "proactive"),
        Rule("proactive.via_weibo",
             r"微博…(?:公开|发布|推送)…{N}", _ITEMS, "proactive", unless="微信"),
        Rule("proactive.via_wechat",
             r"微信…(?:公开|发布|推送)…{N}", _ITEMS, "proactive", unless="微博"),
        Rule("proactive.via_other",
             r"(?:其[他它]|等)(?:方式|渠道|途径|形式)…{N}", _ITEMS, "proactive"),
    )),
)

# v2019 / v2021: canonical codes, read to compare with the tables
CANONICAL_RULES: tuple[Rule, ...] = (
    *_BLOCKERS,
    Rule("litigation_direct.total", _DIRECT + "…{N}", _APPEAL, "appeals"),
    Rule("litigation_after_review.total", _AFTER_REVIEW + "…{N}", _APPEAL, "appeals"),
    # 三、收到和处理政府信息公开申请 (applicant_type total)
    Rule("requests.carried_over_in", r"上(?:一)?年(?:度)?结转…{N}", _REQ, "requests"),
    Rule("requests.carried_over_out",
         r"{N}…(?:结转|顺延|转入)(?:到|至)?下(?:一)?年(?:度)?", _REQ, "requests"),
    Rule("requests.carried_over_out",
         r"(?:结转|顺延|转入)(?:到|至)?下(?:一)?年(?:度)?…{N}", _REQ, "requests"),
    Rule("requests.new_received", r"(?:收到|受理|接到|接收|新收)…申请…{N}", _REQ, "requests"),
    Rule("requests.new_received", r"(?:收到|受理|接到|接收|新收)…{N}…申请", _REQ, "requests"),
    Rule("requests.outcome.partially_disclosed", r"部分公开…{N}", _REQ, "requests"),
    Rule("requests.outcome.withheld", r"不予公开…{N}", _REQ, "requests"),
    Rule("requests.outcome.disclosed", r"(?<![不分])(?:予以|同意)公开…{N}", _REQ, "requests"),
    Rule("requests.outcome.unable", r"无法提供…{N}", _REQ, "requests"),
    Rule("requests.outcome.not_processed", r"不予处理…{N}", _REQ, "requests"),
    Rule("requests.outcome.other", r"其[他它]处理…{N}", _REQ, "requests"),
    Rule("requests.outcome.total", r"(?:答复|办结(?!率)|办理完毕|回复)…{N}", _REQ, "requests"),
    # 四、行政复议、行政诉讼
    *_APPEAL_RULES,
    Rule("{case}.pending", r"(?:尚未审结|未审结|正在审理|审理中)…{N}", _APPEAL, "appeals"),
    Rule("review.total+litigation_all.total", _BOTH_APPEALS, _APPEAL, "appeals"),
    Rule("review.total", r"行政复议…{N}", _APPEAL, "appeals"),
    Rule("litigation_all.total", r"行政诉讼…{N}", _APPEAL, "appeals"),
)

# Statements of nothing: `未收到政府信息公开申请`, `暂不收费` -> 0. Tried after the number rules.
_NO_REQUESTS = (
    r"(?:未|没有|尚未)(?:收到|受理|接到|发生|出现|产生)(?:过)?…"
    r"(?:信息公开申请|依申请公开|公开申请)"
    r"|(?:无|没有)(?:依申请公开|政府信息公开申请|信息公开申请)"
)
_NO = r"(?:未(?!经)|没有)(?:发生|出现|收到|接到|受理|产生|有)?(?:过)?…"  # not 未经复议
_IS_ZERO = r"…(?:均|都|皆|各)?(?:为|是)(?:零|0)(?![\d.])"  # 行政复议和行政诉讼均为零
_NO_FEES = (r"(?:未|没有|不|暂不|免于|免)(?:收取|收费)|免费(?:提供|公开)"
            r"|(?:未|没有|无)(?:发生|产生)?…(?:收费|费用)")
LEGACY_ZERO_RULES: tuple[Rule, ...] = _legacy((
    Rule("requests.received", _NO_REQUESTS, "", "requests"),
    Rule("review.total", f"{_NO}行政复议|行政复议{_IS_ZERO}", "", "appeals"),
    Rule("litigation.total", f"{_NO}行政诉讼|行政诉讼{_IS_ZERO}", "", "appeals"),
    Rule("complaints", _NO + "(?:举报|投诉)", "", "complaints"),
    Rule("fees", _NO_FEES, "", "fees"),
    Rule("capacity.budget", r"(?:没有|无|未(?:安排|设立))…专项经费", "", "capacity"),
))
CANONICAL_ZERO_RULES: tuple[Rule, ...] = (
    Rule("requests.new_received", _NO_REQUESTS, "", "requests"),
    Rule("review.total", f"{_NO}行政复议|行政复议{_IS_ZERO}", "", "appeals"),
    Rule("litigation_all.total", f"{_NO}行政诉讼|行政诉讼{_IS_ZERO}", "", "appeals"),
)
# Every zero rule above needs one of these (未/没有/无/不/免 …, or 行政复议/行政诉讼 of
# _IS_ZERO): a sentence without any states no nothing. Keep in step with the zero rules.
_ZERO_CHARS = "未没无不免"
_ZERO_HINT = re.compile(f"[{_ZERO_CHARS}]|行政复议|行政诉讼")

_RULES = {"pre2019": (LEGACY_RULES, LEGACY_ZERO_RULES)}
_RULES["v2019"] = _RULES["v2021"] = (CANONICAL_RULES, CANONICAL_ZERO_RULES)
_CASES = {
    "pre2019": {"复议": "review", "诉讼": "litigation"},
    "v2019": {"复议": "review", "诉讼": "litigation_all"},
    "v2021": {"复议": "review", "诉讼": "litigation_all"},
}

# ---------------------------------------------------------------- regex building

_GAP = r"(?:[^\d，,。；;：:！？!?()\[\]【】|]|\d{4}年度?)"
_CN_NUM = "零〇一二两三四五六七八九十百千"
_FIGURE = (
    r"(?P<fig>(?P<pre>大约|将近|接近|超过|约|近|逾)?\s*"
    r"(?:(?<![\d.第])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?<![第统唯单同逐之初每{_CN_NUM}])(?P<cn>[{_CN_NUM}]+))"
    r"\s*(?P<wan>万(?!元))?(?P<suf>余|多)?\s*"
    r"(?P<unit>{units})(?P<post>以上|余|多|左右)?)(?![性事\d])"
)
_MORE = {"超过", "逾", "余", "多", "以上"}
_ABOUT = {"大约", "将近", "接近", "约", "近", "左右"}


@cache
def _compiled(pattern: str, units: str) -> re.Pattern[str]:
    figure = _FIGURE.replace("{units}", units)
    return re.compile(pattern.replace("…", _GAP + "{0,20}?").replace("{N}", figure))


_Candidates = list[tuple[Rule, re.Pattern[str]]]  # rules that may match a text, in order


@dataclass(frozen=True, slots=True)
class _RuleSet:
    """Rules with their regexes, and which of them each word they need lets through."""

    rules: tuple[tuple[Rule, re.Pattern[str]], ...]
    by_word: tuple[tuple[str, tuple[int, ...]], ...]  # a word, the rules that need it
    words: re.Pattern[str]  # any of the words: a text without one matches no rule

    @classmethod
    def of(cls, rules: tuple[Rule, ...], units: bool) -> _RuleSet:
        by_word: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            for word in _needs(rule.pattern):
                by_word.setdefault(word, []).append(i)
        return cls(
            tuple((r, _compiled(r.pattern, r.units if units else "")) for r in rules),
            tuple((word, tuple(ids)) for word, ids in by_word.items()),
            re.compile("|".join(map(re.escape, by_word))),
        )

    def candidates(self, text: str) -> _Candidates:
        """The rules, in order, that may match `text`: one of their _needs is in it."""
        hits = [rule_ids for word, rule_ids in self.by_word if word in text]
        return [self.rules[i] for i in sorted(set().union(*hits))] if hits else []


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a key of _read_short
class _FormatRules:
    """The number rules and the zero rules of a format."""

    numbers: _RuleSet
    zeros: _RuleSet
    # figures printed alone inside sentences are read (pre2019: prose is what there is to
    # read; later formats read prose only to compare it with the tables)
    figures_alone: bool = False

    def may_state(self, text: str) -> bool:
        """`text` may state a figure (a _FIGURE_HINT and a word a number rule needs) or a
        nothing (a word a zero rule needs and a _ZERO_HINT); else no rule can match it."""
        return bool(
            (_FIGURE_HINT.search(text) and self.numbers.words.search(text))
            or (self.zeros.words.search(text) and _ZERO_HINT.search(text))
        )


@cache
def _compiled_rules(fmt: str) -> _FormatRules:
    """The rules of `fmt`, compiled."""
    rules, zero_rules = _RULES[fmt]
    return _FormatRules(
        _RuleSet.of(rules, units=True), _RuleSet.of(zero_rules, units=False), fmt == "pre2019"
    )


# ---------------------------------------------------------------- what a rule needs

_META = frozenset("()[]{}\\|.?*+^$…")  # … and {N}: the gap and figure placeholders
_CLASS_ESCAPES = frozenset("dDsSwW")
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")  # the groups _needs reads
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")


class _Unknown(Exception):
    """A regex construct _needs does not read."""


def _needs(pattern: str) -> tuple[str, ...]:
    """Words one of which every match of a rule pattern contains, ('',) if none is known
    ('' is in every text). The reading is conservative: a construct it does not know needs
    nothing; a quantified character or group needs nothing."""
    try:
        return _alternatives_needs(pattern) or ("",)
    except _Unknown:
        return ("",)


def _alternatives_needs(pattern: str) -> tuple[str, ...]:
    """The words of each top-level alternative, together; () when one needs none."""
    words: list[str] = []
    for branch in _top_level_split(pattern):
        needs = _sequence_needs(branch)
        if not needs:
            return ()
        words += needs
    return tuple(dict.fromkeys(words))


def _sequence_needs(pattern: str) -> tuple[str, ...]:
    """The best words of a pattern without a top-level `|` (the longest shortest word): a run
    of plain characters, or a `(?:…)` group whose alternatives all need words; () if none."""
    options: list[tuple[str, ...]] = []
    run = ""
    i = 0
    while i < len(pattern):
        end = _item_end(pattern, i)
        item = pattern[i:end]
        after = end if item == "{N}" else _quantifier_end(pattern, end)
        if after == end and len(item) == 1 and item not in _META:
            run += item
        else:
            options.append((run,))
            run = ""
            if item.startswith("(") and not item.startswith(_GROUPS):
                raise _Unknown(item)  # a capturing group, inline flags, a comment
            if after == end and item.startswith("(?:"):
                options.append(_alternatives_needs(item[3:-1]))
        i = after
    options.append((run,))
    return max((o for o in options if o and all(o)), key=_shortest, default=())


def _shortest(words: tuple[str, ...]) -> int:
    return min(map(len, words))


def _item_end(pattern: str, i: int) -> int:
    """Where the item at `i` ends: a character, an escape, a class, a group, `{N}`."""
    ch = pattern[i]
    if pattern.startswith("{N}", i):
        return i + 3
    if ch == "\\":
        escaped = pattern[i + 1 : i + 2]
        if escaped.isalnum() and escaped not in _CLASS_ESCAPES:
            raise _Unknown(pattern[i : i + 2])  # \x41, \1, \A ...
        return i + 2
    if ch == "[":
        return _class_end(pattern, i)
    if ch == "(":
        return _group_end(pattern, i)
    if ch in "{?*+":
        raise _Unknown(pattern[i:])  # a quantifier of nothing
    return i + 1


def _class_end(pattern: str, i: int) -> int:
    i += 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1  # a leading ] is a member
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    if i >= len(pattern):
        raise _Unknown(pattern)
    return i + 1


def _group_end(pattern: str, i: int) -> int:
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":
            i = _class_end(pattern, i) - 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _Unknown(pattern)


def _quantifier_end(pattern: str, i: int) -> int:
    """The end of a quantifier at `i` (`?`, `*`, `+`, `{m,n}`, lazy or possessive), else i."""
    m = _QUANTIFIER.match(pattern, i)
    return m.end() if m else i


def _top_level_split(pattern: str) -> list[str]:
    """`pattern` split at each `|` outside any group or class."""
    parts, start, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "|":
            parts.append(pattern[start:i])
            start = i + 1
        i = _quantifier_end(pattern, _item_end(pattern, i))
    return [*parts, pattern[start:]]


# Every figure any number rule can read: a sentence without one has no number to read.
# (Each rule's {N} is _FIGURE with some of these units, so its match is also one of these.)
_ANY_UNIT = "|".join(dict.fromkeys(
    u for rules, _ in _RULES.values() for r in rules for u in r.units.split("|")
))
_ANY_FIGURE = re.compile(_FIGURE.replace("{units}", _ANY_UNIT))
# The end of every _ANY_FIGURE match (its last numeral to its unit): quick to search for.
_FIGURE_HINT = re.compile(rf"[\d{_CN_NUM}]\s*万?[余多]?\s*(?:{_ANY_UNIT})")


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ---------------------------------------------------------------- the text, as sentences

_HEAD1 = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.]")
_HEAD2 = re.compile(r"^\s*\(\s*[一二三四五六七八九十]{1,3}\s*\)")
_HEAD_START = frozenset("一二三四五六七八九十(")  # what a stripped _HEAD1/_HEAD2 line starts with
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、]|\(\s*\d{1,2}\s*\)|[①-⑳]|其中)")
_TERMINAL = tuple("。！？；;:：!?")
_WRAP_MIN = 20  # a line this long that stops mid-sentence is a hard wrap (PDF text)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_HEADING_END = re.compile(r"[。；;]")
_HEADING_RUNS_ON = re.compile(r"[。，,；;]")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?()\[\]【】]")
# Up to the last _CLAUSE_END (greedy `.*` backs off from the end to the nearest one)
_TO_LAST_CLAUSE_END = re.compile(r"(?s:.*)" + _CLAUSE_END.pattern)


@dataclass(slots=True)
class _Para:
    """Lines joined where a sentence runs on: `raw` as printed, `text` folded (same length);
    source line `numbers[k]` starts at offset `starts[k]`."""

    raw: str
    text: str
    starts: list[int]
    numbers: list[int]
    heading: str

    def line(self, offset: int) -> int:
        """The source line of the character at `offset`."""
        return self.numbers[bisect.bisect_right(self.starts, offset) - 1]


# Table rows flattened to text: `a | b`, `label 件 233` (label, unit, value), `label 3 0 0 3`.
_TABLE_LINE = re.compile(
    r"\||\s(?:人次|万元|件|条|次|个|人|篇|项|元)\s+[-+]?\d[\d,.]*$|(?:\s+[-+]?\d[\d,.]*){2,}$"
)


def _is_table_line(text: str) -> bool:
    """A stripped line that is a table row (a bar, or figures at its end: _TABLE_LINE)."""
    if "|" in text:
        return True
    if text.isdecimal() or (text[-1] not in ",." and not text[-1].isdecimal()):
        return False  # a lone number (no space before it), or no figure at its end
    return bool(_TABLE_LINE.search(text))


class _Line(NamedTuple):
    """What a stripped, folded line that is no table row is to _paragraphs."""

    level: int  # _heading_level
    title: str  # the heading's title (when level)
    item: bool  # it starts a list item (1. (1) ① 其中): a paragraph starts with it
    runs_on: bool  # _runs_on
    alone: bool  # not runs_on, and may_state: alone (a paragraph of one line) it is kept


def _read(folded: str, rules: _FormatRules) -> _Line | None:
    """A stripped, folded line as _paragraphs reads it under `rules`; None for a table row."""
    if _is_table_line(folded):
        return None
    level = _heading_level(folded)
    title = _HEADING_END.split(folded, maxsplit=1)[0][:40] if level else ""
    runs_on = _runs_on(folded, level > 0)
    alone = not runs_on and rules.may_state(folded)
    return _Line(level, title, bool(_ITEM.match(folded)), runs_on, alone)


# Lines too short to run on (table labels, headings) mostly repeat across reports: their
# readings are kept. Long lines are mostly prose, seldom seen twice.
_read_short = lru_cache(maxsize=8192)(_read)


# A paragraph while it runs on: its heading and, per source line, raw, folded and number.
_Lines = tuple[str, list[str], list[str], list[int]]


def _paragraphs(lines: list[str], folded_lines: list[str], rules: _FormatRules) -> list[_Para]:
    """Prose paragraphs that may state a figure or a nothing under `rules`, with their section
    headings; table lines (`a | b`) are left out. `folded_lines`: fold() of each line.
    A paragraph ends at a line that does not run on; it is kept only if it may state one."""
    paras: list[_Para] = []
    h1 = h2 = ""
    heading_text = " "  # f"{h1} {h2}"
    cur: _Lines | None = None  # the paragraph whose last line runs on (a hard wrap)
    blanks = 0
    # a figure alone on its line before its unit: figures may stand alone inside sentences
    split_figures = rules.figures_alone and bool(_FIGURE_THEN_AFTER.search("\n".join(folded_lines)))
    for number, (line, folded_line) in enumerate(zip(lines, folded_lines, strict=True), 1):
        # fold maps each character to one, whitespace to whitespace and nothing else to
        # whitespace: `folded` is fold(line.strip()), empty when that is
        folded = folded_line.strip()
        if not folded:
            blanks += 1
            continue
        blanks, after_blanks = 0, blanks
        if not cur and ("|" in folded or _inert(folded)):
            continue  # a table row or cell with no paragraph to end (saves reading it)
        read = (_read_short if len(folded) < _WRAP_MIN else _read)(folded, rules)
        if read is None:  # a table row
            if cur:
                _finish(cur, paras, rules)
                cur = None
            continue
        level, title, item, runs_on, alone = read
        if split_figures and not runs_on and not folded.endswith(_TERMINAL):
            runs_on = _runs_into_a_figure(folded, folded_lines, number)
        if level:
            h1, h2 = (title, "") if level == 1 else (h1, title)
            heading_text = f"{h1} {h2}"
        if cur and (after_blanks > 2 or level or item):
            _finish(cur, paras, rules)
            cur = None
        if cur:
            cur[1].append(line.strip())
            cur[2].append(folded)
            cur[3].append(number)
        elif runs_on:
            cur = (heading_text, [line.strip()], [folded], [number])
        elif alone:  # a paragraph of one line
            paras.append(_Para(line.strip(), folded, [0], [number], heading_text))
        if cur and not runs_on:
            _finish(cur, paras, rules)
            cur = None
    if cur:
        _finish(cur, paras, rules)
    return paras


# A figure on a line of its own inside a sentence (each inline element of the page printed on
# its own line): `累计主动公开政府信息` / `5928` / `条，其中…`. The figure, and what follows it:
_FIGURE_ALONE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
_AFTER = r"(?:余|多|条|件|个|人|次|起|项|篇|万元|元|家|场|期|份|名|%|[,，、)）])"
_AFTER_FIGURE = re.compile(_AFTER)
# a figure alone on its line, and (after blank lines) a line that starts with what follows it
_FIGURE_THEN_AFTER = re.compile(  # (its first character is a literal: a fast scan for "\n")
    r"\n[ \t\u3000]*\d[\d,]*(?:\.\d+)?%?[ \t\u3000]*\n(?:[ \t\u3000]*\n){0,3}[ \t\u3000]*" + _AFTER
)
_LOOK_AHEAD = 4  # lines searched for the next one that is not blank


def _runs_into_a_figure(line: str, folded_lines: list[str], after: int) -> bool:
    """`line` (not ending a sentence) runs on into a figure printed alone on the next line
    that is not blank, itself followed by its unit or the rest of the sentence; or `line` is
    that figure. `after`: the index of the line after `line` in `folded_lines`."""
    if line[0].isdigit() and _FIGURE_ALONE.fullmatch(line):  # (read inside a paragraph only)
        nxt = _next_text(folded_lines, after)
        return bool(nxt and _AFTER_FIGURE.match(nxt[0]))
    if not "\u4e00" <= line[-1] <= "\u9fff":
        return False
    nxt = _next_text(folded_lines, after)
    if not nxt or not nxt[0][:1].isdigit() or not _FIGURE_ALONE.fullmatch(nxt[0]):
        return False
    then = _next_text(folded_lines, nxt[1])
    return bool(then and _AFTER_FIGURE.match(then[0]))


def _next_text(folded_lines: list[str], start: int) -> tuple[str, int] | None:
    """The first line from `start` on that is not blank, stripped, and the index after it."""
    for i in range(start, min(start + _LOOK_AHEAD, len(folded_lines))):
        text = folded_lines[i].strip()
        if text:
            return text, i + 1
    return None


def _heading_level(line: str) -> int:
    """1 for a heading `一、`, 2 for `(一)`, else 0."""
    if line[0] not in _HEAD_START:
        return 0
    if _HEAD1.match(line):
        return 1
    return 2 if _HEAD2.match(line) else 0


def _inert(line: str) -> bool:
    """A short line of digits (a table cell). Alone (no paragraph runs on into it) it does
    nothing: no table row, no heading, too short to run on, and no figure (no unit) or
    nothing (no _ZERO_HINT) in it."""
    return line.isdecimal() and len(line) < _WRAP_MIN


def _finish(cur: _Lines, paras: list[_Para], rules: _FormatRules) -> None:
    """Add the paragraph `cur` (it takes no more lines) to `paras` if it may state a figure."""
    heading, raws, texts, numbers = cur
    text = "".join(texts)
    if rules.may_state(text):
        starts = list(itertools.accumulate(map(len, raws[:-1]), initial=0))
        paras.append(_Para("".join(raws), text, starts, numbers, heading))


def _runs_on(line: str, heading: bool) -> bool:
    """A long line that stops mid-sentence wraps on; a heading alone on its line does not."""
    if len(line) < _WRAP_MIN or line.endswith(_TERMINAL):
        return False
    return not heading or bool(_HEADING_RUNS_ON.search(line))


def _spans(text: str, ends: re.Pattern[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in ends.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around text[start:end]."""
    last = _TO_LAST_CLAUSE_END.match(text, 0, start)
    left = last.end() if last else 0
    right = _CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


# ---------------------------------------------------------------- matching


def _on_topic(rule: Rule, sentence: str, clause: str, heading: str) -> bool:
    if rule.unless and _regex(rule.unless).search(clause):
        return False
    if rule.topic is None:
        return True
    topic = TOPICS[rule.topic]
    if topic.off and _regex(topic.off).search(clause):
        return False
    sentence_off = topic.off if topic.sentence_off is None else topic.sentence_off
    if sentence_off and _regex(sentence_off).search(sentence) and not (
        topic.strong and _regex(topic.strong).search(clause)
    ):
        return False
    return bool(
        _regex(topic.heading).search(heading) or _regex(topic.sentence).search(sentence)
    )


def _case(before: str, heading: str, cases: dict[str, str]) -> str | None:
    """复议 or 诉讼: the last one named before the figure, else the one the heading names."""
    hits = [(m.start(), m.group()) for m in re.finditer(r"复议(?!后)|诉讼|起诉", before)]
    if hits:
        word = hits[-1][1]
        return cases["复议"] if word == "复议" else cases["诉讼"]
    named = [w for w in ("复议", "诉讼") if w in heading]
    return cases[named[0]] if len(named) == 1 else None


def _value(m: re.Match[str]) -> int | float | None:
    if m["num"]:
        text = m["num"].replace(",", "")
        value: int | float = float(text) if "." in text else int(text)
    else:
        try:
            value = cn2an.cn2an(m["cn"], "smart")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    if m["wan"]:
        value *= 10000
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _qualifier(m: re.Match[str]) -> str | None:
    marks = {m["pre"], m["suf"], m["post"]} - {None}
    if marks & _MORE:
        return "more_than"
    return "about" if marks & _ABOUT else None


def _unit(code: str, printed: str) -> str:
    unit = catalog_metric(code).unit
    return printed if unit in ("元", "万元") and printed in ("元", "万元") else unit


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence: `raw` as printed, `text` folded (same length), where it sits in its para."""

    para: _Para
    start: int
    raw: str
    text: str
    number_rules: _Candidates  # the number rules that may match it
    zero_rules: _Candidates  # the zero rules that may match it


_LEAD_IN = 12  # a clause's words before the figure kept in `raw` (其中, 全年共计 …)


def _raw(sent: _Sentence, m_start: int, m_end: int, whole_clause: bool = False) -> str:
    """The phrase as printed: the clause up to the figure (or the whole clause)."""
    left, right = _clause(sent.text, m_start, m_end)
    start = left if whole_clause or m_start - left <= _LEAD_IN else m_start
    raw = sent.raw[start : right if whole_clause else m_end].strip()
    return re.sub(r"^\d{1,2}\s*[.、]\s*", "", raw)


_Found = list[tuple[int, ProseFigure]]


def _number_figures(sent: _Sentence, cases: dict[str, str]) -> _Found:
    """Figures of one sentence; each number goes to the first rule that matches it on topic."""
    text, claimed, out = sent.text, set(), []
    if not (sent.number_rules and _ANY_FIGURE.search(text)):
        return out
    for rule, regex in sent.number_rules:
        for m in regex.finditer(text):
            fig_span = m.span("fig")
            if fig_span[0] in claimed:
                continue
            c0, c1 = _clause(text, *fig_span)
            if not _on_topic(rule, text, text[c0:c1], sent.para.heading):
                continue
            claimed.add(fig_span[0])
            out += [(fig_span[0], f) for f in _figures(rule, m, sent, cases)]
    return out


def _figures(
    rule: Rule, m: re.Match[str], sent: _Sentence, cases: dict[str, str]
) -> list[ProseFigure]:
    """The figure(s) a match states: one per code of `rule.metric` (`a+b`: 各/均 for both)."""
    value = _value(m)
    if rule.metric is None or value is None:
        return []
    line = sent.para.line(sent.start + m.start("fig"))
    raw = _raw(sent, m.start(), m.end())
    out = []
    for code in rule.metric.split("+"):
        if "{case}" in code:
            case = _case(sent.text[: m.start()], sent.para.heading, cases)
            if case is None:
                continue
            code = code.replace("{case}", case)
        out.append(ProseFigure(code, value, _qualifier(m), _unit(code, m["unit"]), raw, line))
    return out


def _zero_figures(sent: _Sentence) -> _Found:
    """Statements of nothing (`未收到…申请`): 0, the whole clause as `raw`."""
    text, out = sent.text, []
    for rule, regex in sent.zero_rules:
        m = regex.search(text)
        if not m or rule.metric is None:
            continue
        c0, c1 = _clause(text, *m.span())
        if not _on_topic(rule, text, text[c0:c1], sent.para.heading):
            continue
        line = sent.para.line(sent.start + m.start())
        raw = _raw(sent, m.start(), m.end(), whole_clause=True)
        zero = ProseFigure(rule.metric, 0, None, _unit(rule.metric, ""), raw, line)
        out.append((m.start(), zero))
    return out


def _sentences(lines: list[str], folded: list[str], rules: _FormatRules) -> list[_Sentence]:
    """The sentences that may state a figure or a nothing, with the rules that may match."""
    out = []
    for para in _paragraphs(lines, folded, rules):  # (a sentence's words are its para's)
        text = para.text
        for a, b in _spans(text, _SENTENCE_END):
            sentence = text[a:b]
            numbers = rules.numbers.candidates(sentence) if _FIGURE_HINT.search(sentence) else []
            zeros = rules.zeros.candidates(sentence) if _ZERO_HINT.search(sentence) else []
            if numbers or zeros:
                out.append(_Sentence(para, a, para.raw[a:b], sentence, numbers, zeros))
    return out


def extract_prose(
    lines: list[str], fmt: str, folded: list[str] | None = None
) -> list[ProseFigure]:
    """Figures stated in sentences, mapped to metric codes of `fmt`; first statement wins.

    pre2019 -> legacy.* codes (these become staging rows where no table has them);
    v2019/v2021 -> canonical codes (derived ones included), read only to compare with tables.
    `folded`: loaders.detect.fold_lines(lines) when the caller has it.
    """
    if fmt not in _RULES:
        raise ValueError(f"unknown format {fmt!r}: expected one of {sorted(_RULES)}")
    numbers: list[ProseFigure] = []
    zeros: list[ProseFigure] = []
    folded = fold_lines(lines) if folded is None else folded
    for sent in _sentences(lines, folded, _compiled_rules(fmt)):
        numbers += [f for _, f in sorted(_number_figures(sent, _CASES[fmt]), key=_pos)]
        zeros += [f for _, f in _zero_figures(sent)]
    return _first_per_metric(numbers, zeros)


def _pos(item: tuple[int, ProseFigure]) -> int:
    return item[0]


def _first_per_metric(numbers: list[ProseFigure], zeros: list[ProseFigure]) -> list[ProseFigure]:
    """One figure per metric: the first number stated, else the first statement of nothing."""
    seen: dict[str, ProseFigure] = {}
    for fig in numbers:
        seen.setdefault(fig.metric, fig)
    for fig in zeros:
        seen.setdefault(fig.metric, fig)
    return sorted(seen.values(), key=lambda f: f.line)


# ---------------------------------------------------------------- reconcile with the tables


# Metrics the warehouse derives (never printed): the table rows they sum.
_DERIVED_PREFIX = {
    "requests.outcome.withheld": "requests.outcome.withheld.",
    "requests.outcome.unable": "requests.outcome.unable.",
    "requests.outcome.not_processed": "requests.outcome.not_processed.",
    "requests.outcome.other": "requests.outcome.other.",
}
_LITIGATION_PARTS = ("litigation_direct.", "litigation_after_review.")
_TO_YUAN = {"元": 1, "万元": 10000}
_ABOUT_TOLERANCE = 0.1


def _applicant(code: str) -> str | None:
    return "total" if code.startswith(("requests.", "legacy.requests.")) else None


_Cell = tuple[float | int | None, str]  # a table value and its unit


def _table_index(rows: list[StagingRow]) -> dict[str, _Cell]:
    """Each metric's table value: the total column (or none); a blank total is the sum of the
    applicant columns when those are printed."""
    first: dict[str, StagingRow] = {}
    parts: dict[str, list[StagingRow]] = {}
    for row in rows:
        if row.applicant_type in (None, "total"):
            first.setdefault(row.metric, row)
        else:
            parts.setdefault(row.metric, []).append(row)
    index: dict[str, _Cell] = {}
    for code, row in first.items():
        value = row.value
        if value is None and row.applicant_type == "total":
            value = _sum(parts.get(code, []))
        index[code] = (value, row.unit)
    return index


def _sum(rows: list[StagingRow]) -> float | int | None:
    values = [r.value for r in rows if r.value is not None]
    return sum(values) if values else None


def _table_value(code: str, index: dict[str, _Cell]) -> tuple[bool, float | int | None, str]:
    """(found, value, unit) of `code` in the table, summing parts for derived metrics."""
    if code in index:
        return True, *index[code]
    if code in _DERIVED_PREFIX:
        parts = [cell for m, cell in index.items() if m.startswith(_DERIVED_PREFIX[code])]
    elif code.startswith("litigation_all."):
        tail = code.removeprefix("litigation_all.")
        parts = [index[p + tail] for p in _LITIGATION_PARTS if p + tail in index]
        if len(parts) < len(_LITIGATION_PARTS):
            parts = []
    else:
        parts = []
    if not parts:
        return False, None, ""
    values = [v for v, _ in parts if v is not None]
    return True, (sum(values) if values else None), parts[0][1]


def _agrees(fig: ProseFigure, table: float | int | None, table_unit: str) -> bool:
    if table is None:
        return fig.value == 0
    text = fig.value * _TO_YUAN.get(fig.unit, 1) / _TO_YUAN.get(table_unit, 1)
    if fig.qualifier == "more_than":
        return table >= text
    if fig.qualifier == "about":
        return abs(table - text) <= max(1.0, _ABOUT_TOLERANCE * text)
    return abs(table - text) <= 1e-6 * max(1.0, abs(text))


def _prose_row(fig: ProseFigure, ctx: ReportContext) -> StagingRow:
    return StagingRow(
        report_id=ctx.report_id, source=ctx.source, agency=ctx.agency, year=ctx.year,
        format=ctx.format, section=catalog_metric(fig.metric).section, metric=fig.metric,
        applicant_type=_applicant(fig.metric), value=fig.value, unit=fig.unit,
        qualifier=fig.qualifier, raw=fig.raw, line=fig.line,
    )


def reconcile(
    table_rows: list[StagingRow], figures: list[ProseFigure], ctx: ReportContext
) -> tuple[list[StagingRow], list[Discrepancy]]:
    """(extra rows, discrepancies): prose figures the tables lack, and those they contradict.

    Extra rows are only made for pre2019 reports (v2019/v2021 prose is read to compare);
    the table rows themselves are not returned: the caller keeps them.
    """
    if not figures:
        return [], []
    index = _table_index(table_rows)
    extra: list[StagingRow] = []
    issues: list[Discrepancy] = []
    for fig in figures:
        found, value, unit = _table_value(fig.metric, index)
        if not found:
            if ctx.format == "pre2019" and fig.metric.startswith("legacy."):
                extra.append(_prose_row(fig, ctx))
            continue
        if not _agrees(fig, value, unit):
            issues.append(Discrepancy(
                report_id=ctx.report_id, identity="text_vs_table", metric=fig.metric,
                applicant_type=_applicant(fig.metric), table_value=value, text_value=fig.value,
                raw=fig.raw, line=fig.line,
            ))
    return extra, issues
