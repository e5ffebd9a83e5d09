"""The report as a sequence of layout-free parts: title, chrome, headings, paragraphs,
tables, signature. Prose carries distractor numbers (dates, phone numbers, percentages,
document numbers) that are no metric; prose-only pre2019 reports carry stated figures."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .names import Agency
from .numbers import Key, Num
from .tables import FULLWIDTH, Table

# A part: (kind, payload). kinds: title, chrome, heading, para, note, table, sign
Part = tuple[str, object]


@dataclass(slots=True)
class Figure:
    """A figure stated in prose: its metric key, value and qualifier."""

    key: Key
    value: Num
    qualifier: str | None


@dataclass(slots=True)
class Document:
    parts: list[Part]
    figures: list[Figure] = field(default_factory=list)


def title(agency: Agency, year: int, rng: random.Random, bare: bool = False) -> str:
    """The report title: the agency (unless bare: then only 来源 and signature name it),
    then the year (in Chinese numerals in some old reports: 二〇一七年)."""
    tail = "年度政府信息公开工作年度报告" if rng.random() < 0.2 else "年政府信息公开工作年度报告"
    when = str(year)
    if year < 2019 and rng.random() < 0.15:
        when = when.translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
    return f"{'' if bare else agency.title_name}{when}{tail}"


def pub_date(year: int, rng: random.Random) -> tuple[int, int, int]:
    return year + 1, rng.randint(1, 3), rng.randint(1, 28)


def chrome_top(agency: Agency, year: int, rng: random.Random, source: bool = False) -> list[str]:
    """Web page chrome: publication time (the next year), source, font size."""
    y, m, d = pub_date(year, rng)
    when = f"{y}-{m:02d}-{d:02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    src = f"来源：{agency.official}" if source or rng.random() < 0.7 else ""
    return [f"发布时间：{when}  {src}  浏览次数：{rng.randint(10, 3000)}",
            "字体大小：【大 中 小】"]


CHROME_BOTTOM = ("扫一扫在手机打开当前页", "【打印本页】 【关闭窗口】")


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(100, 999)}-{rng.randint(10000000, 89999999)}"


def preamble(agency: Agency, year: int, fmt: str, rng: random.Random) -> str:
    doc = {"v2019": "（国办公开办函〔2019〕60号）",
           "v2021": "（国办公开办函〔2021〕30号）"}.get(fmt, "")
    site = f"http://www.{rng.choice(['ly', 'ha', 'gd', 'cz', 'hz'])}{rng.randint(1, 99)}.gov.cn"
    return (
        f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务"
        f"公开办公室关于政府信息公开工作年度报告有关事项的通知》{doc}要求，{agency.official}编制本报告。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在"
        f"{site}下载。如对本报告有疑问，请与{agency.official}办公室联系（电话：{_phone(rng)}，"
        f"邮编：{rng.randint(100000, 850000)}）。"
    )


def filler(year: int, rng: random.Random) -> str:
    """A paragraph with numbers that are no metric."""
    pool = [
        f"坚持以人民为中心的发展思想，围绕{year}年经济社会发展主要预期目标、重点任务、重大举措，"
        f"及时公开、精准解读相关政策措施，全文电子化率达到100%。",
        f"第一时间在政府网站公开政府常务会议信息{rng.randint(2, 30)}期，正确释放政策信号。",
        f"畅通12345政务服务便民热线，按时办结率{rng.randint(90, 100)}%，"
        f"满意度{rng.randint(90, 99)}.{rng.randint(0, 9)}%。",
        f"于{rng.randint(1, 12)}月{rng.randint(1, 28)}日组织开展政务公开业务培训，"
        "进一步提升工作人员业务能力。",
        "严格落实“谁起草谁解读”原则，做到政策性文件与解读方案、解读材料同步组织、同步审签、同步部署。",
        f"按照《政府信息公开条例》第二十条要求，持续做好重点领域信息公开，联系电话{_phone(rng)}。",
        "加强政府网站和政务新媒体管理，健全信息发布审核机制，确保发布内容准确、规范。",
    ]
    rng.shuffle(pool)
    return "".join(pool[: rng.randint(2, 4)])


def fw(text: str, fullwidth: bool) -> str:
    return text.translate(FULLWIDTH) if fullwidth else text


def table_report(fmt: str, agency: Agency, year: int, tables: list[Table], rng: random.Random,
                 echo: dict[str, str]) -> Document:
    """A report with tables (v2019, v2021, pre2019 统计表); `echo`: prose restating table values."""
    bare = rng.random() < 0.1
    parts: list[Part] = [("title", title(agency, year, rng, bare)),
                         ("chrome", chrome_top(agency, year, rng, source=bare)),
                         ("para", preamble(agency, year, fmt, rng))]
    if fmt == "pre2019":
        return _legacy_with_table(parts, agency, year, tables[0], rng, echo)
    parts += [("heading", "一、总体情况"), ("heading", "（一）主动公开")]
    parts.append(("para", filler(year, rng) + echo.get("items", "")))
    parts += [("heading", "（二）依申请公开"),
              ("para", filler(year, rng) + echo.get("received", ""))]
    parts += [("heading", "（三）政府信息管理"), ("para", filler(year, rng))]
    parts += [("heading", "（四）平台建设"), ("para", filler(year, rng))]
    for t in tables:
        parts.append(("heading", t.heading))
        if t.note:
            parts.append(("note", t.note))
        parts.append(("table", t))
    parts += [("heading", "五、存在的主要问题及改进情况"), ("para", filler(year, rng)),
              ("heading", "六、其他需要报告的事项"), ("para", "无。")]
    return Document(parts + _signature(agency, year, rng))


def _legacy_with_table(parts: list[Part], agency: Agency, year: int, table: Table,
                       rng: random.Random, echo: dict[str, str]) -> Document:
    parts += [("heading", "一、概述"), ("para", filler(year, rng)),
              ("heading", "二、主动公开政府信息情况"),
              ("para", filler(year, rng) + echo.get("items", "")),
              ("heading", "三、依申请公开政府信息情况"),
              ("para", filler(year, rng) + echo.get("received", "")),
              ("heading", "四、存在的主要问题及改进措施"), ("para", filler(year, rng)),
              ("heading", "五、其他需要报告的事项"), ("para", "无。")]
    parts += _signature(agency, year, rng)
    parts += [("heading", "附表："), ("heading", table.heading), ("heading", f"（{year}年度）"),
              ("heading", "填报单位（盖章）："), ("table", table)]
    return Document(parts)


def _signature(agency: Agency, year: int, rng: random.Random) -> list[Part]:
    y, m, d = pub_date(year, rng)
    return [("sign", agency.sign_name), ("sign", f"{y}年{m}月{d}日")]


# ---------------------------------------------------------------- prose-only pre2019

def _round_figure(rng: random.Random, lo: int, hi: int) -> int:
    n = rng.randint(lo, hi)
    return n if n < 20 else int(round(n, -len(str(n)) + 1))


def _items_sentence(rng: random.Random, fullwidth: bool) -> tuple[str, Figure]:
    key = ("legacy.proactive.items", None)
    kind = rng.random()
    if kind < 0.4:
        n = rng.randint(12, 9000)
        return fw(f"全年共主动公开政府信息{n}条", fullwidth), Figure(key, n, None)
    n = _round_figure(rng, 50, 9000)
    if kind < 0.7:
        return fw(f"全年主动公开各类政府信息{n}余条", fullwidth), Figure(key, n, "more_than")
    if kind < 0.85:
        return fw(f"共主动公开政府信息约{n}条", fullwidth), Figure(key, n, "about")
    return fw(f"全年主动公开政府信息{n}多条", fullwidth), Figure(key, n, "more_than")


def prose_only_report(agency: Agency, year: int, rng: random.Random, fullwidth: bool) -> Document:
    """A pre2019 report without a table: figures only in sentences."""
    figures: list[Figure] = []
    has_title = rng.random() < 0.85
    parts: list[Part] = []
    if has_title:
        parts += [("title", title(agency, year, rng)), ("chrome", chrome_top(agency, year, rng))]
    intro = preamble(agency, year, "pre2019", rng)
    if not has_title:
        intro += f"现公布{agency.title_name}{year}年政府信息公开工作年度报告。"
    parts += [("para", intro), ("heading", "一、概述"), ("para", filler(year, rng))]
    sentence, fig = _items_sentence(rng, fullwidth)
    figures.append(fig)
    parts += [("heading", "二、主动公开政府信息情况"),
              ("para", f"{year}年，{sentence}。" + filler(year, rng))]
    received = rng.randint(1, 300)
    figures.append(Figure(("legacy.requests.received", "total"), received, None))
    recv = rng.choice(["全年共收到政府信息公开申请{}件", "收到依申请公开政府信息{}件"])
    parts += [("heading", "三、依申请公开政府信息情况"),
              ("para", fw(f"{year}年，{recv.format(received)}，均已按时答复。", fullwidth))]
    review, suits = rng.randint(1, 9), rng.randint(1, 9)
    figures += [Figure(("legacy.review.total", None), review, None),
                Figure(("legacy.litigation.total", None), suits, None)]
    parts += [("heading", "四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
              ("para", fw(f"全年共发生政府信息公开行政复议{review}起，行政诉讼{suits}起。",
                          fullwidth))]
    parts += [("heading", "五、存在的主要问题及改进措施"), ("para", filler(year, rng)),
              ("heading", "六、其他需要报告的事项"), ("para", "无。")]
    return Document(parts + _signature(agency, year, rng), figures)
