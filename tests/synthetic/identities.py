"""The report-level identities of shared/spec/identities.csv: check them, or break one.

Blank cells (value None) count as 0, except that an instance whose left-hand side (the
total) is blank, or whose terms are all blank, is not checkable (applicant_sum: 'skip
where the total cell is blank'). Keys that are absent (not printed) make an instance
not checkable.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping

from .numbers import (
    ANSWER_PARTS,
    APPLICANTS6,
    APPLICANTS7,
    REFUSED_REASONS,
    REQUEST_CHANNELS4,
    REVIEW_BLOCKS,
    REVIEW_PARTS,
    Key,
    Num,
    outcome_metrics,
)

Values = Mapping[Key, Num | None]
Instance = tuple[Key, tuple[Key, ...]]  # left = sum(right)

BREAKABLE: dict[str, tuple[str, ...]] = {
    "v2019": ("applicant_sum", "flow_balance", "outcome_sum_2019", "review_sum",
              "litigation_direct_sum", "litigation_after_review_sum", "non_negative"),
    "v2021": ("applicant_sum", "flow_balance", "outcome_sum_2021", "review_sum",
              "litigation_direct_sum", "litigation_after_review_sum", "non_negative"),
    "pre2019": ("legacy_received_channels", "legacy_closed_split", "legacy_answered_sum",
                "legacy_refused_reasons", "legacy_review_sum", "legacy_litigation_sum",
                "legacy_staff_sum", "legacy_subset", "non_negative"),
}
# Identities whose break touches table 三 (the run-together oracle needs them intact).
REQUEST_TABLE_IDENTITIES = ("applicant_sum", "flow_balance", "outcome_sum_2019", "outcome_sum_2021")


def _sum_instances(fmt: str) -> dict[str, list[Instance]]:
    """Every `left = sum(right)` identity instance of `fmt`."""
    if fmt == "pre2019":
        return _legacy_instances()
    out: dict[str, list[Instance]] = {"applicant_sum": [], "flow_balance": []}
    outcomes = outcome_metrics(fmt)
    rows = ("requests.new_received", "requests.carried_over_in", *outcomes,
            "requests.outcome.total", "requests.carried_over_out")
    for m in rows:
        out["applicant_sum"].append(((m, "total"), tuple((m, a) for a in APPLICANTS6)))
    name = "outcome_sum_2019" if fmt == "v2019" else "outcome_sum_2021"
    out[name] = [(("requests.outcome.total", a), tuple((m, a) for m in outcomes))
                 for a in APPLICANTS7]
    for block in REVIEW_BLOCKS:
        out[f"{block}_sum"] = [((f"{block}.total", None),
                                tuple((f"{block}.{p}", None) for p in REVIEW_PARTS))]
    return out


def _L(s: str) -> Key:
    return (f"legacy.{s}", "total" if s.startswith("requests.") else None)


def _legacy_instances() -> dict[str, list[Instance]]:
    rr = "requests.received"
    return {
        "legacy_received_channels": [(_L(rr), tuple(
            _L(f"{rr}.{c}") for c in (*REQUEST_CHANNELS4, "email", "other")))],
        "legacy_closed_split": [(_L("requests.closed"), (
            _L("requests.closed.on_time"), _L("requests.closed.extended")))],
        "legacy_answered_sum": [(_L("requests.answered"), tuple(
            _L(f"requests.answered.{p}") for p in ANSWER_PARTS))],
        "legacy_refused_reasons": [(_L("requests.answered.refused"), tuple(
            _L(f"requests.answered.refused.{r}") for r in REFUSED_REASONS))],
        "legacy_review_sum": [(_L("review.total"), tuple(
            _L(f"review.{p}") for p in ("upheld", "corrected", "other")))],
        "legacy_litigation_sum": [(_L("litigation.total"), tuple(
            _L(f"litigation.{p}") for p in ("upheld", "corrected", "other")))],
        "legacy_staff_sum": [(_L("capacity.staff"), (
            _L("capacity.staff_fulltime"), _L("capacity.staff_parttime")))],
    }


OPTIONAL_TERMS = {_L("requests.received.email"), _L("requests.received.other")}
SUBSETS: tuple[tuple[Key, Key], ...] = (
    (_L("proactive.normative_docs_published"), _L("proactive.items")),
    (_L("response.press_conferences_principal"), _L("response.press_conferences")),
    (_L("response.online_interviews_principal"), _L("response.online_interviews")),
)


def _check_sum(values: Values, left: Key, right: tuple[Key, ...]) -> bool | None:
    terms = [k for k in right if k in values or k not in OPTIONAL_TERMS]
    if left not in values or any(k not in values for k in terms):
        return None
    lv = values[left]
    if lv is None:
        return None
    return abs(lv - sum(values[k] or 0 for k in terms)) < 1e-9


def _check_flow(values: Values, app: str) -> bool | None:
    keys = [(m, app) for m in ("requests.new_received", "requests.carried_over_in",
                               "requests.outcome.total", "requests.carried_over_out")]
    if any(k not in values for k in keys) or all(values[k] is None for k in keys):
        return None
    a, b, c, d = (values[k] or 0 for k in keys)
    return a + b == c + d


def _combine(results: Iterable[bool | None]) -> bool | None:
    checked = [r for r in results if r is not None]
    return all(checked) if checked else None


def check_identities(values: Values, fmt: str) -> dict[str, bool | None]:
    """Each report-level identity of `fmt`: True holds, False fails, None not checkable."""
    out = {name: _combine(_check_sum(values, left, right) for left, right in insts)
           for name, insts in _sum_instances(fmt).items()}
    if fmt != "pre2019":
        out["flow_balance"] = _combine(_check_flow(values, a) for a in APPLICANTS7)
    else:
        out["legacy_subset"] = _combine(
            None if values.get(a) is None or values.get(b) is None else values[a] <= values[b]
            for a, b in SUBSETS)
    out["non_negative"] = _combine(
        v >= 0 for (m, _), v in values.items() if v is not None and not m.endswith(".change"))
    return out


def truth_values(truth: Iterable[Mapping[str, object]]) -> dict[Key, Num | None]:
    """A truth list as a (metric, applicant_type) -> value dict (ambiguous cells dropped)."""
    return {(r["metric"], r["applicant_type"]): r["value"]  # type: ignore[misc]
            for r in truth if r.get("qualifier") != "ambiguous"}


# ---------------------------------------------------------------- breaking one identity

def _swap_natural(v: dict[Key, Num], rng: random.Random) -> bool:
    a = ("requests.outcome.disclosed", "natural_person")
    b = ("requests.outcome.partially_disclosed", "natural_person")
    if v[a] == v[b]:
        return False
    v[a], v[b] = v[b], v[a]
    return True


def _bump(*keys: Key, by: int = 1) -> Callable[[dict[Key, Num], random.Random], bool]:
    def apply(v: dict[Key, Num], rng: random.Random) -> bool:
        for k in keys:
            v[k] += by
        return True
    return apply


def _negative(key: Key) -> Callable[[dict[Key, Num], random.Random], bool]:
    def apply(v: dict[Key, Num], rng: random.Random) -> bool:
        v[key] = -rng.randint(1, 9)
        return True
    return apply


def _subset(v: dict[Key, Num], rng: random.Random) -> bool:
    v[_L("proactive.normative_docs_published")] = v[_L("proactive.items")] + rng.randint(1, 9)
    return True


_NP, _TOT = "natural_person", "total"
_BREAKS: dict[str, Callable[[dict[Key, Num], random.Random], bool]] = {
    "applicant_sum": _swap_natural,
    "flow_balance": _bump(("requests.carried_over_out", _NP), ("requests.carried_over_out", _TOT)),
    "outcome_sum_2019": _bump(("requests.outcome.disclosed", _NP),
                              ("requests.outcome.disclosed", _TOT)),
    "outcome_sum_2021": _bump(("requests.outcome.disclosed", _NP),
                              ("requests.outcome.disclosed", _TOT)),
    "review_sum": _bump(("review.total", None)),
    "litigation_direct_sum": _bump(("litigation_direct.total", None)),
    "litigation_after_review_sum": _bump(("litigation_after_review.total", None)),
    "legacy_received_channels": _bump(_L("requests.received")),
    "legacy_closed_split": _bump(_L("requests.closed")),
    "legacy_answered_sum": _bump(_L("requests.answered")),
    "legacy_refused_reasons": _bump(_L("requests.answered.refused.state_secret")),
    "legacy_review_sum": _bump(_L("review.total")),
    "legacy_litigation_sum": _bump(_L("litigation.total")),
    "legacy_staff_sum": _bump(_L("capacity.staff")),
    "legacy_subset": _subset,
}


def break_identity(v: dict[Key, Num], fmt: str, identity: str, rng: random.Random) -> bool:
    """Perturb `v` so that `identity` (and no other) fails; False if not possible here."""
    if identity not in BREAKABLE[fmt]:
        raise ValueError(f"{identity!r} cannot be broken in {fmt} (choose from {BREAKABLE[fmt]})")
    if identity == "non_negative":
        key = {"v2019": ("proactive.normative_docs.new_made", None),
               "v2021": ("proactive.normative_docs.issued", None),
               "pre2019": _L("training.sessions")}[fmt]
        return _negative(key)(v, rng)
    return _BREAKS[identity](v, rng)
