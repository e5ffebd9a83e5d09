"""Is a text a government information disclosure annual report, and which one.

`detect(lines)` reads normalised lines (loaders.normalize) and tolerates raw ones: full-width
forms are folded here too. It decides four things from the wording and the structure:

- is_report: an annual report (title or body names one, 统计期限, the standard numbered
  sections, the statistics tables), not a notice, a reply letter, a guide or a news item;
- format: pre2019 / v2019 / v2021 by the table labels and wording, the year only as fallback;
- year: a vote among the title, the 统计期限 sentence and the body's years;
- agency: title, 来源/发布机构 line or signature, the most specific body the report covers.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Detection", "compact", "detect", "fold", "fold_lines", "normalize_agency"]


@dataclass(frozen=True, slots=True)
class Detection:
    """What a text is: an annual report (format, year, agency, title) or why it is not one."""

    is_report: bool
    reason: str | None
    format: str | None
    year: int | None
    agency: str | None
    title: str | None


# ---------------------------------------------------------------- text helpers


def _fold_char(ch: str) -> str:
    """`ch` (from U+2000 on) as its NFKC form when that is one character, else `ch`."""
    if ord(ch) < 0x2000:
        return ch
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


class _FoldTable(dict[int, str]):
    """A str.translate table of _fold_char, filled as characters are first seen (up to
    _FOLD_TABLE_MAX of them: memory stays bounded whatever the input)."""

    def __missing__(self, cp: int) -> str:
        folded = _fold_char(chr(cp))
        if len(self) < _FOLD_TABLE_MAX:
            self[cp] = folded
        return folded


_FOLD_TABLE_MAX = 1 << 16


_FOLD_TABLE = _FoldTable()
_COMMON_PUNCT = "，；！？：、。《》“”‘’〔〕【】「」『』〇—…"
_FOLD_REPLACE = tuple((c, _fold_char(c)) for c in _COMMON_PUNCT if _fold_char(c) != c)
# What fold may change: not below U+2000, not a CJK unified ideograph or a Hangul syllable
# (these never decompose: Unicode stability policy), not common punctuation (done above).
_KEPT = r"\x00-\u1fff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3" + re.escape(_COMMON_PUNCT)
_MAY_FOLD = re.compile(f"[^{_KEPT}]+")
# fullmatch() when _MAY_FOLD finds nothing: a run of one class is scanned much faster
# than a search tries every offset
_ALL_KEPT = re.compile(f"[{_KEPT}]*")


def fold(text: str) -> str:
    """Full-width forms to half-width, one character for one (offsets are kept): each
    character from U+2000 on becomes its NFKC form when that is one character."""
    for full, half in _FOLD_REPLACE:
        text = text.replace(full, half)
    if _ALL_KEPT.fullmatch(text):
        return text
    return _MAY_FOLD.sub(_fold_run, text)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD_TABLE)


def fold_lines(lines: list[str]) -> list[str]:
    """fold() of each line, folding the text in one pass."""
    joined = "\n".join(lines)
    if joined.count("\n") != len(lines) - 1:  # a line holds a newline (or no lines)
        return [fold(x) for x in lines]
    return fold(joined).split("\n")


def _squash(text: str) -> str:
    return "".join(text.split())


def compact(text: str) -> str:
    """Folded text without any whitespace: labels split by spaces or lines read whole."""
    return _squash(fold(text))


_CN_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
# Whether _CN_YEAR matches: `年` first, a literal found by a fast scan, then what stands before
_HAS_CN_YEAR = re.compile(r"年(?<=[〇零一二三四五六七八九]{4}年)")


def _arabic_years(text: str) -> str:
    """二〇一七年 -> 2017年."""
    return _CN_YEAR.sub(_arabic_year, text) if _HAS_CN_YEAR.search(text) else text


def _arabic_year(m: re.Match[str]) -> str:
    return m.group().translate(_CN_DIGIT)


_YEAR_CHARS = "〇零一二三四五六七八九年"
_HEAD_LINES = 60  # lines at the top where an embedded title or the compiler is named


@dataclass(frozen=True, slots=True)
class _Doc:
    """A text read once: its lines folded, and compact(_arabic_years(...)) of each line
    joined by newlines (`years`: no line of it holds a space) and of the top lines run
    together (`head_years`). `text` is the folded lines joined by newlines when no line
    holds one (so a multi-line regex sees the lines), else None; `flat` is the folded text
    without any whitespace."""

    folded: list[str]
    years: str
    head_years: str
    text: str | None
    flat: str

    @classmethod
    def of(cls, lines: list[str], folded: list[str] | None = None) -> _Doc:
        folded = fold_lines(lines) if folded is None else folded
        joined = "\n".join(folded)
        text = joined if joined.count("\n") == len(lines) - 1 else None
        if text is not None and (plain := _plain_years(joined)) is not None:
            years, head, flat = plain
            return cls(folded, years, head, text, flat)
        flat = _squash(joined)
        if text is None or not _years_commute(lines, joined):
            years = "\n".join(compact(_arabic_years(x)) for x in lines)
            head = compact(_arabic_years("".join(lines[:_HEAD_LINES])))
            return cls(folded, years, head, text, flat)
        years = "\n".join("".join(x.split()) for x in _arabic_years(joined).split("\n"))
        head = _squash(_arabic_years("".join(folded[:_HEAD_LINES])))
        return cls(folded, years, head, text, flat)


def _plain_years(joined: str) -> tuple[str, str, str] | None:
    """_Doc's years, head_years and flat of the folded lines `joined` when no year is in
    Chinese numerals and the only whitespace is spaces and newlines, else None.

    Then _arabic_years changes nothing, whether on the raw or the folded lines (the year
    characters fold to themselves, offsets kept, and a year survives squashing: a text with
    one has one when squashed too), so both ways _Doc.of builds them agree with this one;
    and squashing is dropping the spaces (and the newlines)."""
    no_spaces = joined.replace(" ", "")
    flat = no_spaces.replace("\n", "")
    if flat.split() != [flat] or _HAS_CN_YEAR.search(no_spaces):  # other whitespace, or empty
        return None
    head = "".join(no_spaces.split("\n", _HEAD_LINES)[:_HEAD_LINES])
    return None if _HAS_CN_YEAR.search(head) else (no_spaces, head, flat)


def _line_at(text: str, at: int) -> str:
    """The line of `text` that holds offset `at`."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]


