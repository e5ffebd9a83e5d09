"""The numbers of a synthetic report: consistent with identities.csv by construction.

Values live in a dict keyed by (metric, applicant_type). `check_identities` evaluates
every report-level identity of identities.csv on such a dict (or on a truth list), and
`break_identity` perturbs the numbers so that exactly one named identity fails.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

Key = tuple[str, str | None]
Num = int | float
APPLICANTS6: tuple[str, ...] = (
    "natural_person", "commercial_enterprise", "research_institution",
    "social_welfare_org", "legal_service_org", "other_org",
)
APPLICANTS7: tuple[str, ...] = (*APPLICANTS6, "total")

WITHHELD = tuple(f"requests.outcome.withheld.{s}" for s in (
    "state_secret", "prohibited_by_law", "security_stability", "third_party_rights",
    "internal_affairs", "process_information", "enforcement_file", "administrative_query",
))
UNABLE = tuple(f"requests.outcome.unable.{s}" for s in (
    "not_held", "needs_creation", "unclear_after_correction",
))
NOT_PROCESSED = tuple(f"requests.outcome.not_processed.{s}" for s in (
    "petition_complaint", "duplicate", "publication", "excessive", "confirm_or_reissue",
))
OTHER_2021 = tuple(f"requests.outcome.other.{s}" for s in ("no_correction", "fee_unpaid", "other"))


def outcome_metrics(fmt: str) -> tuple[str, ...]:
    """The outcome rows that add up to requests.outcome.total, in printed order."""
    other = ("requests.outcome.other",) if fmt == "v2019" else OTHER_2021
    return (
        "requests.outcome.disclosed", "requests.outcome.partially_disclosed",
        *WITHHELD, *UNABLE, *NOT_PROCESSED, *other,
    )


def request_metrics(fmt: str) -> tuple[str, ...]:
    """Every printed row of table 三, in printed order."""
    return (
        "requests.new_received", "requests.carried_over_in", *outcome_metrics(fmt),
        "requests.outcome.total", "requests.carried_over_out",
    )


REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
REVIEW_BLOCKS = ("review", "litigation_direct", "litigation_after_review")

# Outcome weights: (metric suffix, weight); the rest share what is left.
_OUTCOME_WEIGHT = {
    "requests.outcome.disclosed": 0.42, "requests.outcome.partially_disclosed": 0.1,
    "requests.outcome.unable.not_held": 0.2, "requests.outcome.other": 0.05,
    "requests.outcome.other.other": 0.04, "requests.outcome.other.no_correction": 0.03,
}
_APPLICANT_WEIGHT = (0.86, 0.07, 0.004, 0.004, 0.02, 0.04)


# ---------------------------------------------------------------- helpers

def log_uniform(rng: random.Random, lo: float, hi: float) -> int:
    """An integer spread evenly on a log scale between lo and hi."""
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def alloc(rng: random.Random, total: int, weights: Iterable[float]) -> list[int]:
    """Split `total` into non-negative ints proportional to `weights` (exact sum)."""
    w = list(weights)
    out = [0] * len(w)
    s = sum(w)
    if total <= 0 or s <= 0:
        return out
    if total <= 40:
        for i in rng.choices(range(len(w)), w, k=total):
            out[i] += 1
        return out
    raw = [total * x / s for x in w]
    out = [int(r) for r in raw]
    order = sorted(range(len(w)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def jitter(rng: random.Random, weights: Iterable[float], p_zero: float) -> list[float]:
    """Weights scaled by a random factor, some dropped to zero (never all)."""
    out = [0.0 if rng.random() < p_zero else w * rng.uniform(0.3, 1.7) for w in weights]
    return out if any(out) else [1.0] + [0.0] * (len(out) - 1)


def scale_count(rng: random.Random, level: str, lo: dict[str, float],
                hi: dict[str, float], p_zero: float = 0.0) -> int:
    """A count whose magnitude follows the administrative level."""
    if rng.random() < p_zero:
        return 0
    return log_uniform(rng, lo[level], hi[level]) - 1


def decimal(rng: random.Random, hi: float, places: int = 1) -> float:
    """A non-negative decimal below `hi`, rounded to `places` (a 万元 amount)."""
    return round(rng.uniform(0, hi), places)


# ---------------------------------------------------------------- v2019 / v2021

_REQ_LO = {"township": 1, "county": 2, "city": 80, "province": 300}
_REQ_HI = {"township": 8, "county": 90, "city": 5000, "province": 15000}
_REQ_ZERO = {"township": 0.6, "county": 0.15, "city": 0.0, "province": 0.0}


def gen_requests(rng: random.Random, fmt: str, level: str) -> dict[Key, int]:
    """Table 三: flow balance, applicant sums and outcome sums hold by construction."""
    new_total = scale_count(rng, level, _REQ_LO, _REQ_HI, _REQ_ZERO[level])
    p_zero = 0.6 if new_total < 50 else 0.3
    weights = [_APPLICANT_WEIGHT[0], *jitter(rng, _APPLICANT_WEIGHT[1:], p_zero)]
    cols = alloc(rng, new_total, weights)
    outcomes = outcome_metrics(fmt)
    o_weights = jitter(rng, [_OUTCOME_WEIGHT.get(m, 0.012) for m in outcomes], 0.5)
    o_weights[0] = max(o_weights[0], 0.2)
    v: dict[Key, int] = {}
    for app, new in zip(APPLICANTS6, cols, strict=True):
        cin = int(new * rng.uniform(0, 0.06)) + (rng.random() < 0.05)
        cout = int((new + cin) * rng.uniform(0, 0.06))
        handled = new + cin - cout
        v[("requests.new_received", app)] = new
        v[("requests.carried_over_in", app)] = cin
        v[("requests.carried_over_out", app)] = cout
        v[("requests.outcome.total", app)] = handled
        for m, n in zip(outcomes, alloc(rng, handled, o_weights), strict=True):
            v[(m, app)] = n
    for m in request_metrics(fmt):
        v[(m, "total")] = sum(v[(m, a)] for a in APPLICANTS6)
    return v


_REV_HI = {"township": 1.5, "county": 8, "city": 80, "province": 400}


def gen_review(rng: random.Random, level: str) -> dict[Key, int]:
    """Table 四: each block's total is the sum of its four results."""
    v: dict[Key, int] = {}
    for block in REVIEW_BLOCKS:
        zero = rng.random() < (0.8 if level == "township" else 0.3)
        total = 0 if zero else log_uniform(rng, 1, _REV_HI[level] + 1)
        parts = alloc(rng, total, jitter(rng, (0.5, 0.15, 0.25, 0.1), 0.3))
        for part, n in zip(REVIEW_PARTS, parts, strict=True):
            v[(f"{block}.{part}", None)] = n
        v[(f"{block}.total", None)] = total
    return v


