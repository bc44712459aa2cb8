"""The words of the benchmark's data set: recommendation texts assembled from the
domain's vocabulary (cybercrime, victims, firearms, smuggling of migrants, task forces,
data...), so that full-text search meets a realistic selectivity."""

from __future__ import annotations

import random

TOPICS: dict[str, list[str]] = {
    "cybercrime": [
        "specialized cybercrime units in the police and the prosecution service",
        "legislation on electronic evidence and the preservation of computer data",
        "regulation of online platforms used for trafficking and fraud",
        "training of judges on cybercrime and digital forensics",
        "a national computer emergency response team that cooperates with investigators",
    ],
    "victims-and-human-rights": [
        "shelters, medical care and legal aid for victims of trafficking in persons",
        "a witness protection programme for victims of organized crime",
        "non-punishment of victims for offences they were compelled to commit",
        "compensation schemes for victims of organized crime",
        "human rights safeguards in the investigation of smuggling of migrants",
    ],
    "research-and-data": [
        "a national database on organized crime with published statistics",
        "access for researchers and civil society to court and prosecution data",
        "a yearly threat assessment on transnational organized crime",
        "research on the links between corruption and organized crime",
    ],
    "institutional-coordination": [
        "a centralized national task force against organized crime",
        "inter-agency coordination between customs, police and financial intelligence",
        "a permanent dialogue mechanism between the Government and civil society",
        "a national action plan with a budget and indicators",
    ],
    "ratification": [
        "the ratification of the Protocol against the Smuggling of Migrants",
        "the ratification of the Firearms Protocol",
        "the deposit of the instrument of ratification of the Trafficking in Persons Protocol",
        "the withdrawal of reservations to the dispute-settlement article",
    ],
    "gender": [
        "gender-sensitive screening of trafficking victims at borders",
        "the participation of women's organizations in the review process",
        "support services for women and girls exploited by criminal groups",
    ],
    "border-management": [
        "joint border patrols and information exchange with neighbouring States",
        "training of border guards to identify smuggled migrants and trafficking victims",
        "controls on the illicit trafficking of firearms, their parts and ammunition",
        "marking and record-keeping of firearms and the tracing of seized weapons",
    ],
    "legal-reform": [
        "the criminalization of participation in an organized criminal group",
        "laws on the confiscation and seizure of the proceeds of crime",
        "mutual legal assistance and extradition procedures with shorter delays",
        "the liability of legal persons for offences under the Convention",
        "protection of journalists and whistle-blowers who report organized crime",
    ],
}
SUBJECTS = [
    "The Government", "The national focal person", "The Ministry of Interior",
    "The Ministry of Justice", "Parliament", "The federal investigation agency",
    "The prosecution service", "Law enforcement agencies", "The national task force",
    "Provincial authorities", "The financial intelligence unit",
]
VERBS = [
    "should establish", "should strengthen", "is urged to adopt", "should fund",
    "should review and publish", "should create", "should support", "should prioritize",
    "is encouraged to develop", "should guarantee",
]
QUALIFIERS = [
    "in consultation with civil society and academia",
    "within twelve months of the country review",
    "with adequate human and financial resources",
    "with the technical assistance of UNODC",
    "at the national and provincial levels",
    "and report on progress to the Conference of the Parties",
    "in line with the recommendations of the constructive dialogue",
    "with the participation of the private sector",
]
EVIDENCE = [
    "Civil society organizations report",
    "Academic research presented at the pilot launch shows",
    "The parallel civil society report documents",
    "Members of the alliance observed",
    "Recent court cases show",
    "Data published by the statistics office suggest",
]
FINDINGS = [
    "that criminal groups adapt quickly to new technologies",
    "that victims rarely receive support before the trial",
    "that cases are delayed by slow mutual legal assistance",
    "that the lack of data prevents an informed policy",
    "that coordination between agencies remains weak",
    "that smuggling networks operate across several borders",
    "that firearms seized are rarely traced to their origin",
    "that the proceeds of crime are seldom confiscated",
]
ORG_WORDS = [
    "Centre", "Institute", "Foundation", "Network", "Forum", "Initiative", "Council",
    "Observatory", "Association", "Coalition", "Society", "Alliance",
]
ORG_TOPICS = [
    "Governance Research", "Human Rights", "Justice and Peace", "Migrant Rights",
    "Victim Support", "Digital Rights", "Anti-Corruption", "Rule of Law", "Women's Rights",
    "Youth Development", "Legal Aid", "Security Studies", "Transparency", "Child Protection",
]
EVENT_KINDS = ["constructive_dialogue", "training", "follow_up_conference", "side_event",
               "workshop", "pilot_launch"]


def _sentence(rng: random.Random, party_name: str) -> tuple[str, str]:
    theme = rng.choice(list(TOPICS))
    topic = rng.choice(TOPICS[theme])
    subject = rng.choice(SUBJECTS)
    if rng.random() < 0.3:
        subject = f"{subject} of {party_name}"
    return theme, f"{subject} {rng.choice(VERBS)} {topic} {rng.choice(QUALIFIERS)}."


def recommendation_text(rng: random.Random, party_name: str) -> tuple[str, str, str, set]:
    """Title, text, rationale and the themes it touches."""
    themes: set[str] = set()
    sentences = []
    for _ in range(rng.randint(2, 5)):
        theme, sentence = _sentence(rng, party_name)
        themes.add(theme)
        sentences.append(sentence)
    main = sentences[0]
    first_theme = next(t for t in TOPICS if t in themes)
    title_topic = rng.choice(TOPICS[first_theme])
    title = (rng.choice(["Establish", "Strengthen", "Adopt", "Fund", "Ensure", "Support"])
             + " " + title_topic)[:200]
    rationale = " ".join(f"{rng.choice(EVIDENCE)} {rng.choice(FINDINGS)}."
                         for _ in range(rng.randint(1, 3)))
    return title, " ".join([main, *sentences[1:]]), rationale, themes
