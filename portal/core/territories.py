"""The names of States in the six UN languages.

Names come from CLDR (through Babel) by ISO 3166 code, except where the United Nations
uses another short name (its terminology database, UNTERM, lists the official short names
in the six languages): "Iran (Islamic Republic of)" where CLDR says "Iran", "Viet Nam"
where CLDR says "Vietnam". English names are the portal's own (``Party.name``, already the
UN's), so staff corrections in the admin show.

Reading a name costs no query: CLDR data ships with Babel and is cached per language.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils import translation

# UN short names by ISO 3166 alpha-3, in the five languages other than English, where
# CLDR's common name differs. The European Union (EUU) has no ISO country code.
UN_NAMES: dict[str, dict[str, str]] = {
    "ATG": {
        "fr": "Antigua-et-Barbuda",
        "es": "Antigua y Barbuda",
        "ru": "Антигуа и Барбуда",
        "ar": "أنتيغوا وبربودا",
        "zh-hans": "安提瓜和巴布达",
    },
    "BIH": {
        "fr": "Bosnie-Herzégovine",
        "es": "Bosnia y Herzegovina",
        "ru": "Босния и Герцеговина",
        "ar": "البوسنة والهرسك",
        "zh-hans": "波斯尼亚和黑塞哥维那",
    },
    "BOL": {
        "fr": "Bolivie (État plurinational de)",
        "es": "Bolivia (Estado Plurinacional de)",
        "ru": "Боливия (Многонациональное Государство)",
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
        "zh-hans": "多民族玻利维亚国",
    },
    "BRN": {
        "fr": "Brunéi Darussalam",
        "es": "Brunei Darussalam",
        "ru": "Бруней-Даруссалам",
        "ar": "بروني دار السلام",
        "zh-hans": "文莱达鲁萨兰国",
    },
    "CIV": {
        "fr": "Côte d’Ivoire",
        "es": "Côte d’Ivoire",
        "ru": "Кот-д’Ивуар",
        "ar": "كوت ديفوار",
        "zh-hans": "科特迪瓦",
    },
    "COD": {
        "fr": "République démocratique du Congo",
        "es": "República Democrática del Congo",
        "ru": "Демократическая Республика Конго",
        "ar": "جمهورية الكونغو الديمقراطية",
        "zh-hans": "刚果民主共和国",
    },
    "COG": {"fr": "Congo", "es": "Congo", "ru": "Конго", "ar": "الكونغو", "zh-hans": "刚果"},
    "CPV": {
        "fr": "Cabo Verde",
        "es": "Cabo Verde",
        "ru": "Кабо-Верде",
        "ar": "كابو فيردي",
        "zh-hans": "佛得角",
    },
    "CZE": {"fr": "Tchéquie", "es": "Chequia", "ru": "Чехия", "ar": "تشيكيا", "zh-hans": "捷克"},
    "EUU": {
        "fr": "Union européenne",
        "es": "Unión Europea",
        "ru": "Европейский союз",
        "ar": "الاتحاد الأوروبي",
        "zh-hans": "欧洲联盟",
    },
    "FSM": {
        "fr": "Micronésie (États fédérés de)",
        "es": "Micronesia (Estados Federados de)",
        "ru": "Микронезия (Федеративные Штаты)",
        "ar": "ميكرونيزيا (ولايات - الموحدة)",
        "zh-hans": "密克罗尼西亚联邦",
    },
    "GBR": {
        "fr": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
        "es": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "ru": "Соединенное Королевство Великобритании и Северной Ирландии",
        "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "zh-hans": "大不列颠及北爱尔兰联合王国",
    },
    "IRN": {
        "fr": "Iran (République islamique d’)",
        "es": "Irán (República Islámica del)",
        "ru": "Иран (Исламская Республика)",
        "ar": "إيران (جمهورية - الإسلامية)",
        "zh-hans": "伊朗（伊斯兰共和国）",
    },
    "KNA": {
        "fr": "Saint-Kitts-et-Nevis",
        "es": "Saint Kitts y Nevis",
        "ru": "Сент-Китс и Невис",
        "ar": "سانت كيتس ونيفس",
        "zh-hans": "圣基茨和尼维斯",
    },
    "KOR": {
        "fr": "République de Corée",
        "es": "República de Corea",
        "ru": "Республика Корея",
        "ar": "جمهورية كوريا",
        "zh-hans": "大韩民国",
    },
    "LAO": {
        "fr": "République démocratique populaire lao",
        "es": "República Democrática Popular Lao",
        "ru": "Лаосская Народно-Демократическая Республика",
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "zh-hans": "老挝人民民主共和国",
    },
    "LCA": {
        "fr": "Sainte-Lucie",
        "es": "Santa Lucía",
        "ru": "Сент-Люсия",
        "ar": "سانت لوسيا",
        "zh-hans": "圣卢西亚",
    },
    "MDA": {
        "fr": "République de Moldova",
        "es": "República de Moldova",
        "ru": "Республика Молдова",
        "ar": "جمهورية مولدوفا",
        "zh-hans": "摩尔多瓦共和国",
    },
    "MKD": {
        "fr": "Macédoine du Nord",
        "es": "Macedonia del Norte",
        "ru": "Северная Македония",
        "ar": "مقدونيا الشمالية",
        "zh-hans": "北马其顿",
    },
    "MMR": {"fr": "Myanmar", "es": "Myanmar", "ru": "Мьянма", "ar": "ميانمار", "zh-hans": "缅甸"},
    "NLD": {
        "fr": "Pays-Bas (Royaume des)",
        "es": "Países Bajos (Reino de los)",
        "ru": "Нидерланды (Королевство)",
        "ar": "هولندا (مملكة)",
        "zh-hans": "荷兰王国",
    },
    "PRK": {
        "fr": "République populaire démocratique de Corée",
        "es": "República Popular Democrática de Corea",
        "ru": "Корейская Народно-Демократическая Республика",
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "zh-hans": "朝鲜民主主义人民共和国",
    },
    "PSE": {
        "fr": "État de Palestine",
        "es": "Estado de Palestina",
        "ru": "Государство Палестина",
        "ar": "دولة فلسطين",
        "zh-hans": "巴勒斯坦国",
    },
    "RUS": {
        "fr": "Fédération de Russie",
        "es": "Federación de Rusia",
        "ru": "Российская Федерация",
        "ar": "الاتحاد الروسي",
        "zh-hans": "俄罗斯联邦",
    },
    "STP": {
        "fr": "Sao Tomé-et-Principe",
        "es": "Santo Tomé y Príncipe",
        "ru": "Сан-Томе и Принсипи",
        "ar": "سان تومي وبرينسيبي",
        "zh-hans": "圣多美和普林西比",
    },
    "SWZ": {
        "fr": "Eswatini",
        "es": "Eswatini",
        "ru": "Эсватини",
        "ar": "إسواتيني",
        "zh-hans": "斯威士兰",
    },
    "SYR": {
        "fr": "République arabe syrienne",
        "es": "República Árabe Siria",
        "ru": "Сирийская Арабская Республика",
        "ar": "الجمهورية العربية السورية",
        "zh-hans": "阿拉伯叙利亚共和国",
    },
    "TTO": {
        "fr": "Trinité-et-Tobago",
        "es": "Trinidad y Tabago",
        "ru": "Тринидад и Тобаго",
        "ar": "ترينيداد وتوباغو",
        "zh-hans": "特立尼达和多巴哥",
    },
    "TUR": {"fr": "Türkiye", "es": "Türkiye", "ru": "Турция", "ar": "تركيا", "zh-hans": "土耳其"},
    "TZA": {
        "fr": "République-Unie de Tanzanie",
        "es": "República Unida de Tanzanía",
        "ru": "Объединенная Республика Танзания",
        "ar": "جمهورية تنزانيا المتحدة",
        "zh-hans": "坦桑尼亚联合共和国",
    },
    "USA": {
        "fr": "États-Unis d’Amérique",
        "es": "Estados Unidos de América",
        "ru": "Соединенные Штаты Америки",
        "ar": "الولايات المتحدة الأمريكية",
        "zh-hans": "美利坚合众国",
    },
    "VAT": {
        "fr": "Saint-Siège",
        "es": "Santa Sede",
        "ru": "Святой Престол",
        "ar": "الكرسي الرسولي",
        "zh-hans": "教廷",
    },
    "VCT": {
        "fr": "Saint-Vincent-et-les Grenadines",
        "es": "San Vicente y las Granadinas",
        "ru": "Сент-Винсент и Гренадины",
        "ar": "سانت فنسنت وجزر غرينادين",
        "zh-hans": "圣文森特和格林纳丁斯",
    },
    "VEN": {
        "fr": "Venezuela (République bolivarienne du)",
        "es": "Venezuela (República Bolivariana de)",
        "ru": "Венесуэла (Боливарианская Республика)",
        "ar": "فنزويلا (جمهورية - البوليفارية)",
        "zh-hans": "委内瑞拉玻利瓦尔共和国",
    },
    "VNM": {
        "fr": "Viet Nam",
        "es": "Viet Nam",
        "ru": "Вьетнам",
        "ar": "فييت نام",
        "zh-hans": "越南",
    },
}


@lru_cache(maxsize=16)
def _cldr_territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(translation.to_locale(language)).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def base_language(language: str | None = None) -> str:
    """The configured language a request runs in ("zh-hans", "fr"), English if none."""
    code = (language or translation.get_language() or "en").lower()
    return "zh-hans" if code.startswith("zh") else code.split("-")[0]


def state_name(*, iso3: str, iso2: str, english: str, language: str | None = None) -> str:
    """A State's short name in ``language`` (the active language by default)."""
    code = base_language(language)
    if code == "en":
        return english
    override = UN_NAMES.get(iso3, {}).get(code)
    if override:
        return override
    return _cldr_territories(code).get(iso2.upper(), english) if iso2 else english