_DOC_HI = {"township": 4, "county": 40, "city": 120, "province": 300}
_DEC_HI = {"township": 300, "county": 20000, "city": 400000, "province": 2000000}
_ITEM_HI = {"township": 40, "county": 800, "city": 2500, "province": 6000}


def _count(rng: random.Random, hi: float, p_zero: float = 0.2) -> int:
    return 0 if rng.random() < p_zero else log_uniform(rng, 1, hi + 1) - 1


def gen_proactive_2019(rng: random.Random, level: str) -> dict[Key, Num]:
    """Table 二 of the 2019 template (no identities; changes may be negative)."""
    v: dict[Key, Num] = {}
    big = level in ("city", "province")
    for kind, hi in (("rules", 6 if big else 0), ("normative_docs", _DOC_HI[level])):
        made = _count(rng, hi) if hi else 0
        v[(f"proactive.{kind}.new_made", None)] = made
        published = made if rng.random() < 0.8 else _count(rng, hi + 1)
        v[(f"proactive.{kind}.new_published", None)] = published
        v[(f"proactive.{kind}.total_published", None)] = made + _count(rng, 10 * hi + 1, 0.3)
    for kind in ("licensing", "other_services", "penalty", "enforcement"):
        items = _count(rng, _ITEM_HI[level], 0.3)
        v[(f"proactive.{kind}.prev_year_items", None)] = items
        change = rng.randint(-min(items, 60), 60) if rng.random() < 0.5 else 0
        v[(f"proactive.{kind}.change", None)] = change
        v[(f"proactive.{kind}.decisions", None)] = _count(rng, _DEC_HI[level], 0.25)
    v[("proactive.fees.prev_year_items", None)] = _count(rng, 40, 0.5)
    v[("proactive.fees.change", None)] = rng.randint(-5, 5) if rng.random() < 0.3 else 0
    items = _count(rng, _ITEM_HI[level] / 4 + 1, 0.4)
    v[("proactive.procurement.items", None)] = items
    amount: Num = 0
    if items:
        amount = log_uniform(rng, 1e4, 3e8)
        if rng.random() < 0.3:
            amount = amount + rng.randint(1, 9) / 10
    v[("proactive.procurement.amount", None)] = amount
    return v


