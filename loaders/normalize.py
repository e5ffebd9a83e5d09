"""Normalise report text, one output line per input line (so `line` numbers are source lines).

- a page in traditional characters converted to simplified (loaders.script);
- full-width digits, letters, brackets, colon, slash, plus/minus, percent, bar -> half-width
  (Chinese punctuation such as `，、。；` is kept);
- HTML character references left in scraped text (`&nbsp;`, `&amp;`, `&#12288;`) decoded;
- non-breaking and other odd spaces -> space, zero-width characters dropped;
- list numbers `1、` -> `1.`;
- letter-spaced words (`年 度 报 告`, three or more characters) closed up;
- page chrome (发布时间, 字体大小, 浏览次数, 扫一扫在手机打开, 打印/关闭, `- 5 -`, 相关文档 and
  what follows it at the end of a page) and the rule under a markdown table's header
  (`|---|---|`) are blanked, not deleted;
- a line of only whitespace (a blank table cell in some layouts) becomes a single space,
  an empty line stays empty, trailing spaces are dropped (trailing tabs are kept: they
  end blank cells of tab-separated tables).
"""

from __future__ import annotations

import html
import re

from loaders.script import to_simplified

_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULL, _HALF = "（）［］｛｝：．／％＋－｜＝＜＞＃＆＊＠−", "()[]{}:./%+-|=<>#&*@-"
_TABLE.update({ord(a): b for a, b in zip(_FULL, _HALF, strict=True)})
_TABLE.update({cp: " " for cp in (0x00A0, 0x3000, 0x202F, 0x205F, *range(0x2000, 0x200B))})
# dropped: form feed (pdftotext's page break) and zero-width characters
_TABLE.update({cp: None for cp in (0x0C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})

_FOLD_CHAR = {chr(cp): "" if to is None else chr(to) if isinstance(to, int) else to
              for cp, to in _TABLE.items()}
# split() with a group keeps each character to fold at the odd indexes
_TO_FOLD = re.compile("([" + re.escape("".join(_FOLD_CHAR)) + "])")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?$")
_NEWLINE = re.compile(r"\r\n|\r|\n")

_DATE = r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_CHROME_FRAGMENT = re.compile(
    "|".join(
        (
            rf"(?:发布|更新|成文|发文)(?:时间|日期)\s*:?\s*(?:{_DATE})?",
            r"[【\[]?\s*字[体号](?:大小)?\s*:?\s*[【\[]?\s*(?:[大中小默认]\s*)*[】\]]?\s*[】\]]?",
            r"(?:浏览|访问|点击|阅读)(?:次数|量|数|率)\s*:?\s*\d*\s*次?",
            r"作者\s*:",
            r"扫一扫在手机(?:上)?打开(?:当前页)?",
            r"[【\[]\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|保存)\s*[】\]]",
            r"(?:打印本页|关闭窗口|关闭本页|返回顶部|分享到\s*:?)",
        )
    )
)
_CHROME_LINE = re.compile(
    r"^[\s|\-·•]*(?:(?:打印|关闭|收藏|分享|上一篇|下一篇|返回|附件下载|附件)\s*:?\s*)+$"
    r"|^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$"
    r"|^\s*第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?\s*$"
)
_CHROME_WORDS = (
    "发布", "更新", "成文", "发文", "字体", "字号", "浏览", "访问", "点击", "阅读", "作者",
    "扫一扫", "打印", "关闭", "收藏", "返回", "分享", "上一篇", "下一篇", "附件",
)
_CHROME_WORD = re.compile("|".join(_CHROME_WORDS))
# searched in "\n" + text: every line start is after a newline (a literal: a fast scan)
_PAGE_NUMBER = re.compile(r"\n[ \t]*(?:[-—–][ \t]*\d|第[ \t]*\d)")
_LIST_NUMBER_AFTER = frozenset(" \t\n([")
_LONE_LETTER = re.compile(r" [\u4e00-\u9fff] ")
_LETTER_SPACED = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff]){2,}(?![\u4e00-\u9fff])"
)
_RELATED = re.compile(r"^[\s\-·•]*相关(?:文档|新闻|链接|阅读|文章|信息|稿件)\s*:?\s*$")
_RELATED_TAIL = 30  # a 相关文档 block starts this close to the end of the page