def _years_commute(lines: list[str], folded: str) -> bool:
    """_arabic_years then fold == fold then _arabic_years: no character folds into one of
    〇一…九年 (⼀ ㊀ 年 …); those characters fold to themselves, so counts tell."""
    raw = "\n".join(lines)
    return all(raw.count(c) == folded.count(c) for c in _YEAR_CHARS)


_CN_ORDINAL = "[一二三四五六七八九十]{1,3}"
_HEADING = re.compile(rf"^\s*(?:{_CN_ORDINAL}\s*[、.]|\(\s*{_CN_ORDINAL}\s*\))")
# The lines of "\n" + a joined text that _HEADING matches: each line start is found by a
# fast scan for the newline before it (same lines as a MULTILINE `^`, tried at every offset)
_HEADING_LINE = re.compile(
    r"\n(" + _HEADING.pattern.replace(r"\s", r"[^\S\n]").removeprefix("^") + r"[^\n]*)"
)


_STOP = re.compile(r"[。；;]")


def heading_lines(lines: list[str]) -> list[str]:
    """Lines that open a numbered section (一、… or (一)…), cut at the first full stop."""
    return _heading_lines(_Doc.of(lines))


def _heading_lines(doc: _Doc) -> list[str]:
    if doc.text is None:
        found = [x for x in doc.folded if _HEADING.match(x)]
    else:
        found = _HEADING_LINE.findall("\n" + doc.text)
    return [_STOP.split(x.strip(), maxsplit=1)[0][:40] for x in found]


# ---------------------------------------------------------------- title

_TITLE_WORD = re.compile(r"报告|年报")
_SITE_SPLIT = re.compile(r"\s*(?:--|—+|-|_|\||｜)\s*")
_ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff()0-9]{2,25}(?:政府|办公室|办公厅|局|委员会|委|厅|中心)(?:\d{4}年度?)?$"
)
_TITLE_SCAN = 8  # non-blank lines at the top where a title may stand
_TITLE_SCAN_CHROME = 40  # ... or below a site's menus, if it holds a year
_NAV = re.compile(r"[>＞»→]|位置[:：]")  # a breadcrumb (您当前的位置：首页 > 政务公开 > 年报)
_TITLE_YEAR = re.compile(r"\d{4}\s*年")
# `标题：XX镇2020年政府信息公开工作年度报告` (a page's metadata block)
_TITLE_LABEL = re.compile(r"^(?:文章)?(?:标\s*题|名\s*称|题\s*名)\s*[:：]\s*")
_NOT_TITLE = re.compile(r"\||^根据|^本报告|^(?:索\s*引\s*号|分\s*类|发布机构|来源|信息来源|发文)")
# A title broken over two lines: `淮安市人民政府` + `2024 年政府信息公开…`,
# or `…信息公开工作` + `年度报告`
_TITLE_TAIL = re.compile(r"^(?:\d{4}\s*年|政府信息公开|政务公开|信息公开|(?:工作)?(?:年度)?报告)")
_TITLE_HEAD = re.compile(r"^[^。，,;；:：]{2,40}(?:信息公开|政务公开)(?:工作)?$")


def find_title(lines: list[str]) -> str | None:
    """The report's title as printed (a web-site prefix `XX人民政府-` dropped), or None."""
    return _find_title(fold_lines(lines))


def _find_title(folded: list[str]) -> str | None:
    """The first title-like line of the top _TITLE_SCAN non-blank lines; failing that, of
    the top _TITLE_SCAN_CHROME, one with a year (menus and breadcrumbs above it)."""
    top = list(itertools.islice((x.strip() for x in folded if x.strip()), _TITLE_SCAN_CHROME))
    for pos, text in enumerate(top):
        if len(text) > 80 or text.endswith(("。", ":", "：")) or _NOT_TITLE.search(text):
            continue
        if not _TITLE_WORD.search(text) or "本报告" in text or _NAV.search(text):
            continue
        title = _drop_site_prefix(_TITLE_LABEL.sub("", text))
        if _TITLE_TAIL.match(title):
            title = _with_name_line(title, top, pos)
        if pos < _TITLE_SCAN or _TITLE_YEAR.search(title):
            return title
    return None


