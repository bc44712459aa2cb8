"""Writes the fixture spreadsheets in files/ (run once; the files are committed):
the Pakistan alliance's five recommendations of 15 September 2022 (XLSX) and the 45
participants of the pilot initiative's launch in Islamabad (CSV, by category: the
launch brought together government, civil society, academia and the private sector).

    .venv/bin/python -m tests.imports.make_files
"""

from __future__ import annotations

import csv
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"

RECOMMENDATIONS = [
    (
        "CSA-PAK-2022-01",
        "Ratify the remaining UNTOC Protocols",
        "Welcoming the recent ratification of the Trafficking in Persons Protocol, ratify the "
        "remaining Protocols: against the Smuggling of Migrants and against the Illicit "
        "Manufacturing of and Trafficking in Firearms.",
        "Smuggling of Migrants Protocol, Firearms Protocol",
        "Ratification",
        "Submitted",
    ),
    (
        "CSA-PAK-2022-02",
        "Increase research on organized crime and access to national data",
        "Address the lack of research: increase research on organized crime and give access "
        "to national data.",
        "UNTOC",
        "Research and data",
        "Submitted",
    ),
    (
        "CSA-PAK-2022-03",
        "Create a centralized task force against organized crime",
        "Address serious crimes with a centralized task force against organized crime, to "
        "avoid fragmentation and approach the issue holistically at the national level.",
        "UNTOC",
        "Institutional coordination",
        "Submitted",
    ),
    (
        "CSA-PAK-2022-04",
        "Provide resources and regulations to address cybercrime",
        "Provide resources and regulations to address the rise of cybercrime.",
        "UNTOC",
        "Cybercrime",
        "Submitted",
    ),
    (
        "CSA-PAK-2022-05",
        "Prioritize support to victims, human rights and gender",
        "Prioritize support to victims of organized crime, as well as human rights and "
        "gender issues.",
        "UNTOC, Trafficking in Persons Protocol",
        "Victims and human rights, Gender",
        "Submitted",
    ),
]

#: 45 participants: government, civil society, academia, private sector, UN
ATTENDANCE = [
    ("Government", 14),
    ("Civil society / NGO", 18),
    ("Academia", 6),
    ("Private sector", 4),
    ("Intergovernmental / UN", 3),
]


def write_recommendations(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    sheet.append(["External id", "Title", "Recommendation", "Instruments", "Themes", "Status"])
    for row in RECOMMENDATIONS:
        sheet.append(list(row))
    workbook.save(path)


def write_attendance(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Participant", "Organization", "Category"])
        n = 0
        for category, count in ATTENDANCE:
            for _i in range(count):
                n += 1
                writer.writerow([f"Participant {n:02d}", f"{category} delegation", category])


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    write_recommendations(FILES / "pakistan-alliance-recommendations.xlsx")
    write_attendance(FILES / "pakistan-launch-attendance.csv")
