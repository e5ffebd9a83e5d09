"""Label text as tables print it -> comparable forms (spaces and line breaks ignored)."""

from __future__ import annotations

import re

from loaders.normalize import halfwidth

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]|[①-⑳])"
)
_SUBSET = re.compile(r"^其中[:,，]?")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_PUNCT = re.compile(r"[\s:：,，.。、;；\"“”'‘’()《》〈〉<>\-—_/]")


def squash(text: str) -> str:
    """`text` without whitespace: labels broken by spaces or lines (`结 果 维持`) compare equal."""
    return _SPACE.sub("", text)


def label_core(text: str) -> str:
    """The words of a row label: no numbering `（一）`/`1.`, no `其中：`, no trailing note
    `（不同渠道和方式公开相同信息计1条）`, no punctuation."""
    core = squash(halfwidth(text))
    core = _NUMBERING.sub("", core, count=1)
    core = _SUBSET.sub("", core, count=1)
    core = _NUMBERING.sub("", core, count=1)
    while True:
        stripped = _TRAILING_NOTE.sub("", core)
        if stripped == core or not stripped:
            break
        core = stripped
    return _PUNCT.sub("", core)
