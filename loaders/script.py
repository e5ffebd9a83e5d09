"""Pages in traditional characters -> simplified, line for line.

Many government sites serve every page in both scripts, and a scraper that follows the
繁體 link stores 政府信息公開工作年度報告. The parser reads simplified words, so such a
page is converted with OpenCC (its t2s configuration: phrases, then characters) before
normalisation. Each line is converted on its own: line numbers stay the source's.
Some mirrors of such pages also print the pinyin of characters after them (`報(bào)告`);
on a traditional page those annotations are dropped first.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Traditional forms frequent in every report, and their simplified forms. A page is in
# traditional script when the first clearly outnumber the second (a simplified page may
# quote a traditional name; a traditional one has no simplified forms at all).
_TRADITIONAL = "開報資與關於機數條務辦請應處級經規據覆議訟發區縣鎮"
_SIMPLIFIED = "开报资与关于机数条务办请应处级经规据复议讼发区县镇"
_HINTS = ("開", "報")  # a quick look before counting: in the title of every such page
_SAMPLE = 20_000  # characters counted
_MIN_TRADITIONAL = 8
# `(bào)` after a character: a pinyin syllable with a tone mark, in brackets
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional characters."""
    if not any(hint in text for hint in _HINTS):
        return False
    sample = text[:_SAMPLE]
    traditional = sum(map(sample.count, _TRADITIONAL))
    return traditional >= _MIN_TRADITIONAL and traditional > 4 * sum(
        map(sample.count, _SIMPLIFIED))


def to_simplified(text: str) -> str:
    """`text` in simplified characters when it is in traditional ones, else unchanged."""
    if not is_traditional(text):
        return text
    convert = _converter().convert
    text = _PINYIN.sub("", text)
    return "\n".join(convert(line) if line else line for line in text.split("\n"))


@cache
def _converter() -> Any:
    import opencc  # loaded on the first traditional page only

    return opencc.OpenCC("t2s")
