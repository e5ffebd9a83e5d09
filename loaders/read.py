"""Bytes of a scraped report -> text: encoding detection, binary refusal, HTML flattening.

Encodings are tried strictly in the order reports come in (UTF-8 with or without BOM,
then GB18030, which covers GBK and GB2312), then charset-normalizer guesses; Big5 when
GB18030 gives text that is not clearly Chinese (a traditional-script page, see
loaders.script). HTML becomes text with one line per block and one line per table row,
cells joined by ` | ` (a blank cell is empty between the bars), so cell boundaries
survive for loaders.cells; a short page that links to document files gets a line
`附件:file.pdf link text` for each (the report may be that file: loaders.detect says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

CELL_SEP = " | "

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file: extract its text layer first (e.g. pdfplumber) and parse the .txt"),
    (b"\x89PNG", "a PNG image, not a report text: OCR it or find the text version"),
    (b"\xff\xd8\xff", "a JPEG image, not a report text: OCR it or find the text version"),
    (b"GIF8", "a GIF image, not a report text"),
    (b"PK\x03\x04", "a ZIP/Office (docx/xlsx) file: convert it to text first"),
    (b"\xd0\xcf\x11\xe0", "an old Office (doc/xls) file: convert it to text first"),
    (b"\x1f\x8b", "a gzip archive: decompress it first"),
    (b"Rar!", "a RAR archive: extract it first"),
)
_BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main",
        "nav", "ol", "p", "section", "summary", "ul", "tr",
    )
)
_DROP_TAGS = frozenset(
    ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select")
)
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b]+")
# common in reports, all in U+4E00..U+9FFF; the most frequent first (fewer counts)
_COMMON = tuple("的年公开政府信息和工作情况申请报告中人不是了在有为一本我区县市局")
_CJK_HIGH_BYTES = bytes(range(0x4E, 0xA0))  # high bytes of U+4E00..U+9FFF in UTF-16
_SAMPLE = 50_000  # characters checked for garbage
# `?` beside a Chinese character: one an encoder could not write (saved in the wrong
# encoding with replacement, e.g. simplified text as Big5)
_LOST = re.compile(r"[\u4e00-\u9fff]\?|\?[\u4e00-\u9fff]")
# control characters that do not occur in text (tab, newline, form feed, CR do)
_BAD_CONTROLS = bytes((*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))


class ReadError(Exception):
    """The bytes cannot be read as report text; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text of a file and how it was obtained."""

    text: str
    encoding: str
    is_html: bool


def read_bytes(data: bytes, source: str = "") -> Decoded:
    """Decode `data` and flatten HTML; raise ReadError for what is not report text."""
    _refuse_binary(data)
    text, encoding = _decode(data)
    if encoding == "gb18030" and not _clearly_chinese(text):
        text, encoding = _big5_if_better(data, text)
    _refuse_nonsense(text, encoding)
    if looks_like_html(text, source):
        return Decoded(html_to_text(text), encoding, True)
    return Decoded(text, encoding, False)


# ---------------------------------------------------------------- bytes -> str


def _refuse_binary(data: bytes) -> None:
    if not data or data.isspace():  # what strip() removes: nothing else is left
        raise ReadError("empty file: nothing to parse; re-download the page")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(f"binary file ({what})")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_without_bom(data):
        return  # UTF-16: NULs are expected
    nuls = data.count(b"\x00")
    if nuls:
        raise ReadError(
            f"binary content ({nuls} NUL bytes): not a text or HTML report; "
            "check that the download is the page itself, not an image or attachment"
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs (high bytes of ASCII) mostly on one side of the pairs."""
    if data.count(0, 0, 8000) < 16:
        return None  # both tests below need 16 NULs
    head = data[:8000]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 16 and even * 3 <= odd:
        return "utf-16-le"
    if even >= 16 and odd * 3 <= even:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _lenient(data, "utf-16") or _fail()
    if (utf16 := _utf16_without_bom(data)) is not None:
        return _lenient(data, utf16) or _fail()
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient(data[3:], "utf-8") or _fail("UTF-8 BOM but the bytes are not UTF-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        decoded = _lenient(data, encoding)
        if decoded:
            return decoded
    return _guess(data)


def _lenient(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Decode with replacement when only a few bytes are bad (e.g. cut mid-character)."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    return (text, encoding) if bad <= max(2, len(text) // 5000) else None


def _clearly_chinese(text: str) -> bool:
    """Common characters make a fiftieth of the non-ASCII ones, 4 at least (_common_enough)."""
    sample = text[:_SAMPLE]
    return _common_enough(sample, (len(sample) - len(sample.encode("ascii", "ignore"))) // 50)


def _big5_if_better(data: bytes, text: str) -> tuple[str, str]:
    """The bytes as Big5 (HKSCS, a superset) if that gives more common characters than
    GB18030 did: Big5 bytes are valid GB18030 too, decoded into rare characters."""
    big5 = _lenient(data, "big5hkscs")
    if big5 is not None and _common_count(big5[0]) > _common_count(text):
        return big5
    return text, "gb18030"


def _common_count(text: str) -> int:
    sample = text[:_SAMPLE]
    return sum(map(sample.count, _COMMON))


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        _fail()
    return str(best), str(best.encoding)


def _fail(detail: str = "") -> tuple[str, str]:
    what = detail or "the bytes are neither UTF-8 nor GB18030/GBK and no encoding fits"
    raise ReadError(f"undecodable: {what}; re-download the page or convert it to UTF-8")


def _refuse_nonsense(text: str, encoding: str) -> None:
    """Mis-decoded or garbage text: control characters, no Chinese, rare characters only."""
    sample = text[:_SAMPLE]
    ascii_bytes = sample.encode("ascii", "ignore")  # its ASCII characters: " ", "\n" too
    visible = len(sample) - ascii_bytes.count(b" ") - ascii_bytes.count(b"\n")
    if visible <= 0:
        raise ReadError("empty file: only whitespace; re-download the page")
    bad = _count_bad(sample, ascii_bytes)
    if bad > max(3, visible // 200):
        raise ReadError(
            f"garbled text: {bad} control, undecodable or lost (`?`) characters after decoding as "
            f"{encoding}; the file is mis-encoded or binary"
        )
    if _common_enough(sample, (len(sample) - len(ascii_bytes)) // 50):
        return
    cjk = _count_cjk(sample)
    if cjk < 4:
        why = _no_chinese(sample, encoding)
        raise ReadError(f"no Chinese text after decoding as {encoding}: {why}")
    if cjk >= 40 and not _has_common(sample, cjk // 50):
        raise ReadError(
            f"garbled text: decoding as {encoding} gives rare characters only "
            "(mojibake); the file is mis-encoded"
        )


def _no_chinese(sample: str, encoding: str) -> str:
    """Why a text (decoded as `encoding`) holds no Chinese: Chinese text once read in a
    Western code page and saved again (mojibake, undone by encoding it back), or no report."""
    for western in ("latin-1", "cp1252"):
        try:
            raw = sample.encode(western)
        except UnicodeEncodeError:
            continue
        for original in ("utf-8", "gb18030"):
            if _clearly_chinese(raw.decode(original, errors="replace")):
                return (
                    f"it is {original} text read as {western} and saved again (mojibake); "
                    f"convert it back (iconv -f {encoding} -t {western.replace('-', '')} | "
                    f"iconv -f {original} -t utf-8) or re-download the page"
                )
    return "wrong encoding or not a report"


def _common_enough(sample: str, need: int) -> bool:
    """Whether the Chinese checks pass without counting the characters in U+4E00..U+9FFF
    (cjk): `need` (4 or more) common characters, which are such characters, make cjk >= 4;
    `need` is a fiftieth of the non-ASCII characters, which cjk is at most, so
    _has_common(sample, cjk // 50) holds too."""
    return need >= 4 and _has_common(sample, need)


def _count_bad(text: str, ascii_bytes: bytes) -> int:
    """Control characters (_BAD_CONTROLS), U+FFFD and lost characters (_LOST) in `text`.
    The controls are ASCII: they are bytes of the text's ASCII characters (`ascii_bytes`,
    a quick encode)."""
    controls = len(ascii_bytes) - len(ascii_bytes.translate(None, _BAD_CONTROLS))
    lost = len(_LOST.findall(text)) if b"?" in ascii_bytes else 0
    return controls + text.count("\ufffd") + lost


def _count_cjk(text: str) -> int:
    """Characters of `text` in U+4E00..U+9FFF: the UTF-16 units with such a high byte
    (surrogates have high bytes D8..DF, so characters beyond the BMP never count)."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    return len(high) - len(high.translate(None, _CJK_HIGH_BYTES))


def _has_common(text: str, need: int) -> bool:
    """At least `need` occurrences of the common characters in `text`."""
    found = 0
    for ch in _COMMON:
        found += text.count(ch)
        if found >= need:
            return True
    return False


# ---------------------------------------------------------------- HTML -> lines


def looks_like_html(text: str, source: str = "") -> bool:
    """HTML by file name, or by markup in the first few kilobytes."""
    if source.lower().endswith((".html", ".htm", ".shtml", ".xhtml")):
        return True
    head = text[:4096]
    if "<" not in head:
        return False  # no character but "<" has a "<" in its lower case
    head = head.lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or (
        "<table" in head and "</td>" in text[:200_000].lower()
    )


def html_to_text(html: str) -> str:
    """One line per block element, one line per table row with cells joined by ` | `."""
    tree = LexborHTMLParser(html)
    lines = _Lines()
    title = tree.css_first("title")
    if title is not None:
        lines.add(title.text())
        lines.newline()
    source = _content_source(tree)
    if source is not None and source.attributes.get("content"):
        lines.add(f"来源:{source.attributes['content']}")
        lines.newline()
    root = tree.body or tree.root
    if root is not None:
        _walk(root, lines)
    done = lines.done()
    if sum(map(len, done)) < _SHORT_PAGE and _DOC_LINK.search(tree.raw_html):
        done += _attachments(tree)
    return "\n".join(done)


_SHORT_PAGE = 600  # characters: a page this short may hold only a report's title and its file
_DOC_LINK = re.compile(rb"\.(?:pdf|docx?|wps|ofd)\b", re.IGNORECASE)
_DOC_FILE = re.compile(r"[^/\\?#]+\.(?:pdf|docx?|wps|ofd)$", re.IGNORECASE)


def _attachments(tree: LexborHTMLParser) -> list[str]:
    """`附件:file.pdf link text` for each document file the page links to (the report, when
    the page holds only its title: loaders.detect rejects it, naming the file)."""
    out = []
    for link in tree.css("a[href]"):
        m = _DOC_FILE.search((link.attributes.get("href") or "").strip())
        if m:
            out.append(f"附件:{m[0]} {_squeeze(link.text() or '')}".rstrip())
    return out


def _content_source(tree: LexborHTMLParser) -> LexborNode | None:
    """<meta name="ContentSource">: the parsed bytes hold the value's letters, or numeric
    character references (the only named one that gives ASCII letters is "fj")."""
    raw = tree.raw_html
    if b"ContentSource" not in raw and b"&#" not in raw:
        return None
    return tree.css_first('meta[name="ContentSource"]')


class _Lines:
    """Accumulates inline text into lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def newline(self) -> None:
        if not self.parts:
            return
        line = _squeeze("".join(self.parts))
        if line:
            self.lines.append(line)
        self.parts.clear()

    def row(self, cells: list[str]) -> None:
        """A table row: its cells joined by ` | `; a row of blank cells stays (` |  | `)."""
        self.newline()
        if any(cells) or len(cells) > 1:
            self.lines.append(CELL_SEP.join(cells))

    def done(self) -> list[str]:
        self.newline()
        return self.lines


# The walks step through children with first_child/next: the same nodes in the same
# order as node.iter(include_text=True), without a generator per node.


def _walk(node: LexborNode, out: _Lines) -> None:
    child = node.first_child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            out.add(child.text_content or "")
        elif tag in _DROP_TAGS or tag == "-comment":
            pass
        elif tag == "br":
            out.newline()
        elif tag == "table":
            out.newline()
            _table(child, out)
        elif tag == "pre":
            out.newline()
            for line in (child.text(deep=True) or "").splitlines():
                out.add(line)
                out.newline()
        elif tag in _BLOCK_TAGS:
            out.newline()
            _walk(child, out)
            out.newline()
        else:
            _walk(child, out)
        child = child.next


def _table(table: LexborNode, out: _Lines) -> None:
    nested = len(table.css("table")) > 1  # css() counts the table itself
    for row in _rows(table):
        cells = _children(row, ("td", "th"))
        if nested and any(c.css_first("table") is not None for c in cells):
            for cell in cells:  # a layout table: its cells hold blocks, not figures
                out.newline()
                _walk(cell, out)
                out.newline()
            continue
        out.row([_cell_text(c) for c in cells])


def _rows(table: LexborNode) -> list[LexborNode]:
    rows: list[LexborNode] = []
    child = table.first_child
    while child is not None:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows += _children(child, ("tr",))
        child = child.next
    return rows


def _children(node: LexborNode, tags: tuple[str, ...]) -> list[LexborNode]:
    """The children of `node` with one of `tags`."""
    found: list[LexborNode] = []
    child = node.first_child
    while child is not None:
        if child.tag in tags:
            found.append(child)
        child = child.next
    return found


def _cell_text(cell: LexborNode) -> str:
    """The squeezed inline text of `cell`, bars as spaces.

    Most cells are a chain of only children (td > p > span > text): the chain is followed
    without collecting parts. A block or <br> on it only puts spaces at both ends of the
    text, which _squeeze trims, so the text node alone gives the same cell text.
    """
    node, child = cell, cell.first_child
    while child is not None and child.next is None:
        tag = child.tag
        if tag == "-text":
            return _cell_squeeze(child.text_content or "")
        if tag in _DROP_TAGS or tag == "-comment":
            return ""
        node, child = child, child.first_child
    if child is None:
        return ""
    parts: list[str] = []
    _inline(node, parts)
    return _cell_squeeze("".join(parts))


def _cell_squeeze(text: str) -> str:
    """_squeeze(text) with bars as spaces (a bar in a cell is not a cell boundary)."""
    if "|" in text or "｜" in text:  # rare: most cells hold no bar
        text = text.replace("|", " ").replace("｜", " ")
    return _squeeze(text)


def _squeeze(text: str) -> str:
    """Runs of _SPACES as one space, trimmed.

    _SPACES is U+200B and \\s, the characters str.isspace() is true for (what split()
    and strip() take as whitespace): with each U+200B as a space, split() and join()
    give _SPACES.sub(" ", text).strip(), faster.
    """
    if " " not in text and text.isprintable():
        return text  # _SPACES matches only " " and unprintable characters: none here
    return " ".join(text.replace("\u200b", " ").split())


def _inline(node: LexborNode, parts: list[str]) -> None:
    child = node.first_child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in _DROP_TAGS or tag == "-comment":
            pass
        elif tag == "br" or tag in _BLOCK_TAGS:
            parts.append(" ")
            _inline(child, parts)
            parts.append(" ")
        else:
            _inline(child, parts)
        child = child.next
