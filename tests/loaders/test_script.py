"""Traditional-script pages (a site's 繁體 mirror), in UTF-8 or Big5, read as the simplified
pages they were converted from: every fixture is converted with OpenCC and parsed again."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from loaders.parse import parse_bytes
from loaders.rows import ParseResult
from loaders.script import is_traditional, to_simplified

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = sorted((FIXTURES / "reports").glob("*.txt")) + sorted(
    p for p in (FIXTURES / "realworld").iterdir() if p.suffix in (".txt", ".html")
)
# OpenCC's Taiwan standard: the forms Big5 has (為, not the variant 爲)
TO_TRADITIONAL = opencc.OpenCC("s2tw")


def _text(path: Path) -> str:
    """A fixture's text (UTF-8, or GBK for a few)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _traditional(path: Path) -> str:
    """The page in traditional characters, spaces Big5 lacks as plain spaces."""
    return TO_TRADITIONAL.convert(_text(path).replace("\u2002", " ").replace("\xa0", " "))


def _reading(result: ParseResult) -> tuple:
    """What a parse says of a page, its source name aside."""
    report = result.report and (result.report.agency, result.report.year, result.report.format)
    rows = [(r.metric, r.applicant_type, r.value, r.unit, r.qualifier, r.raw, r.line)
            for r in result.rows]
    discrepancies = [(d.identity, d.metric, d.line) for d in result.discrepancies]
    return report, rows, discrepancies, result.reject and result.reject.reason


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_converted_to_traditional_reads_as_the_original(path: Path) -> None:
    original = parse_bytes(path.read_bytes(), path.name)
    text = _traditional(path)
    assert is_traditional(text) or original.reject is not None
    # a character Big5 lacks is written as a character reference, as sites do
    for data in (text.encode("utf-8"), text.encode("big5hkscs", "xmlcharrefreplace")):
        assert _reading(parse_bytes(data, path.name)) == _reading(original)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_traditional_page_with_pinyin_after_its_characters_reads_as_the_original(
    path: Path,
) -> None:
    """Mirrors that print the pinyin of characters after them: `報(bào)告`, `統（tǒng）計`."""
    original = parse_bytes(path.read_bytes(), path.name)
    text = _traditional(path)
    for char, pinyin in (("報", "(bào)"), ("國", "(guó)"), ("統", "（tǒng）"), ("請", "(qǐng)")):
        text = text.replace(char, char + pinyin)
    assert _reading(parse_bytes(text.encode("utf-8"), path.name)) == _reading(original)


def test_simplified_pages_are_left_as_they_are() -> None:
    for path in PAGES:
        if "traditional" in path.name:
            continue
        text = _text(path)
        assert not is_traditional(text), path.name
        assert to_simplified(text) is text


def test_a_simplified_page_quoting_a_traditional_name_stays_simplified() -> None:
    text = (FIXTURES / "reports" / "004_a26e816a49efbc48.txt").read_text(encoding="utf-8")
    quoted = text.replace("桂东县", "桂東縣(繁體:開報資與關於機數條務辦請應處級經規據)", 1)
    assert not is_traditional(quoted)
    assert to_simplified(quoted) is quoted
