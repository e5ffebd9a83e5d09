"""Every table figure of seeds 002, 003, 004 and the Huai'an PDF text, read exactly.

Each expected cell names the source line it is printed on; `test_expected_cells_are_printed
_on_their_lines` checks those lines in the file itself, so the tables below are anchored to
the reports, not to the parser.
"""

from __future__ import annotations

import pytest

from loaders.catalog import APPLICANT_TYPES
from loaders.parse import parse_file
from tests.loaders.report_files import report_path

Cell = tuple[str, str | None, int | float | None, int]


def row(metric: str, line: int, step: int, values: list[int | None]) -> list[Cell]:
    """The 7 cells of a table 三 row: 自然人 on `line`, each next cell `step` lines on."""
    return [
        (metric, a, v, line + i * step)
        for i, (a, v) in enumerate(zip(APPLICANT_TYPES, values, strict=True))
    ]


# 002_819d0f33b79d307e.txt: (metric, applicant_type, value, line) of every table cell
SEED_002: list[Cell] = [
    ("proactive.rules.new_made", None, 0, 85),
    ("proactive.rules.new_published", None, 0, 87),
    ("proactive.rules.total_published", None, 0, 89),
    ("proactive.normative_docs.new_made", None, 0, 93),
    ("proactive.normative_docs.new_published", None, 0, 95),
    ("proactive.normative_docs.total_published", None, 0, 97),
    ("proactive.licensing.prev_year_items", None, 14, 111),
    ("proactive.licensing.change", None, 0, 113),
    ("proactive.licensing.decisions", None, 5, 115),
    ("proactive.other_services.prev_year_items", None, 10, 119),
    ("proactive.other_services.change", None, 0, 121),
    ("proactive.other_services.decisions", None, 325, 123),
    ("proactive.penalty.prev_year_items", None, 0, 137),
    ("proactive.penalty.change", None, 0, 139),
    ("proactive.penalty.decisions", None, 0, 141),
    ("proactive.enforcement.prev_year_items", None, 0, 145),
    ("proactive.enforcement.change", None, 0, 147),
    ("proactive.enforcement.decisions", None, 0, 149),
    ("proactive.fees.prev_year_items", None, 0, 161),
    ("proactive.fees.change", None, 0, 163),
    ("proactive.procurement.items", None, 1, 175),
    ("proactive.procurement.amount", None, 18160, 177),
    ("review.upheld", None, 0, 617),
    ("review.corrected", None, None, 619),
    ("review.other", None, None, 621),
    ("review.pending", None, None, 623),
    ("review.total", None, 0, 625),
    ("litigation_direct.upheld", None, 0, 627),
    ("litigation_direct.corrected", None, None, 629),
    ("litigation_direct.other", None, 0, 631),
    ("litigation_direct.pending", None, None, 633),
    ("litigation_direct.total", None, None, 635),
    ("litigation_after_review.upheld", None, 0, 637),
    ("litigation_after_review.corrected", None, None, 639),
    ("litigation_after_review.other", None, 0, 641),
    ("litigation_after_review.pending", None, 0, 643),
    ("litigation_after_review.total", None, 0, 645),
    # table 三: metric, line of its 自然人 cell, lines from cell to cell, 自然人..总计
    *row("requests.new_received", 203, 2, [0, 0, 0, 0, None, None, None]),
    *row("requests.carried_over_in", 219, 2, [0, 0, 0, None, None, None, None]),
    *row("requests.outcome.disclosed", 237, 2, [0, None, 0, 0, None, 0, None]),
    *row("requests.outcome.partially_disclosed", 253, 2, [0, None, None, None, None, None, None]),
    *row("requests.outcome.withheld.state_secret", 271, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.prohibited_by_law", 287, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.security_stability", 303, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.third_party_rights", 319, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.internal_affairs", 335, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.process_information", 351, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.enforcement_file", 367, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.withheld.administrative_query", 383, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.unable.not_held", 401, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.unable.needs_creation", 417, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.unable.unclear_after_correction", 433, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.not_processed.petition_complaint", 451, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.not_processed.duplicate", 467, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.not_processed.publication", 483, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.not_processed.excessive", 499, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.not_processed.confirm_or_reissue", 515, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.other", 531, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.outcome.total", 547, 2, [0, 0, 0, 0, 0, None, None]),
    *row("requests.carried_over_out", 563, 2, [0, 0, 0, 0, 0, None, None]),
]

# 003_d7e4656ea917418d.txt: (metric, applicant_type, value, line) of every table cell
SEED_003: list[Cell] = [
    ("legacy.proactive.items", None, 42658, 108),
    ("legacy.proactive.normative_docs_published", None, 3, 114),
    ("legacy.proactive.normative_docs_issued", None, 3, 120),
    ("legacy.proactive.proposal_replies_published", None, 10, 126),
    ("legacy.proactive.via_gazette", None, None, 136),
    ("legacy.proactive.via_website", None, 42092, 141),
    ("legacy.proactive.via_weibo", None, 202, 147),
    ("legacy.proactive.via_wechat", None, None, 153),
    ("legacy.proactive.via_other", None, 348, 158),
    ("legacy.response.hotspots", None, None, 169),
    ("legacy.response.via_channels", None, 312, 173),
    ("legacy.response.press_conferences", None, 4, 179),
    ("legacy.response.press_conferences_principal", None, 4, 185),
    ("legacy.response.online_interviews", None, 1, 191),
    ("legacy.response.online_interviews_principal", None, None, 197),
    ("legacy.response.policy_interpretations", None, 6, 202),
    ("legacy.response.weibo_wechat", None, None, 208),
    ("legacy.response.other", None, 329, 213),
    ("legacy.requests.received", "total", 233, 223),
    ("legacy.requests.received.in_person", "total", 179, 229),
    ("legacy.requests.received.fax", "total", 26, 235),
    ("legacy.requests.received.online", "total", 2, 241),
    ("legacy.requests.received.letter", "total", 26, 247),
    ("legacy.requests.closed", "total", 233, 253),
    ("legacy.requests.closed.on_time", "total", 228, 259),
    ("legacy.requests.closed.extended", "total", 5, 265),
    ("legacy.requests.answered", "total", 233, 271),
    ("legacy.requests.answered.already_public", "total", None, 277),
    ("legacy.requests.answered.agreed", "total", 122, 282),
    ("legacy.requests.answered.partially_agreed", "total", None, 288),
    ("legacy.requests.answered.refused", "total", 3, 293),
    ("legacy.requests.answered.refused.state_secret", "total", None, 299),
    ("legacy.requests.answered.refused.commercial_secret", "total", 1, 304),
    ("legacy.requests.answered.refused.privacy", "total", None, 310),
    ("legacy.requests.answered.refused.security_stability", "total", None, 315),
    ("legacy.requests.answered.refused.not_government_information", "total", 1, 320),
    ("legacy.requests.answered.refused.other_legal", "total", 1, 326),
    ("legacy.requests.answered.not_this_agency", "total", 5, 332),
    ("legacy.requests.answered.not_exist", "total", 90, 338),
    ("legacy.requests.answered.told_to_amend", "total", 4, 344),
    ("legacy.requests.answered.told_other_channel", "total", 9, 350),
    ("legacy.review.total", None, 10, 356),
    ("legacy.review.upheld", None, 10, 362),
    ("legacy.review.corrected", None, None, 368),
    ("legacy.review.other", None, None, 373),
    ("legacy.litigation.total", None, 20, 378),
    ("legacy.litigation.upheld", None, 14, 384),
    ("legacy.litigation.corrected", None, 3, 390),
    ("legacy.litigation.other", None, 3, 396),
    ("legacy.complaints", None, 671, 402),
    ("legacy.fees", None, None, 408),
    ("legacy.capacity.offices", None, 1, 417),
    ("legacy.capacity.reading_points", None, 19, 423),
    ("legacy.capacity.staff", None, 28, 429),
    ("legacy.capacity.staff_fulltime", None, 4, 435),
    ("legacy.capacity.staff_parttime", None, 24, 441),
    ("legacy.capacity.budget", None, None, 447),
    ("legacy.training.meetings", None, 12, 456),
    ("legacy.training.sessions", None, 4, 462),
    ("legacy.training.trainees", None, 435, 468),
]

# 004_a26e816a49efbc48.txt: (metric, applicant_type, value, line) of every table cell
SEED_004: list[Cell] = [
    ("proactive.rules.new_made", None, 0, 41),
    ("proactive.rules.new_published", None, 0, 43),
    ("proactive.rules.total_published", None, 0, 45),
    ("proactive.normative_docs.new_made", None, 19, 49),
    ("proactive.normative_docs.new_published", None, 19, 51),
    ("proactive.normative_docs.total_published", None, 19, 53),
    ("proactive.licensing.prev_year_items", None, 443, 67),
    ("proactive.licensing.change", None, -57, 69),
    ("proactive.licensing.decisions", None, 56829, 71),
    ("proactive.other_services.prev_year_items", None, 705, 75),
    ("proactive.other_services.change", None, 0, 77),
    ("proactive.other_services.decisions", None, 141063, 79),
    ("proactive.penalty.prev_year_items", None, 2419, 93),
    ("proactive.penalty.change", None, -1, 95),
    ("proactive.penalty.decisions", None, 20925, 97),
    ("proactive.enforcement.prev_year_items", None, 191, 101),
    ("proactive.enforcement.change", None, 0, 103),
    ("proactive.enforcement.decisions", None, 945, 105),
    ("proactive.fees.prev_year_items", None, 124, 117),
    ("proactive.fees.change", None, 0, 119),
    ("proactive.procurement.items", None, 129, 131),
    ("proactive.procurement.amount", None, 172195991.7, 133),
    ("review.upheld", None, 1, 573),
    ("review.corrected", None, 0, 575),
    ("review.other", None, 0, 577),
    ("review.pending", None, 0, 579),
    ("review.total", None, 1, 581),
    ("litigation_direct.upheld", None, 3, 583),
    ("litigation_direct.corrected", None, 0, 585),
    ("litigation_direct.other", None, 0, 587),
    ("litigation_direct.pending", None, 0, 589),
    ("litigation_direct.total", None, 3, 591),
    ("litigation_after_review.upheld", None, 1, 593),
    ("litigation_after_review.corrected", None, 0, 595),
    ("litigation_after_review.other", None, 0, 597),
    ("litigation_after_review.pending", None, 0, 599),
    ("litigation_after_review.total", None, 1, 601),
    # table 三: metric, line of its 自然人 cell, lines from cell to cell, 自然人..总计
    *row("requests.new_received", 159, 2, [4, 0, 0, 0, 0, 0, 4]),
    *row("requests.carried_over_in", 175, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.disclosed", 193, 2, [3, 0, 0, 0, 0, 0, 3]),
    *row("requests.outcome.partially_disclosed", 209, 2, [1, 0, 0, 0, 0, 0, 1]),
    *row("requests.outcome.withheld.state_secret", 227, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.prohibited_by_law", 243, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.security_stability", 259, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.third_party_rights", 275, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.internal_affairs", 291, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.process_information", 307, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.enforcement_file", 323, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.withheld.administrative_query", 339, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.unable.not_held", 357, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.unable.needs_creation", 373, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.unable.unclear_after_correction", 389, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.petition_complaint", 407, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.duplicate", 423, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.publication", 439, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.excessive", 455, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.confirm_or_reissue", 471, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.other", 487, 2, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.total", 503, 2, [4, 0, 0, 0, 0, 0, 4]),
    *row("requests.carried_over_out", 519, 2, [0, 0, 0, 0, 0, 0, 0]),
]

# huaian_2024_pdf_text.txt: (metric, applicant_type, value, line) of every table cell
HUAIAN: list[Cell] = [
    ("proactive.rules.issued", None, 1, 63),
    ("proactive.rules.repealed", None, 0, 63),
    ("proactive.rules.in_force", None, 11, 63),
    ("proactive.normative_docs.issued", None, 8, 64),
    ("proactive.normative_docs.repealed", None, 26, 64),
    ("proactive.normative_docs.in_force", None, 66, 64),
    ("proactive.licensing.decisions", None, 447228, 67),
    ("proactive.penalty.decisions", None, 3985758, 71),
    ("proactive.enforcement.decisions", None, 88283, 72),
    ("proactive.fees.amount", None, 96171.6, 75),
    ("review.upheld", None, 72, 137),
    ("review.corrected", None, 64, 137),
    ("review.other", None, 178, 137),
    ("review.pending", None, 37, 137),
    ("review.total", None, 351, 137),
    ("litigation_direct.upheld", None, 13, 137),
    ("litigation_direct.corrected", None, 4, 137),
    ("litigation_direct.other", None, 8, 137),
    ("litigation_direct.pending", None, 1, 137),
    ("litigation_direct.total", None, 26, 137),
    ("litigation_after_review.upheld", None, 12, 137),
    ("litigation_after_review.corrected", None, 1, 137),
    ("litigation_after_review.other", None, 1, 137),
    ("litigation_after_review.pending", None, 6, 137),
    ("litigation_after_review.total", None, 20, 137),
    # table 三: metric, line of its 自然人 cell, lines from cell to cell, 自然人..总计
    *row("requests.new_received", 84, 0, [3001, 53, 0, 0, 61, 4, 3119]),
    *row("requests.carried_over_in", 85, 0, [34, 0, 0, 0, 0, 0, 34]),
    *row("requests.outcome.disclosed", 86, 0, [1288, 21, 0, 0, 50, 3, 1362]),
    *row("requests.outcome.partially_disclosed", 88, 0, [447, 7, 0, 0, 0, 0, 454]),
    *row("requests.outcome.withheld.state_secret", 90, 0, [2, 0, 0, 0, 0, 0, 2]),
    *row("requests.outcome.withheld.prohibited_by_law", 92, 0, [30, 1, 0, 0, 0, 0, 31]),
    *row("requests.outcome.withheld.security_stability", 94, 0, [5, 0, 0, 0, 0, 0, 5]),
    *row("requests.outcome.withheld.third_party_rights", 96, 0, [6, 0, 0, 0, 0, 0, 6]),
    *row("requests.outcome.withheld.internal_affairs", 99, 0, [7, 1, 0, 0, 0, 0, 8]),
    *row("requests.outcome.withheld.process_information", 102, 0, [12, 0, 0, 0, 0, 0, 12]),
    *row("requests.outcome.withheld.enforcement_file", 103, 0, [9, 0, 0, 0, 0, 0, 9]),
    *row("requests.outcome.withheld.administrative_query", 104, 0, [105, 0, 0, 0, 0, 0, 105]),
    *row("requests.outcome.unable.not_held", 105, 0, [746, 12, 0, 0, 10, 1, 769]),
    *row("requests.outcome.unable.needs_creation", 107, 0, [11, 0, 0, 0, 0, 0, 11]),
    *row("requests.outcome.unable.unclear_after_correction", 108, 0, [1, 0, 0, 0, 0, 0, 1]),
    *row("requests.outcome.not_processed.petition_complaint", 109, 0, [56, 6, 0, 0, 0, 0, 62]),
    *row("requests.outcome.not_processed.duplicate", 110, 0, [25, 0, 0, 0, 0, 0, 25]),
    *row("requests.outcome.not_processed.publication", 111, 0, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.excessive", 113, 0, [0, 0, 0, 0, 0, 0, 0]),
    *row("requests.outcome.not_processed.confirm_or_reissue", 115, 0, [1, 0, 0, 0, 0, 0, 1]),
    *row("requests.outcome.other.no_correction", 118, 0, [67, 3, 0, 0, 1, 0, 71]),
    *row("requests.outcome.other.fee_unpaid", 123, 0, [6, 0, 0, 0, 0, 0, 6]),
    *row("requests.outcome.other.other", 125, 0, [108, 2, 0, 0, 0, 0, 110]),
    *row("requests.outcome.total", 126, 0, [2932, 53, 0, 0, 61, 4, 3050]),
    *row("requests.carried_over_out", 127, 0, [103, 0, 0, 0, 0, 0, 103]),
]

EXPECTED: dict[str, tuple[str, list[Cell]]] = {
    "002_819d0f33b79d307e.txt": ("v2019", SEED_002),
    "003_d7e4656ea917418d.txt": ("pre2019", SEED_003),
    "004_a26e816a49efbc48.txt": ("v2019", SEED_004),
    "huaian_2024_pdf_text.txt": ("v2021", HUAIAN),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_table_figure_is_read_exactly(name: str) -> None:
    fmt, expected = EXPECTED[name]
    result = parse_file(report_path(name))
    assert result.reject is None, result.reject
    assert result.report is not None and result.report.format == fmt
    got = sorted(((r.metric, r.applicant_type, r.value, r.line) for r in result.rows), key=repr)
    want = sorted(expected, key=repr)
    missing = [c for c in want if c not in got]
    extra = [c for c in got if c not in want]
    assert not missing and not extra, f"missing {missing[:5]}, extra {extra[:5]}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_cells_are_printed_on_their_lines(name: str) -> None:
    lines = report_path(name).read_text(encoding="utf-8").split("\n")
    for metric, applicant, value, line in EXPECTED[name][1]:
        tokens = lines[line - 1].replace("\xa0", " ").split()
        if value is None:  # a blank cell: a line of spaces, or a bar closing an empty cell
            assert tokens in ([], ["|"]), (metric, applicant, line, lines[line - 1])
        else:
            assert any(t.startswith(str(value)) for t in tokens), (metric, applicant, value, line)


def test_units_as_printed_or_catalogued() -> None:
    def units(name: str) -> dict[str, str]:
        return {r.metric: r.unit for r in parse_file(report_path(name)).rows}

    seed_004, huaian, seed_003 = (
        units("004_a26e816a49efbc48.txt"),
        units("huaian_2024_pdf_text.txt"),
        units("003_d7e4656ea917418d.txt"),
    )
    assert seed_004["proactive.procurement.amount"] == "元"  # 172195991.7元, line 133
    assert seed_004["proactive.licensing.prev_year_items"] == "项"
    assert huaian["proactive.fees.amount"] == "万元"  # 本年收费金额（单位：万元）, line 74
    assert seed_003["legacy.training.trainees"] == "人次"  # 人次, line 466
    assert seed_003["legacy.fees"] == "万元"  # 万元, line 406
    assert seed_003["legacy.response.policy_interpretations"] == "篇"  # 篇, line 200


def test_seed_003_prose_disagreeing_with_its_table_is_recorded() -> None:
    result = parse_file(report_path("003_d7e4656ea917418d.txt"))
    found = {(d.metric, d.table_value, d.text_value, d.line) for d in result.discrepancies}
    # table: 其他情形数 3 (line 396); prose: 其他情形1件 (line 68)
    assert ("legacy.litigation.other", 3, 1, 68) in found
