"""Administrative division of an agency from its name, with the `cpca` region data.

cpca matches province, city and county names (with their 6-digit adcode) inside a string.
Towns (镇/乡/街道) are below its resolution. A county name printed alone that several
counties share (朝阳区, 铁西区, ...) is not guessed: it is marked `ambiguous_name`.
"""

from __future__ import annotations

import warnings
from collections import Counter
from functools import cache
from importlib.metadata import version
from types import ModuleType

import pyarrow as pa

# Placeholder names cpca uses for the level a municipality or a directly governed county skips.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_LEVELS = ("province", "city", "county")

RESOLVER = f"cpca {version('cpca')}"
REGION_SCHEMA = pa.schema(
    [
        ("agency", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("county", pa.string()),
        ("adcode", pa.string()),
        ("region_level", pa.string()),
        ("region_match", pa.string()),
        ("resolver", pa.string()),
    ]
)


def _cpca() -> ModuleType:
    """The cpca module, imported lazily (it loads its region data at import)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    return cpca


@cache
def _shared_county_names() -> frozenset[str]:
    """County-level names that more than one county carries."""
    counts = Counter(
        info.name for info in _cpca().ad_2_addr_dict.values() if info.rank == 2
    )
    return frozenset(name for name, n in counts.items() if n > 1)


def resolve_agencies(names: list[str]) -> pa.Table:
    """One `raw.agency_regions` row per agency name."""
    cpca = _cpca()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = cpca.transform(names, pos_sensitive=True)
    matches = frame.to_dict("records")
    records = [_record(name, rec) for name, rec in zip(names, matches, strict=True)]
    return pa.Table.from_pylist(records, schema=REGION_SCHEMA)


def _clean(value: object) -> str | None:
    if not isinstance(value, str) or not value or value in _PLACEHOLDERS:
        return None
    return value


def _record(name: str, rec: dict[str, object]) -> dict[str, object]:
    """Turn one cpca result into a region row, refusing guesses on shared county names."""
    keys = zip(_LEVELS, ("省", "市", "区"), strict=True)
    parts = {level: _clean(rec[key]) for level, key in keys}
    adcode = rec.get("adcode") if isinstance(rec.get("adcode"), str) else None
    level = next((lv for lv in reversed(_LEVELS) if parts[lv]), None)
    match = level or "none"
    named_parent = rec.get("省_pos", -1) != -1 or rec.get("市_pos", -1) != -1
    if level == "county" and not named_parent and parts["county"] in _shared_county_names():
        parts = dict.fromkeys(_LEVELS)
        adcode, level, match = None, None, "ambiguous_name"
    if level is None:
        adcode = None
    return {
        "agency": name,
        **parts,
        "adcode": adcode,
        "region_level": level,
        "region_match": match,
        "resolver": RESOLVER,
    }