def _with_name_line(title: str, top: list[str], pos: int) -> str:
    """A title without a name (`2024年政府信息公开…`, `…年度报告（2015年）`) joined with the
    line above it that it continues, or else with the body's name on the line below."""
    prev = top[pos - 1] if pos > 0 else ""
    if _ORG_LINE.match(prev) or _TITLE_HEAD.search(prev):
        return prev + title
    below = top[pos + 1] if pos + 1 < len(top) else ""
    if _ORG_LINE.match(below) and not _TITLE_YEAR.search(below):
        return below + title
    return title


def _first_line(folded: list[str]) -> str | None:
    """The first non-blank line when it is short enough to be a heading (for non-reports)."""
    first = next((x.strip() for x in folded if x.strip()), "")
    return first if 0 < len(first) <= 60 and not first.endswith("。") else None


def _drop_site_prefix(title: str) -> str:
    parts = [p for p in _SITE_SPLIT.split(title) if p]
    with_report = [p for p in parts if _TITLE_WORD.search(p)]
    return with_report[-1] if with_report else title


# ---------------------------------------------------------------- is it a report

_OGI = r"(?:政府信息公开|政务公开|信息公开)"
_TITLE_REPORT = re.compile(_OGI + r".{0,12}(?:年度报告|年报|工作报告|报告)")
_BODY_REPORT = re.compile(
    _OGI + r"(?:工作)?(?:\d{4}年)?(?:年度)?(?:工作)?(?:报告|年报)|本(?:年度)?报告"
)
# 统计期限, or the period `2019年1月1日至12月31日` (found from its literal `年1月1日`)
_PERIOD = (
    re.compile(r"统计(?:期限|时限|期间|时间|范围)"),
    re.compile(r"年1月1日(?<=\d{4}年1月1日)(?:起)?(?:至|到|-|—|~)(?:\d{4}年)?12月3[01]日"),
)
_TABLE_SIGNS = (
    "统计指标", "政府信息公开情况统计表", "本年新收政府信息公开申请数量", "第二十条第(一)项",
    "收到申请数", "收到和处理政府信息公开申请",
)
_STANDARD_SECTIONS = tuple(re.compile(p) for p in (
    r"概述|总体情况|基本情况",
    r"主动公开",
    r"依申请|收到和处理|申请情况",
    r"复议|诉讼",
    r"存在的(?:主要)?问题|改进",
    r"其他需要报告",
    r"收费|费用",
    r"机构建设|保障经费|人员",
    r"培训|会议",
    r"回应|解读",
    r"管理情况|平台建设|监督保障",
))
_OTHER_REPORT = re.compile(r"年度报告|年报|工作报告")
_REPORT_MIN = 5  # score from which a text without a title reads as a report

_TITLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a reply to a disclosure request (答复书/告知书)",
     re.compile(r"答复书|告知书|答复函|回复函|(?:答复|回复|告知)$")),
    ("a notice (通知)", re.compile(r"通知$")),
    ("a disclosure guide (指南)", re.compile(r"指南$")),
    ("a disclosure catalogue (目录)", re.compile(r"目录$")),
    ("an announcement (公告/公示)", re.compile(r"(?:公告|公示)$")),
    ("a work plan or rule (要点/方案/办法/制度)", re.compile(
        r"(?:要点|方案|办法|制度|规定|细则|意见|规划|计划|清单)$")),
    ("a work summary (总结)", re.compile(r"总结$")),
    ("the template of the reports (年度报告格式)", re.compile(r"报告(?:格式|模板|样式|编制指南)$")),
    ("a correction or an explainer of a report (更正/勘误/解读)", re.compile(
        r"(?:更正|勘误)(?:说明|声明|公告|通知)?$|的解读$|图解$")),
)
# a page that holds only the title and a link to the report as a file
_ATTACHMENT = re.compile(
    r"[^\s:：,，。;；]{0,60}\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar)(?![a-z])|附件下载|点击下载",
    re.IGNORECASE,
)
_TITLE_ONLY_MAX = 400  # characters (whitespace left out) of a page that is little else
_NEWS_TITLE = re.compile(r"(?:发布|公布|出炉|亮相|解读|图解)(?:了)?.{0,40}(?:年度报告|年报)$")
# a notice or announcement that carries a report: `关于印发…年度报告的通知`, `关于…年度报告的公告`
_TRANSMITTAL = re.compile(
    r"(?:印发|公布|发布|公开|报送).{0,40}(?:年度报告|年报)》?的通知$"
    r"|关于.{0,40}(?:年度报告|年报)》?的(?:公告|公示)$"
)
_LISTED_TITLE = re.compile(
    r"^(?!上一|下一|相关)\S{0,30}(?P<year>\d{4})年度?\S{0,20}(?:年度报告|年报)\S{0,4}"
    r"\s*(?:\d{4}[-./]\d{1,2}[-./]\d{1,2})?$"
)
_LIST_MIN = 3  # years of report titles, one a line, from which a page is a column's index
_LIST_SCAN = 200  # lines searched for them
_BODY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a reply to a disclosure request (答复书/告知书)", re.compile(
        r"现(?:予以)?(?:答复|告知)如下|特此(?:答复|告知)|(?:您|你)(?:单位)?(?:于|在)\d{4}年"
        r"|本(?:机关|机构|单位)于\d{4}年.{0,12}收到(?:您|你)")),
    ("a notice (通知)", re.compile(
        r"现将有关事项通知如下|特此通知|现(?:印发|转发)给你们|请(?:认真)?(?:遵照|贯彻)执行")),
    ("a news item", re.compile(
        r"[(（]记者|本报讯|本网讯|(?:记者|通讯员)[\u4e00-\u9fff]{2,3}[)）]|据悉")),
    ("a disclosure guide (指南)", re.compile(r"(?:编制|制定)本指南|本指南")),
)