def gen_proactive_2021(rng: random.Random, level: str) -> dict[Key, Num]:
    """Table 二 of the 2021 template."""
    v: dict[Key, Num] = {}
    big = level in ("city", "province")
    for kind, hi in (("rules", 4 if big else 0), ("normative_docs", _DOC_HI[level])):
        issued = _count(rng, hi) if hi else 0
        v[(f"proactive.{kind}.issued", None)] = issued
        v[(f"proactive.{kind}.repealed", None)] = _count(rng, hi, 0.5) if hi else 0
        v[(f"proactive.{kind}.in_force", None)] = issued + _count(rng, 8 * hi + 1, 0.2) if hi else 0
    for kind in ("licensing", "penalty", "enforcement"):
        v[(f"proactive.{kind}.decisions", None)] = _count(rng, _DEC_HI[level], 0.25)
    hi = {"township": 5, "county": 3000, "city": 100000, "province": 500000}[level]
    v[("proactive.fees.amount", None)] = decimal(rng, hi) if rng.random() < 0.7 else 0
    return v


# ---------------------------------------------------------------- pre2019

_ITEMS_LO = {"township": 20, "county": 200, "city": 2000, "province": 5000}
_ITEMS_HI = {"township": 800, "county": 6000, "city": 60000, "province": 120000}
REQUEST_CHANNELS4 = ("in_person", "fax", "online", "letter")
REFUSED_REASONS = (
    "state_secret", "commercial_secret", "privacy", "security_stability",
    "not_government_information", "other_legal",
)
ANSWER_PARTS = (
    "already_public", "agreed", "partially_agreed", "refused", "not_this_agency",
    "not_exist", "told_to_amend", "told_other_channel",
)


def _legacy(v: dict[Key, Num], suffix: str, n: Num) -> None:
    app = "total" if suffix.startswith("requests.") else None
    v[(f"legacy.{suffix}", app)] = n