def halfwidth(text: str) -> str:
    """Full-width digits, letters, brackets, colon ... of `text` as half-width."""
    parts = _TO_FOLD.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = [_FOLD_CHAR[ch] for ch in parts[1::2]]
    return "".join(parts)


def normalize_text(text: str) -> list[str]:
    """Normalised lines of `text`: as many as the input has."""
    text = to_simplified(text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    text = _unspace_letters(_list_numbers(halfwidth(text)))
    text = _NEWLINE.sub("\n", text) if "\r" in text else text
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    # a line of only whitespace (isspace(): strip() leaves nothing) is a space; "" stays
    out = [" " if line.isspace() else line.rstrip(" ") for line in lines]
    for i in _chrome_candidates(text):
        out[i] = _clean_line(out[i])
    if "---" in text:
        _blank_table_rules(out)
    _blank_related_block(out)
    return out


def _entity(m: re.Match[str]) -> str:
    """The character an HTML reference stands for (a line break as a space: lines stay)."""
    return html.unescape(m.group()).replace("\n", " ").replace("\r", " ")


def _blank_table_rules(lines: list[str]) -> None:
    """Blank the rule under a markdown table's header (`|---|---|`): no cells, no text."""
    for i, line in enumerate(lines):
        if "---" in line and "|" in line and _TABLE_RULE.match(line):
            lines[i] = ""


def _unspace_letters(text: str) -> str:
    """`政 府 信 息 公 开` -> `政府信息公开`: a run of three or more Chinese characters each
    standing alone between single spaces (a PDF's letter-spacing) is one word. A word before
    a lone unit (`申请数 件 23`) is no such run and keeps its space."""
    parts: list[str] = []
    done = 0
    for m in _LONE_LETTER.finditer(text):  # (a literal first: a fast scan; few lines hit)
        if m.start() < done:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end == -1 else end
        parts += (text[done:start], _LETTER_SPACED.sub(_joined_letters, text[start:end]))
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _joined_letters(m: re.Match[str]) -> str:
    run = m.group()
    if (run.count("无") + run.count("零")) * 4 > len(run):  # cells `无 无 无` (more than half)
        return run
    return run.replace(" ", "")


def _list_numbers(text: str) -> str:
    """`1、` -> `1.` where the number starts the line or follows a space or bracket.

    The same as substituting the matches of `\\d{1,2}、` (a match starts at the second
    digit before 、 when there are two), but it scans for the literal 、 and looks back:
    str.isdecimal() is what `\\d` matches.
    """
    parts: list[str] = []
    done = 0
    at = text.find("、")
    while at != -1:
        if at and text[at - 1].isdecimal():
            start = at - 2 if at >= 2 and text[at - 2].isdecimal() else at - 1
            if (text[start - 1] if start else "\n") in _LIST_NUMBER_AFTER:
                parts += (text[done:at], ".")
                done = at + 1
        at = text.find("、", at + 1)
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _chrome_candidates(text: str) -> list[int]:
    """Indexes of the lines that may hold page chrome (a few passes over the text)."""
    hits = [m.end() - 2 for m in _PAGE_NUMBER.finditer("\n" + text)]
    # one pass for all words: a word's every line still has a match (words hold no newline)
    hits += [m.start() for m in _CHROME_WORD.finditer(text)]
    lines: list[int] = []
    line = pos = 0
    for at in sorted(hits):
        line += text.count("\n", pos, at)
        pos = at
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _clean_line(line: str) -> str:
    if line == " " or "。" in line:  # blank, or a sentence: not page chrome
        return line
    if _CHROME_FRAGMENT.search(line):
        line = _CHROME_FRAGMENT.sub(" ", line).strip(" |")
    if _CHROME_LINE.match(line):
        return ""
    return line.rstrip(" ")


def _blank_related_block(lines: list[str]) -> None:
    """Blank a 相关文档/相关新闻 heading near the end of the page and the links after it."""
    for i in _last_content(lines, _RELATED_TAIL):
        if "相关" in lines[i] and _RELATED.match(lines[i]):  # a match holds 相关
            for j in range(i, len(lines)):
                lines[j] = "" if lines[j] != " " else " "
            return


def _last_content(lines: list[str], n: int) -> list[int]:
    """Indexes of the last `n` lines that are not blank, in order."""
    found: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            found.append(i)
            if len(found) == n:
                break
    found.reverse()
    return found