def _body_score(text: str, headings: list[str]) -> int:
    """How much of a report's structure the text has (title aside)."""
    score = 2 if _BODY_REPORT.search(text[:3000]) else 0
    score += 1 if any(p.search(text) for p in _PERIOD) else 0
    joined = "\n".join(headings)
    score += min(4, sum(1 for p in _STANDARD_SECTIONS if p.search(joined)))
    score += 3 if any(sign in text for sign in _TABLE_SIGNS) else 0
    return score


def _kind(text: str, kinds: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    return next((kind for kind, pat in kinds if pat.search(text)), None)


def _listed_titles(folded: list[str]) -> int:
    """Years of the lines near the top that are each a report title (a column's list)."""
    found = (_LISTED_TITLE.match(x.strip()) for x in folded[:_LIST_SCAN] if "报" in x)
    return len({m["year"] for m in found if m})


def _not_report_reason(
    title: str | None, folded: list[str], text: str, headings: list[str]
) -> str | None:
    """Why this is not an annual report, or None if it reads as one. The first line and
    the report titles listed (`folded`) are read only for a weak body, where they count."""
    if len(text) < 40:
        return "empty or too short to be a report"
    ctitle = compact(title or "")
    body = _body_score(text, headings)
    titled = bool(_TITLE_REPORT.search(ctitle))
    # without a title, a short first line may be one (or a web column name: only when weak)
    head = ctitle or (compact(_first_line(folded) or "") if body < _REPORT_MIN else "")
    transmittal = bool(_TRANSMITTAL.search(head))
    kind = None if transmittal else _kind(head, _TITLE_KINDS)
    if kind:
        return f"not an annual report: the title reads as {kind}"
    if transmittal and body < _REPORT_MIN:
        what = "a notice (通知) transmitting" if head.endswith("通知") else (
            "an announcement (公告/公示) of")
        return f"not an annual report: {what} a report without its text"
    if body < _REPORT_MIN and _listed_titles(folded) >= _LIST_MIN:
        return "not an annual report: a list of annual reports (a web column's index page)"
    if titled and body < _REPORT_MIN and _NEWS_TITLE.search(ctitle):
        return "not an annual report: the title reads as a news item about one"
    if body <= 2 and len(text) < _TITLE_ONLY_MAX and (m := _ATTACHMENT.search(text)):
        return (
            f"the report is not on the page: only its title and an attachment ({m[0]}); "
            "download the attachment and parse its text (pdftotext for a PDF)"
        )
    kind = None if titled or body >= _REPORT_MIN + 3 else _kind(text, _BODY_KINDS)
    if kind:
        return f"not an annual report: the text reads as {kind}"
    if _OTHER_REPORT.search(ctitle) and not titled and body < _REPORT_MIN:
        return "not an annual report on information disclosure: a report on another subject"
    if titled or body >= _REPORT_MIN:
        return None
    return (
        "not an annual report: no 信息公开 年度报告 title, and too little of its structure "
        f"(统计期限, numbered sections, statistics tables; score {body} < {_REPORT_MIN})"
    )


# ---------------------------------------------------------------- format

_V2021 = (
    r"本年制发件数", r"本年废止件数", r"现行有效件数", r"本年处理决定数量", r"本年收费金额",
    r"国办公开办函〔2021〕30号", r"逾期不补正", r"逾期未按收费通知要求缴纳费用",
)
_V2019 = (
    r"本年新制作数量", r"本年新公开数量", r"对外公开总数量", r"上一年项目数量",
    r"年项目数量(?<=\d{4}年项目数量)",  # `2019年项目数量`, found from its literal part
    r"本年增/?减", r"第二十条第\(九\)项", r"采购总金额", r"采购项目数量",
    r"国办公开办函〔2019〕60号",
)
_TEMPLATE = (
    r"本年新收政府信息公开申请数量", r"上年结转政府信息公开申请数量", r"结转下年度继续办理",
    r"未经复议直接起诉", r"复议后起诉", r"第二十条第\(一\)项", r"信访举报投诉类申请",
    r"三类内部事务信息", r"四类过程性信息", r"本年度办理结果",
)
_PRE2019 = (
    r"统计指标", r"统计数(?!据)", r"收到申请数", r"申请办结数", r"申请答复数", r"同意公开答复数",
    r"不同意公开答复数", r"维持具体行政行为数", r"被依法纠错数", r"告知作出更改补充数",
    r"告知通过其他途径办理数", r"政府信息公开情况统计表", r"举报投诉数量", r"专职人员数",
)
# Section headings of the old prose-only reports (matched on heading lines only).
_PRE2019_HEADINGS = (
    r"回应解读", r"举报投诉", r"机构建设和保障经费|保障经费", r"会议和培训|培训情况",
    r"收费(?:及|和)?减免|收费情况|费用情况",
)


_Wording = tuple[str | re.Pattern[str], ...]


def _wording(patterns: tuple[str, ...]) -> _Wording:
    """Each pattern as is when it is plain words (found by a substring test), else compiled."""
    return tuple(p if re.escape(p) == p else re.compile(p) for p in patterns)


_V2021_W, _V2019_W, _TEMPLATE_W, _PRE2019_W, _PRE2019_HEADINGS_W = map(
    _wording, (_V2021, _V2019, _TEMPLATE, _PRE2019, _PRE2019_HEADINGS)
)


def _found(pattern: str | re.Pattern[str], text: str) -> bool:
    """re.search(pattern, text) is not None."""
    if isinstance(pattern, str):
        return pattern in text
    return pattern.search(text) is not None


def _count(patterns: _Wording, text: str) -> int:
    return sum(1 for p in patterns if _found(p, text))


def _any(patterns: _Wording, text: str) -> bool:
    return any(_found(p, text) for p in patterns)


def detect_format(text: str, headings: list[str], year: int | None) -> str | None:
    """pre2019 / v2019 / v2021 from the wording; the year only when the wording says nothing."""
    n21, n19 = _count(_V2021_W, text), _count(_V2019_W, text)
    if n21 != n19:
        return "v2021" if n21 > n19 else "v2019"
    if n21 or _any(_TEMPLATE_W, text):
        return "v2021" if year is not None and year >= 2021 else "v2019"
    if _any(_PRE2019_W, text) or _any(_PRE2019_HEADINGS_W, "\n".join(headings)):
        return "pre2019"
    return _format_for_year(year)


def _format_for_year(year: int | None) -> str | None:
    if year is None:
        return None
    if year <= 2018:
        return "pre2019"
    return "v2019" if year <= 2020 else "v2021"


# ---------------------------------------------------------------- year

_YEAR_MIN, _YEAR_MAX = 2000, 2099
_TITLE_YEAR = re.compile(r"(\d{4})年")
# `(?=…)`: what a match starts with, checked first (a faster scan, same matches)
_PERIOD_YEAR = re.compile(
    r"(?=[统\d])(?P<kw>统计(?:期限|时限|期间|时间|范围).{0,12})?(?P<y>\d{4})年1月1日(?:起)?"
    r"(?:至|到|-|—|~)(?:(?P<y2>\d{4})年)?12月3[01]日"
)
_AS_OF = re.compile(r"截(?:至|止)(?:到)?(\d{4})年12月3[01]日")
_CN_DAY = r"[\d〇零一二三四五六七八九十]{1,3}"
# `2019年`, not a date, not after a digit or 〔 [ (: `年` first, a literal found by a fast
# scan, then the year before it (a match holds one 年, at its end: the same matches)
_BODY_YEAR = re.compile(rf"年(?<=(\d{{4}})年)(?<![\d〔\[(]\d{{4}}年)(?!{_CN_DAY}月)")
_QUOTED_TITLE = re.compile(r"《[^《》]{0,80}》")  # a cited document, or its number:
_QUOTED_NUMBER = re.compile(r"〔\d{4}〕")
# The lines of "\n" + a joined text without spaces + "\n" that are only a date (a line is
# found by a fast scan for the newline before it)
_DATE_LINE = re.compile(rf"\n(\d{{4}}年{_CN_DAY}月{_CN_DAY}日)(?=\n)")
_PUBLISHED_WORDS = (  # a line with one is page chrome
    "发布时间", "发布日期", "更新时间", "更新日期", "成文日期", "发文日期")
_BODY_CAP = 3  # body mentions of one year count at most this much
# words of the heading of the section on problems and plans: the years it names (up to the
# next top heading) are mostly the next year's (`2020年，我局将…`) and do not count
_PLANS_WORDS = re.compile(r"存在的(?:主要)?(?:问题|不足)|下一步|工作打算")
_PLANS_LEAD = 12  # characters before them on the heading's line at most (`五、`, `(五)今后…`)
_TOP_HEADING = re.compile(r"\n[一二三四五六七八九十]{1,2}、")


def _body_years(doc: _Doc, title_c: str) -> tuple[str, tuple[int, int]]:
    """The compacted lines run together, less the title line, the lines that are only a
    date and those with a _PUBLISHED_WORDS (page chrome); and where in it the section on
    next year's plans starts and ends (_plans_section)."""
    text = doc.years
    drop = {title_c}
    drop.update(_DATE_LINE.findall("\n" + text + "\n"))
    drop.update(_lines_with(text, _PUBLISHED_WORDS))
    drop.discard("")
    # every line equal to a dropped one is found: a whole-line title_c, a date, a word
    cuts = sorted({span for line in drop for span in _line_spans(text, line)})
    parts, pos = [], 0
    for start, end in cuts:
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    body = "".join(parts)
    start, end = _plans_section(body)
    return body.replace("\n", ""), (
        start - body.count("\n", 0, start), end - body.count("\n", 0, end))


def _plans_section(text: str) -> tuple[int, int]:
    """Where the section on problems and next year's plans (`五、存在的主要问题及改进情况`,
    `下一步工作打算`) starts and ends in `text` (lines): at the next `六、` heading, or the end.
    (len, len) without one. The years it names are mostly the next year."""
    for m in _PLANS_WORDS.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if m.start() - start <= _PLANS_LEAD and line_end - start <= 40:
            after = _TOP_HEADING.search(text, line_end)
            return start, after.start() + 1 if after else len(text)
    return len(text), len(text)


def _line_spans(text: str, line: str) -> Iterator[tuple[int, int]]:
    """Where `line` (not empty, no newline) stands as a whole line of `text`."""
    at = text.find(line)
    while at >= 0:
        end = at + len(line)
        if (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            yield at, end
        at = text.find(line, at + 1)


def _lines_with(text: str, words: tuple[str, ...]) -> set[str]:
    """The lines of `text` holding one of `words` (none holds a newline)."""
    found = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.add(_line_at(text, at))
            at = text.find(word, at + 1)
    return found


_PERIOD_MARK = "年1月1日"  # in every _PERIOD_YEAR match, at most _PERIOD_LEAD after its start
_PERIOD_LEAD = 20  # 统计期限 (4) + .{0,12} + the year's 4 digits


def _periods(text: str) -> Iterator[re.Match[str]]:
    """_PERIOD_YEAR.finditer(text), each search started near the next _PERIOD_MARK."""
    pos = 0
    while (at := text.find(_PERIOD_MARK, pos)) >= 0:
        m = _PERIOD_YEAR.search(text, max(pos, at - _PERIOD_LEAD))
        if m is None:
            return
        yield m
        pos = m.end()


def _unquoted(text: str) -> str:
    r"""`text` less cited titles and numbers: re.sub of `《[^《》]{0,80}》|〔\d{4}〕` to "".

    A number holds no 《 and no 》: it stands within a title or apart from all of them, so
    the titles are those found alone, and the numbers those found between them."""
    return "".join(_QUOTED_NUMBER.sub("", part) for part in _QUOTED_TITLE.split(text))


def vote_year(title: str | None, lines: list[str]) -> int | None:
    """The statistical year: title (3), 统计期限 (3, 2 without the word), body years (1 each)."""
    return _vote_year(title, _Doc.of(lines))


def _vote_year(title: str | None, doc: _Doc) -> int | None:
    votes: Counter[int] = Counter()
    for y in {int(y) for y in _TITLE_YEAR.findall(compact(_arabic_years(title or "")))}:
        votes[y] += 3
    text, (plans, after_plans) = _body_years(doc, compact(title or ""))
    period = None
    for m in _periods(text):
        y = int(m["y2"] or m["y"])
        votes[y] += 3 if m["kw"] else 2
        period = period or y
    for m in _AS_OF.finditer(text):
        votes[int(m[1])] += 2
    unplanned = _unquoted(text[:plans] + text[after_plans:])
    mentions = Counter(int(y) for y in _BODY_YEAR.findall(unplanned))
    for y, n in mentions.items():
        votes[y] += min(n, _BODY_CAP)
    valid = {y: v for y, v in votes.items() if _YEAR_MIN <= y <= _YEAR_MAX}
    if not valid:
        return None
    best = max(valid.values())
    tied = sorted(y for y, v in valid.items() if v == best)
    return period if period in tied else tied[0]


# ---------------------------------------------------------------- agency

_ADMIN_UNIT = r"(?:省|市|县|区|旗|镇|乡|街道|州|盟)"
_GOV_SUFFIX = re.compile(r"(?:人民)?政府(?:党政(?:综合)?)?(?:办公室|办公厅|办)?$")
_UNIT_END = re.compile(_ADMIN_UNIT + "$")
_SPACES = re.compile(r"\s+")
_LEAD_YEAR = re.compile(r"^\d{4}年度?")
# a website's name before the title on its line: `某县人民政府门户网站 某县教育局2019年…`
_SITE_PREFIX = re.compile(r"^\S*(?:网站|网|门户)\s+(?=\S)")
# a second name in brackets after the first: `某市自然资源和规划局(某市林业局)`
_BRACKETED_TAIL = re.compile(r"\((?P<second>[^()]*)\)$")
_TRAILING_WORD = re.compile(r"(?:关于|的)$")
_TRANSMITTAL_VERB = re.compile(r"^(?:印发|转发|公布|发布)")
_TITLE_NAME = re.compile(r"^(?P<name>.*?)(?:关于)?(?:\(?\d{4}年度?\)?)?" + _OGI)
_ORG_SUFFIX = re.compile(
    r"(?:省|市|县|区|旗|镇|乡|街道|州|盟|村|社区|局|委|委员会|办|办公室|办公厅|厅|中心|院|所|站|队|处"
    r"|部|署|会|社|馆|公司|集团|政府|法院|检察院|管委会|大学|学校|医院|分局|支队|大队|校)$"
)
_NOT_ORG = re.compile(
    r"(?:网|网站|本站|原创|新华社|日报|晚报|电视台|客户端)$|^本|^(?:党政|综合)?办公[室厅]$"
    r"|^(?:人民)?政府$"
)
_SOURCE_LINE = re.compile(
    r"(?:信息来源|来源|发布机构|发布单位|发文机关|发布部门|公开主体|制发机关|发布者)\s*[:：|]\s*"
    r"(?P<name>[^\s:：|,，;；]{2,40})"
)
_SOURCE_TAIL = re.compile(r"(?:作者|发布时间|发布日期|时间|浏览次数|字体|责任编辑|编辑)$")
_EMBEDDED_TITLE = re.compile(
    r"公布(?:了)?(?:\d{4}年度?)?(?P<name>[\u4e00-\u9fff()0-9]{2,30}?)(?:\d{4}年度?)?"
    + _OGI + r"(?:工作)?(?:年度)?(?:工作)?(?:报告|年报|情况(?:报告)?)"
)
_COMPILER = re.compile(
    # 本报告由X编制; 本年度报告是根据《条例》要求,由X编制; 本年报…由X综合…编制而成;
    # …要求,X编制2020年政府信息公开年度报告
    r"本(?:年度)?(?:报告|年报)[^。]{0,120}?由(?P<name>[\u4e00-\u9fff()0-9]{2,30}?)"
    r"(?:根据|依据|按照|编制|负责|组织|汇总|综合)"
    r"|[,，、](?P<name2>[\u4e00-\u9fff()0-9]{2,30}?)编制(?:\d{4}年度?)?"
    + _OGI
    + r"(?:工作)?(?:年度)?报告"
)
# 如对本报告有任何疑问，请与X区人民政府办公室联系: the body whose office answers questions
# the subject of a sentence opening with the year: `2019年，(在…领导下，)某县民政局认真贯彻…`
_YEAR_SUBJECT = re.compile(
    r"(?:^|[。\n])\d{4}年度?[,，]?(?:在[^,，。\n]{2,30}下[,，])?(?![我本全各该此])"
    r"(?P<name>[\u4e00-\u9fff()]{2,30}?)"
    r"(?:认真|深入|坚持|严格|按照|围绕|进一步|全面|始终|高度|不断|继续|积极|扎实|持续|贯彻|紧扣"
    r"|紧紧|紧密|牢固|以习近平|在[\u4e00-\u9fff]{0,12}(?:领导|指导|下))"
)
_CONTACT = re.compile(r"请(?:与|联系)(?P<name>[\u4e00-\u9fff()0-9]{2,40}?)(?:联系|咨询)")
_OFFICE_OF = re.compile(r"(?:办公室|办公厅|党政办|综合办).*$")  # the office, and its 处/科
_SIGN_DATE = re.compile(rf"\d{{4}}年{_CN_DAY}月{_CN_DAY}日$")
_SIGN_STOP = re.compile(r"[。,，;；:：]")
# How a report names itself (我局, 本县): the unit, and the word after 我/本.
_SELF_REF: tuple[tuple[str, str], ...] = (
    ("局", "局"), ("县", "县"), ("市", "市"), ("区", "区"), ("镇", "镇"), ("乡", "乡"),
    ("街道", "街道"), ("旗", "旗"), ("州", "州"), ("省", "省"), ("委", "委(?!员)"),
    ("办", "办(?![理法公])"), ("厅", "厅"), ("院", "院"), ("中心", "中心"), ("署", "署"),
)
# One pattern for 我 and one for 本 (a literal first: a fast scan), each for all the words:
# group i is _SELF_REF[i - 1]. No word holds 我 or 本, so no two matches overlap and the
# passes find every match each word alone would.
_SELF_ANY = tuple(
    re.compile(lead + "(?:" + "|".join(f"({word})" for _, word in _SELF_REF) + ")")
    for lead in "我本"
)
_SELF_MATCH = {"委": r"(?:委|委员会)$", "办": r"(?:办|办公室)$"}


def normalize_agency(name: str, keep_office: bool = False) -> str:
    """`东坑镇人民政府办公室` -> `东坑镇`: drop 人民政府(办公室) after an administrative unit.

    keep_office keeps `人民政府办公室/办公厅` (a title naming the office reports on the office).
    """
    name = _SPACES.sub("", fold(name)).strip("-—_|:：,，.。【】")
    name = _LEAD_YEAR.sub("", name)
    name = _TRAILING_WORD.sub("", name)
    if name.endswith("人民"):
        name += "政府"
    m = _GOV_SUFFIX.search(name)
    office = m is not None and m.group().endswith(("办公室", "办公厅"))
    if m and _UNIT_END.search(name[: m.start()]) and not (keep_office and office):
        return name[: m.start()]
    return name


def _valid_org(name: str | None) -> bool:
    if not name or not 2 <= len(name) <= 40:
        return False
    names = [name]
    if name.endswith(")") and (m := _BRACKETED_TAIL.search(name)):
        names = [name[: m.start()], m["second"]]
    return all(_ORG_SUFFIX.search(n) and not _NOT_ORG.search(n) for n in names)


def _title_agency(title: str | None) -> str | None:
    if not title:
        return None
    t = compact(_SITE_PREFIX.sub("", _arabic_years(title)))
    m = _TITLE_NAME.match(t)
    if not m or not m["name"]:
        return None
    # `XX县人民政府办公室关于XX县…报告`: the report is about what follows 关于, and in
    # `关于印发XX县…报告的通知` what follows the verb; `XX局关于公布…`: XX局
    parts = [_TRANSMITTAL_VERB.sub("", p) for p in m["name"].split("关于")]
    name = next((p for p in reversed(parts) if p), m["name"])
    name = normalize_agency(name, keep_office=True)
    return name if _valid_org(name) else None


def _source_agency(folded: list[str]) -> str | None:
    for line in folded[:40]:
        m = _SOURCE_LINE.search(line)
        if m:
            name = normalize_agency(_SOURCE_TAIL.sub("", m["name"]))
            if _valid_org(name):
                return name
    return None


def _signature_agency(doc: _Doc) -> str | None:
    """The last `organisation / date` pair (the signature may stand before an 附表)."""
    text = doc.years
    # a line holds no newline: `$` is its end, so a line with a _SIGN_DATE ends with 日
    for start, end in _lines_ending_day(text):
        line = text[start:end]
        if not _SIGN_DATE.search(line):
            continue
        same = _SIGN_DATE.sub("", line)
        before = "" if same else text[:start].rstrip("\n")
        name = same if same else before[before.rfind("\n") + 1 :]  # the line before
        if len(name) <= 30 and not _SIGN_STOP.search(name):
            name = normalize_agency(name)
            if _valid_org(name):
                return name
    return None


def _lines_ending_day(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text` that ends with 日, the last first."""
    if text.endswith("日"):
        yield text.rfind("\n") + 1, len(text)
    at = len(text)
    while (at := text.rfind("日\n", 0, at)) >= 0:
        yield text.rfind("\n", 0, at) + 1, at + 1


def _body_agency(pattern: re.Pattern[str], doc: _Doc) -> str | None:
    m = pattern.search(doc.head_years)
    if m:
        name = normalize_agency(m["name"] or m.groupdict().get("name2") or "")
        if _valid_org(name):
            return name
    return None


def _contact_agency(doc: _Doc) -> str | None:
    """The body of the office named for questions (`请与X局办公室联系` -> `X局`)."""
    m = _CONTACT.search(doc.head_years)
    if not m:
        return None
    name = m["name"]
    office = _OFFICE_OF.search(name, 2)
    name = normalize_agency(name[: office.start()] if office else name)
    return name if _valid_org(name) else None


def _subject_agency(doc: _Doc) -> str | None:
    """The subject of the first sentence opening with a year in the top lines."""
    top = "\n".join(doc.years.split("\n", _HEAD_LINES)[:_HEAD_LINES])
    m = _YEAR_SUBJECT.search(top)
    name = normalize_agency(m["name"]) if m else None
    return name if _valid_org(name) else None


def _self_unit(text: str) -> str | None:
    """The unit the text calls itself (我局, 本县) at least twice, the most often."""
    found = Counter(m.lastindex for p in _SELF_ANY for m in p.finditer(text))
    counts = {unit: found[i] for i, (unit, _) in enumerate(_SELF_REF, 1)}
    unit, n = max(counts.items(), key=lambda kv: kv[1])
    return unit if n >= 2 else None


def _ends_with_unit(name: str, unit: str) -> bool:
    return bool(re.search(_SELF_MATCH.get(unit, re.escape(unit) + "$"), name))


def choose_agency(title: str | None, lines: list[str]) -> str | None:
    """The most specific body whose work the report covers."""
    return _choose_agency(title, _Doc.of(lines))


def _choose_agency(title: str | None, doc: _Doc) -> str | None:
    candidates = [
        c for c in (
            _title_agency(title),
            _signature_agency(doc),
            _source_agency(doc.folded),
            _body_agency(_EMBEDDED_TITLE, doc),
        ) if c
    ]
    if not candidates:
        # who compiled the report (本报告由…办公室编制), else whose office answers questions
        # about it, names the agency only when nothing else does: it is often the office,
        # not the body the report covers; last, the subject of a sentence opening with a year
        return _body_agency(_COMPILER, doc) or _contact_agency(doc) or _subject_agency(doc)
    # the unit the text calls itself picks among different names (one name stays anyway)
    unit = _self_unit(doc.flat) if len(set(candidates)) > 1 else None
    if unit:
        matching = [c for c in candidates if _ends_with_unit(c, unit)]
        candidates = matching or candidates
    best = candidates[0]
    for other in candidates[1:]:
        if other != best and other.startswith(best):
            best = other
    return best


# ---------------------------------------------------------------- detect


def detect(lines: list[str], folded: list[str] | None = None) -> Detection:
    """Classify a normalised text: report or not, and if so its format, year and agency.

    For a text that is not a report, format is None; title, year and agency are best effort.
    `folded`: fold_lines(lines) when the caller has it.
    """
    doc = _Doc.of(lines, folded)
    title = _find_title(doc.folded)
    text = doc.flat
    headings = _heading_lines(doc)
    year = _vote_year(title, doc)
    agency = _choose_agency(title, doc)
    reason = _not_report_reason(title, doc.folded, text, headings)
    if reason:
        return Detection(False, reason, None, year, agency, title)
    fmt = detect_format(text, headings, year)
    return Detection(True, None, fmt, year, agency, title)
