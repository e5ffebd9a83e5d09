"""Real-looking agency names: province / city / county / township bodies."""

from __future__ import annotations

import random
from dataclasses import dataclass

# (province, city, counties): real place names, all characters inside GB2312.
PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("江苏省", "淮安市", ("涟水县", "盱眙县", "金湖县", "洪泽区")),
    ("福建省", "福州市", ("罗源县", "连江县", "闽清县", "永泰县")),
    ("湖南省", "郴州市", ("桂东县", "汝城县", "嘉禾县", "临武县")),
    ("湖南省", "长沙市", ("宁乡市", "浏阳市", "长沙县", "望城区")),
    ("广东省", "东莞市", ("东坑镇", "石龙镇", "虎门镇", "常平镇")),
    ("吉林省", "长春市", ("农安县", "德惠市", "榆树市", "双阳区")),
    ("浙江省", "湖州市", ("德清县", "长兴县", "安吉县", "吴兴区")),
    ("四川省", "绵阳市", ("三台县", "盐亭县", "梓潼县", "平武县")),
    ("山东省", "潍坊市", ("寿光市", "青州市", "昌乐县", "临朐县")),
    ("河南省", "洛阳市", ("孟津区", "新安县", "宜阳县", "汝阳县")),
    ("湖北省", "宜昌市", ("远安县", "兴山县", "秭归县", "长阳县")),
    ("江西省", "赣州市", ("信丰县", "大余县", "上犹县", "安远县")),
    ("安徽省", "安庆市", ("怀宁县", "太湖县", "宿松县", "望江县")),
    ("陕西省", "汉中市", ("城固县", "洋县", "西乡县", "勉县")),
)
TOWN_HEADS = (
    "松山", "白石", "青山", "新安", "东湖", "西河", "南岭", "北港",
    "龙泉", "凤凰", "金沙", "石门", "桃源", "柳林", "双河", "长乐",
)
TOWN_TAILS = ("镇", "乡", "街道")
BUREAUS = (
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局",
    "市场监督管理局", "城市管理行政执法局", "卫生健康委员会", "教育局", "民政局",
    "人力资源和社会保障局", "财政局", "水利局", "应急管理局",
)
PROVINCE_BUREAUS = ("自然资源厅", "生态环境厅", "交通运输厅", "教育厅", "民政厅")

# Rough share of each level among report authors, and the requests scale of each.
LEVELS: tuple[tuple[str, float], ...] = (
    ("township", 0.35), ("county", 0.35), ("city", 0.2), ("province", 0.1),
)


@dataclass(frozen=True, slots=True)
class Agency:
    """The report's author.

    name: the agency as the truth gives it: the body the report covers, with 人民政府
    (办公室) dropped after an administrative unit (the seeds README calls the authors of
    `东坑镇人民政府办公室` and `桂东县人民政府` 东坑镇 and 桂东县); a bureau keeps its full name.
    official: the full name printed in the preamble and the 来源 line; title_name and
    sign_name: the forms printed in the title and the signature.
    """

    name: str
    official: str
    title_name: str
    sign_name: str
    level: str
    place: str  # the county / city a township or bureau belongs to


def pick_level(rng: random.Random) -> str:
    """An administrative level, weighted like the real population of reports."""
    return rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]


def _gov(rng: random.Random, place: str, level: str, parent: str) -> Agency:
    official = place + "人民政府"
    title_name = official if rng.random() < 0.6 else place
    sign_name = official + ("办公室" if rng.random() < 0.2 else "")
    return Agency(place, official, title_name, sign_name, level, parent)


def _body(name: str, level: str, parent: str) -> Agency:
    return Agency(name, name, name, name, level, parent)


def make_agency(rng: random.Random, level: str) -> Agency:
    """A real-looking agency of `level`: a 人民政府 most of the time, else a 局."""
    province, city, counties = rng.choice(PLACES)
    county = rng.choice(counties)
    gov = rng.random() < 0.7
    if level == "province":
        return _gov(rng, province, level, province) if gov else _body(
            province + rng.choice(PROVINCE_BUREAUS), level, province)
    if level == "city":
        return _gov(rng, city, level, city) if gov else _body(
            city + rng.choice(BUREAUS), level, city)
    if level == "county":
        return _gov(rng, county, level, city) if gov else _body(
            county + rng.choice(BUREAUS), level, city)
    town = (county if rng.random() < 0.5 else "") + rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS)
    if town.endswith("街道"):
        return _body(town + ("办事处" if rng.random() < 0.5 else ""), level, county)
    return _gov(rng, town, level, county)
