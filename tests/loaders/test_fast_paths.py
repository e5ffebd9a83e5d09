"""Fast paths of read and detect give what the plain definitions they replace give."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable

import pytest

from loaders import detect, read
from loaders.read import ReadError


def _chars(start: int, stop: int) -> str:
    return "".join(map(chr, range(start, stop)))


def test_squeeze_is_the_regex_definition() -> None:
    every = _chars(0, sys.maxunicode + 1)
    spaces = set(every) - set(read._SPACES.sub("", every))
    assert spaces == set(filter(str.isspace, every)) | {"\u200b"}
    alphabet = [*sorted(spaces), "a", "年", "|", "｜", "\ufffd"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert read._squeeze(text) == read._SPACES.sub(" ", text).strip(), repr(text)
        bars = text.replace("|", " ").replace("｜", " ")
        assert read._cell_squeeze(text) == read._SPACES.sub(" ", bars).strip(), repr(text)


def test_fold_fast_path_is_the_complement_of_may_fold() -> None:
    every = _chars(0, sys.maxunicode + 1)
    kept = detect._ALL_KEPT.pattern.removesuffix("*")  # the class, once
    assert re.sub(kept, "", every) == "".join(detect._MAY_FOLD.findall(every))
    assert detect.fold("ＡＢ（1）：，年") == "AB(1):,年"
    assert detect.fold("") == ""


def _nonsense_reference(text: str, encoding: str) -> None:
    """read._refuse_nonsense as first written: every count made, in order."""
    sample = text[: read._SAMPLE]
    visible = len(sample) - sample.count(" ") - sample.count("\n")
    if visible <= 0:
        raise ReadError("empty file: only whitespace; re-download the page")
    ascii_bytes = sample.encode("ascii", "ignore")
    controls = len(ascii_bytes) - len(ascii_bytes.translate(None, read._BAD_CONTROLS))
    lost = len(re.findall("[\u4e00-\u9fff][?]|[?][\u4e00-\u9fff]", sample))
    bad = controls + sample.count("\ufffd") + lost
    if bad > max(3, visible // 200):
        raise ReadError(
            f"garbled text: {bad} control, undecodable or lost (`?`) characters after decoding as "
            f"{encoding}; the file is mis-encoded or binary"
        )
    cjk = len(re.findall("[\u4e00-\u9fff]", sample))
    if cjk < 4:
        why = read._no_chinese(sample, encoding)
        raise ReadError(f"no Chinese text after decoding as {encoding}: {why}")
    common = sum(sample.count(c) for c in set(read._COMMON))
    if cjk >= 40 and common < cjk // 50:
        raise ReadError(
            f"garbled text: decoding as {encoding} gives rare characters only "
            "(mojibake); the file is mis-encoded"
        )


def _outcome(check: Callable[[str, str], None], text: str) -> str:
    try:
        check(text, "utf-8")
    except ReadError as exc:
        return str(exc)
    return "ok"


@pytest.mark.parametrize("seed", range(4))
def test_refuse_nonsense_shortcut_agrees(seed: int) -> None:
    rng = random.Random(seed)
    pools = [
        " \n", " \n\t<>abc123", "的年公开政府", "龘齉鑫淼犇骉", "，。、（）“”", "\x01\x7f\ufffd",
        "\U00020000\u3400ａ", "\ud800",
    ]
    texts = [" \n" * 9]  # only whitespace
    for _ in range(400):
        size = rng.choice((3, 30, 200, 2000, 12000))
        weights = [rng.random() ** 3 for _ in pools]
        chars = [c for pool, w in zip(pools, weights, strict=True) for c in pool if w > 0.01]
        texts.append("".join(rng.choices(chars or pools[0], k=size)))
    seen = set()
    for text in texts:
        want = _outcome(_nonsense_reference, text)
        assert _outcome(read._refuse_nonsense, text) == want, text[:80]
        seen.add(want.split()[0] + ("mojibake" in want) * " mojibake")
    assert seen == {"empty", "garbled", "garbled mojibake", "no", "ok"}  # all reached


def test_has_common_ignores_order() -> None:
    text = "的" * 3 + "局" * 5 + "年"
    for need in range(12):
        assert read._has_common(text, need) == (need <= 9)
    assert re.fullmatch(r"[\u4e00-\u9fff]+", "".join(read._COMMON))
