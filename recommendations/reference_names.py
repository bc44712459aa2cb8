"""Themes and SDG targets in the other five UN languages (the SDG targets as the General
Assembly adopted them in each language, resolution 70/1). Filled into ``translations``
by a data migration and by ``load_reference``."""

from __future__ import annotations

from django.apps import apps as global_apps

from portal.core.translated import fill_translations, one_field

THEMES = {
    "research-and-data": {
        "fr": "Recherche et données",
        "es": "Investigación y datos",
        "ru": "Исследования и данные",
        "ar": "البحوث والبيانات",
        "zh-hans": "研究和数据",
    },
    "institutional-coordination": {
        "fr": "Coordination institutionnelle",
        "es": "Coordinación institucional",
        "ru": "Межведомственная координация",
        "ar": "التنسيق المؤسسي",
        "zh-hans": "机构协调",
    },
    "cybercrime": {
        "fr": "Cybercriminalité",
        "es": "Ciberdelincuencia",
        "ru": "Киберпреступность",
        "ar": "الجرائم السيبرانية",
        "zh-hans": "网络犯罪",
    },
    "victims-and-human-rights": {
        "fr": "Victimes et droits humains",
        "es": "Víctimas y derechos humanos",
        "ru": "Потерпевшие и права человека",
        "ar": "الضحايا وحقوق الإنسان",
        "zh-hans": "被害人和人权",
    },
    "gender": {
        "fr": "Genre",
        "es": "Género",
        "ru": "Гендерная проблематика",
        "ar": "المنظور الجنساني",
        "zh-hans": "性别平等",
    },
    "ratification": {
        "fr": "Ratification",
        "es": "Ratificación",
        "ru": "Ратификация",
        "ar": "التصديق",
        "zh-hans": "批准",
    },
    "border-management": {
        "fr": "Gestion des frontières",
        "es": "Gestión de fronteras",
        "ru": "Пограничный контроль",
        "ar": "إدارة الحدود",
        "zh-hans": "边境管理",
    },
    "legal-reform": {
        "fr": "Réforme juridique",
        "es": "Reforma legislativa",
        "ru": "Правовая реформа",
        "ar": "الإصلاح القانوني",
        "zh-hans": "法律改革",
    },
}

SDG_TARGETS = {
    "16.1": {
        "fr": "Réduire nettement, partout dans le monde, toutes les formes de violence et "
        "les taux de mortalité qui y sont associés",
        "es": "Reducir significativamente todas las formas de violencia y las "
        "correspondientes tasas de mortalidad en todo el mundo",
        "ru": "Значительно сократить распространенность всех форм насилия и связанные с "
        "ним показатели смертности во всем мире",
        "ar": "الحد بدرجة كبيرة من جميع أشكال العنف وما يتصل به من معدلات الوفيات في كل مكان",
        "zh-hans": "在全世界大幅减少一切形式的暴力和相关的死亡率",
    },
    "16.2": {
        "fr": "Mettre un terme à la maltraitance, à l’exploitation et à la traite, et à "
        "toutes les formes de violence et de torture dont sont victimes les enfants",
        "es": "Poner fin al maltrato, la explotación, la trata y todas las formas de "
        "violencia y tortura contra los niños",
        "ru": "Положить конец надругательствам, эксплуатации, торговле детьми и всем "
        "формам насилия и пыток в отношении детей",
        "ar": "إنهاء إساءة معاملة الأطفال واستغلالهم والاتجار بهم وتعذيبهم وسائر أشكال "
        "العنف المرتكب ضدهم",
        "zh-hans": "制止对儿童进行虐待、剥削、贩卖以及一切形式的暴力和酷刑",
    },
    "16.3": {
        "fr": "Promouvoir l’état de droit aux niveaux national et international et donner "
        "à tous accès à la justice dans des conditions d’égalité",
        "es": "Promover el estado de derecho en los planos nacional e internacional y "
        "garantizar la igualdad de acceso a la justicia para todos",
        "ru": "Содействовать верховенству права на национальном и международном уровнях "
        "и обеспечить всем равный доступ к правосудию",
        "ar": "تعزيز سيادة القانون على الصعيدين الوطني والدولي وضمان تكافؤ فرص وصول "
        "الجميع إلى العدالة",
        "zh-hans": "在国家和国际层面促进法治，确保所有人都有平等诉诸司法的机会",
    },
    "16.4": {
        "fr": "Réduire nettement les flux financiers illicites et le trafic d’armes, "
        "renforcer les activités de récupération et de restitution des biens volés "
        "et lutter contre toutes les formes de criminalité organisée",
        "es": "Reducir significativamente las corrientes financieras y de armas ilícitas, "
        "fortalecer la recuperación y devolución de los activos robados y luchar "
        "contra todas las formas de delincuencia organizada",
        "ru": "Значительно сократить незаконные финансовые потоки и потоки оружия, "
        "активизировать деятельность по обнаружению и возвращению похищенных "
        "активов и вести борьбу со всеми формами организованной преступности",
        "ar": "الحد بقدر كبير من التدفقات غير المشروعة للأموال والأسلحة، وتعزيز استرداد "
        "الأصول المسروقة وإعادتها، ومكافحة جميع أشكال الجريمة المنظمة",
        "zh-hans": "大幅减少非法资金和武器流动，加强追赃和被盗资产返还力度，"
        "打击一切形式的有组织犯罪",
    },
    "17.16": {
        "fr": "Renforcer le Partenariat mondial pour le développement durable, associé à "
        "des partenariats multipartites",
        "es": "Mejorar la Alianza Mundial para el Desarrollo Sostenible, complementada "
        "por alianzas entre múltiples interesados",
        "ru": "Укреплять Глобальное партнерство в интересах устойчивого развития, "
        "дополняемое партнерскими связями с участием многих заинтересованных "
        "сторон",
        "ar": "تعزيز الشراكة العالمية من أجل التنمية المستدامة، واستكمالها بشراكات بين "
        "أصحاب المصلحة المتعددين",
        "zh-hans": "加强全球可持续发展伙伴关系，以多利益攸关方伙伴关系作为补充",
    },
    "17.17": {
        "fr": "Encourager et promouvoir les partenariats publics, les partenariats "
        "public-privé et les partenariats avec la société civile",
        "es": "Fomentar y promover la constitución de alianzas eficaces en las esferas "
        "pública, público-privada y de la sociedad civil",
        "ru": "Стимулировать и поощрять эффективное партнерство между государственными "
        "организациями, между государственным и частным сектором и между "
        "организациями гражданского общества",
        "ar": "تشجيع وتعزيز الشراكات الفعالة بين القطاع العام والقطاع الخاص وشراكات المجتمع المدني",
        "zh-hans": "鼓励和推动建立有效的公共、公私和民间社会伙伴关系",
    },
}


def load_taxonomy_names(apps=global_apps) -> None:
    fill_translations(apps.get_model("recommendations", "Theme"), "slug", one_field(THEMES, "name"))
    fill_translations(
        apps.get_model("recommendations", "SdgTarget"), "code", one_field(SDG_TARGETS, "title")
    )