def gen_pre2019(rng: random.Random, level: str, six_channels: bool) -> dict[Key, Num]:
    """The 统计表 of 2008–2018: every legacy identity holds by construction."""
    v: dict[Key, Num] = {}
    items = log_uniform(rng, _ITEMS_LO[level], _ITEMS_HI[level])
    _legacy(v, "proactive.items", items)
    _legacy(v, "proactive.normative_docs_published", min(items, _count(rng, _DOC_HI[level])))
    _legacy(v, "proactive.normative_docs_issued", _count(rng, _DOC_HI[level]))
    _legacy(v, "proactive.proposal_replies_published", _count(rng, _DOC_HI[level] * 2, 0.4))
    for ch, share in (("via_gazette", 0.02), ("via_website", 0.95), ("via_weibo", 0.3),
                      ("via_wechat", 0.3), ("via_other", 0.1)):
        n = 0 if rng.random() < 0.3 else int(items * share * rng.random())
        _legacy(v, f"proactive.{ch}", n)
    _gen_pre2019_response(rng, v, level)
    _gen_pre2019_requests(rng, v, level, six_channels)
    for block in ("review", "litigation"):
        total = 0 if rng.random() < 0.5 else log_uniform(rng, 1, _REV_HI[level] + 1)
        parts = alloc(rng, total, jitter(rng, (0.6, 0.2, 0.2), 0.3))
        _legacy(v, f"{block}.total", total)
        for part, n in zip(("upheld", "corrected", "other"), parts, strict=True):
            _legacy(v, f"{block}.{part}", n)
    _legacy(v, "complaints", _count(rng, _ITEM_HI[level], 0.4))
    _legacy(v, "fees", 0 if rng.random() < 0.85 else decimal(rng, 2, 2))
    _legacy(v, "capacity.offices", rng.randint(0, 3))
    _legacy(v, "capacity.reading_points", _count(rng, 30, 0.2))
    full, part = rng.randint(0, 6), _count(rng, 30, 0.2)
    _legacy(v, "capacity.staff", full + part)
    _legacy(v, "capacity.staff_fulltime", full)
    _legacy(v, "capacity.staff_parttime", part)
    _legacy(v, "capacity.budget", 0 if rng.random() < 0.4 else decimal(rng, 60))
    _legacy(v, "training.meetings", _count(rng, 20))
    _legacy(v, "training.sessions", _count(rng, 20))
    _legacy(v, "training.trainees", _count(rng, 600))
    return v


def _gen_pre2019_response(rng: random.Random, v: dict[Key, Num], level: str) -> None:
    _legacy(v, "response.hotspots", _count(rng, 60, 0.3))
    for name in ("press_conferences", "online_interviews"):
        n = _count(rng, 30, 0.3)
        _legacy(v, f"response.{name}", n)
        _legacy(v, f"response.{name}_principal", rng.randint(0, n))
    _legacy(v, "response.via_channels", _count(rng, 400, 0.2))
    _legacy(v, "response.policy_interpretations", _count(rng, 120, 0.3))
    _legacy(v, "response.weibo_wechat", _count(rng, 400, 0.3))
    _legacy(v, "response.other", _count(rng, 400, 0.3))


def _gen_pre2019_requests(rng: random.Random, v: dict[Key, Num], level: str,
                          six_channels: bool) -> None:
    received = scale_count(rng, level, _REQ_LO, _REQ_HI, _REQ_ZERO[level])
    channels = REQUEST_CHANNELS4 + (("email", "other") if six_channels else ())
    weights = jitter(rng, (0.5, 0.05, 0.3, 0.15, 0.1, 0.05)[: len(channels)], 0.3)
    _legacy(v, "requests.received", received)
    for ch, n in zip(channels, alloc(rng, received, weights), strict=True):
        _legacy(v, f"requests.received.{ch}", n)
    closed = received - int(received * rng.uniform(0, 0.05))
    extended = int(closed * rng.uniform(0, 0.1))
    _legacy(v, "requests.closed", closed)
    _legacy(v, "requests.closed.on_time", closed - extended)
    _legacy(v, "requests.closed.extended", extended)
    _legacy(v, "requests.answered", closed)
    a_w = jitter(rng, (0.1, 0.5, 0.05, 0.05, 0.05, 0.15, 0.03, 0.07), 0.4)
    parts = alloc(rng, closed, a_w)
    for part, n in zip(ANSWER_PARTS, parts, strict=True):
        _legacy(v, f"requests.answered.{part}", n)
    refused = parts[ANSWER_PARTS.index("refused")]
    reasons = alloc(rng, refused, jitter(rng, (0.1, 0.15, 0.15, 0.05, 0.35, 0.2), 0.3))
    for reason, n in zip(REFUSED_REASONS, reasons, strict=True):
        _legacy(v, f"requests.answered.refused.{reason}", n)
