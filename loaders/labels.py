"""Label text as tables print it -> comparable forms (spaces and line breaks ignored)."""

from __future__ import annotations

import re
from functools import lru_cache

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、]|[①-⑳])"
)
_SUBSET = re.compile(r"^其中[:,，]?")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_PUNCT = re.compile(r"[\s:：,，.。、;；\"“”'‘’()《》〈〉<>\-—_/]")


def squash(text: str) -> str:
    """`text` without whitespace: labels broken by spaces or lines (`结 果 维持`) compare equal."""
    return "".join(text.split())


@lru_cache(maxsize=8192)  # labels repeat across the rows and reports of one template
def label_core(text: str) -> str:
    """The words of a (normalised) row label: no numbering `(一)`/`1.`, no `其中:`, no
    trailing note `(不同渠道和方式公开相同信息计1条)`, no punctuation."""
    core = squash(text)
    core = _NUMBERING.sub("", core, count=1)
    core = _SUBSET.sub("", core, count=1)
    core = _NUMBERING.sub("", core, count=1)
    core = _drop_open_note(core)
    while True:
        stripped = _TRAILING_NOTE.sub("", core)
        if stripped == core or not stripped:
            break
        core = stripped
    return _PUNCT.sub("", core)


def balanced(text: str) -> bool:
    """Every bracket opened in `text` is closed (a label not cut inside its note)."""
    return text.count("(") == text.count(")")


def _drop_open_note(text: str) -> str:
    """Cut a note that a line break left open: `经费(不包括用于` -> `经费`."""
    depth = 0
    open_at = -1
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return text[:open_at] if depth and open_at > 0 else text
