"""Instrument titles, review clusters and working groups in the other five UN languages.

The titles are the official ones of the United Nations Treaty Collection; the short
titles, clusters and working groups follow the documents of the Conference of the
Parties. Filled into ``translations`` by a data migration and by ``load_reference``.
"""

from __future__ import annotations

from django.apps import apps as global_apps

from portal.core.translated import fill_translations, one_field

INSTRUMENTS = {
    "untoc": {
        "fr": {
            "short_title": "Convention contre la criminalité organisée",
            "title": "Convention des Nations Unies contre la criminalité transnationale organisée",
        },
        "es": {
            "short_title": "Convención contra la Delincuencia Organizada",
            "title": "Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional",
        },
        "ru": {
            "short_title": "Конвенция против организованной преступности",
            "title": "Конвенция Организации Объединенных Наций против транснациональной "
            "организованной преступности",
        },
        "ar": {
            "short_title": "اتفاقية الجريمة المنظمة",
            "title": "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
        },
        "zh-hans": {"short_title": "有组织犯罪公约", "title": "联合国打击跨国有组织犯罪公约"},
    },
    "tip": {
        "fr": {
            "short_title": "Protocole relatif à la traite des personnes",
            "title": "Protocole visant à prévenir, réprimer et punir la traite des "
            "personnes, en particulier des femmes et des enfants",
        },
        "es": {
            "short_title": "Protocolo contra la trata de personas",
            "title": "Protocolo para prevenir, reprimir y sancionar la trata de personas, "
            "especialmente mujeres y niños",
        },
        "ru": {
            "short_title": "Протокол о торговле людьми",
            "title": "Протокол о предупреждении и пресечении торговли людьми, особенно "
            "женщинами и детьми, и наказании за нее",
        },
        "ar": {
            "short_title": "بروتوكول الاتجار بالأشخاص",
            "title": "بروتوكول منع وقمع ومعاقبة الاتجار بالأشخاص، وبخاصة النساء والأطفال",
        },
        "zh-hans": {
            "short_title": "贩运人口议定书",
            "title": "关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书",
        },
    },
    "som": {
        "fr": {
            "short_title": "Protocole relatif au trafic illicite de migrants",
            "title": "Protocole contre le trafic illicite de migrants par terre, air et mer",
        },
        "es": {
            "short_title": "Protocolo contra el tráfico ilícito de migrantes",
            "title": "Protocolo contra el tráfico ilícito de migrantes por tierra, mar y aire",
        },
        "ru": {
            "short_title": "Протокол о незаконном ввозе мигрантов",
            "title": "Протокол против незаконного ввоза мигрантов по суше, морю и воздуху",
        },
        "ar": {
            "short_title": "بروتوكول تهريب المهاجرين",
            "title": "بروتوكول مكافحة تهريب المهاجرين عن طريق البر والبحر والجو",
        },
        "zh-hans": {
            "short_title": "偷运移民议定书",
            "title": "关于打击陆、海、空偷运移民的补充议定书",
        },
    },
    "firearms": {
        "fr": {
            "short_title": "Protocole relatif aux armes à feu",
            "title": "Protocole contre la fabrication et le trafic illicites d’armes à feu, "
            "de leurs pièces, éléments et munitions",
        },
        "es": {
            "short_title": "Protocolo sobre armas de fuego",
            "title": "Protocolo contra la fabricación y el tráfico ilícitos de armas de "
            "fuego, sus piezas y componentes y municiones",
        },
        "ru": {
            "short_title": "Протокол об огнестрельном оружии",
            "title": "Протокол против незаконного изготовления и оборота огнестрельного "
            "оружия, его составных частей и компонентов, а также боеприпасов к "
            "нему",
        },
        "ar": {
            "short_title": "بروتوكول الأسلحة النارية",
            "title": "بروتوكول مكافحة صنع الأسلحة النارية وأجزائها ومكوناتها والذخيرة "
            "والاتجار بها بصورة غير مشروعة",
        },
        "zh-hans": {
            "short_title": "枪支议定书",
            "title": "关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书",
        },
    },
}

CLUSTERS = {
    1: {
        "fr": "Incrimination et compétence",
        "es": "Penalización y jurisdicción",
        "ru": "Криминализация и юрисдикция",
        "ar": "التجريم والولاية القضائية",
        "zh-hans": "刑事定罪和管辖权",
    },
    2: {
        "fr": "Prévention, assistance technique, mesures de protection et autres mesures",
        "es": "Prevención, asistencia técnica, medidas de protección y otras medidas",
        "ru": "Предупреждение, техническая помощь, меры защиты и другие меры",
        "ar": "المنع والمساعدة التقنية وتدابير الحماية وغيرها من التدابير",
        "zh-hans": "预防、技术援助、保护措施及其他措施",
    },
    3: {
        "fr": "Détection et répression et système judiciaire",
        "es": "Aplicación de la ley y sistema judicial",
        "ru": "Правоохранительная деятельность и судебная система",
        "ar": "إنفاذ القانون والنظام القضائي",
        "zh-hans": "执法和司法系统",
    },
    4: {
        "fr": "Coopération internationale, entraide judiciaire et confiscation",
        "es": "Cooperación internacional, asistencia judicial recíproca y decomiso",
        "ru": "Международное сотрудничество, взаимная правовая помощь и конфискация",
        "ar": "التعاون الدولي والمساعدة القانونية المتبادلة والمصادرة",
        "zh-hans": "国际合作、司法协助和没收",
    },
}

WORKING_GROUPS = {
    "Firearms": {
        "fr": "Armes à feu",
        "es": "Armas de fuego",
        "ru": "Огнестрельное оружие",
        "ar": "الأسلحة النارية",
        "zh-hans": "枪支",
    },
    "Technical Assistance": {
        "fr": "Assistance technique",
        "es": "Asistencia técnica",
        "ru": "Техническая помощь",
        "ar": "المساعدة التقنية",
        "zh-hans": "技术援助",
    },
    "International Cooperation": {
        "fr": "Coopération internationale",
        "es": "Cooperación internacional",
        "ru": "Международное сотрудничество",
        "ar": "التعاون الدولي",
        "zh-hans": "国际合作",
    },
    "Trafficking in Persons": {
        "fr": "Traite des personnes",
        "es": "Trata de personas",
        "ru": "Торговля людьми",
        "ar": "الاتجار بالأشخاص",
        "zh-hans": "贩运人口",
    },
    "Smuggling of Migrants": {
        "fr": "Trafic illicite de migrants",
        "es": "Tráfico ilícito de migrantes",
        "ru": "Незаконный ввоз мигрантов",
        "ar": "تهريب المهاجرين",
        "zh-hans": "偷运移民",
    },
}


def load_reference_names(apps=global_apps) -> None:
    fill_translations(apps.get_model("consultations", "Instrument"), "code", INSTRUMENTS)
    fill_translations(
        apps.get_model("consultations", "Cluster"), "number", one_field(CLUSTERS, "title")
    )
    fill_translations(
        apps.get_model("consultations", "WorkingGroup"), "name", one_field(WORKING_GROUPS, "name")
    )
