"""Coarse genres from subject codes: the top-level headings of Thema and BIC, and BISAC's first part.

Thema and BIC codes are hierarchical: the first letter is the top-level heading (Thema qualifiers,
which start with a digit, say where or for whom, not what, and are skipped).
"""

THEMA_HEADINGS = {
    "A": "The Arts",
    "C": "Language and Linguistics",
    "D": "Biography, Literature and Literary Studies",
    "F": "Fiction",
    "G": "Reference and Interdisciplinary",
    "J": "Society and Social Sciences",
    "K": "Economics, Finance, Business and Management",
    "L": "Law",
    "M": "Medicine and Nursing",
    "N": "History and Archaeology",
    "P": "Mathematics and Science",
    "Q": "Philosophy and Religion",
    "R": "Earth Sciences, Geography, Environment, Planning",
    "S": "Sports and Outdoor Recreation",
    "T": "Technology, Engineering, Agriculture",
    "U": "Computing and Information Technology",
    "V": "Health, Relationships and Personal Development",
    "W": "Lifestyle, Hobbies and Leisure",
    "X": "Graphic Novels, Comics, Cartoons",
    "Y": "Children's, Teenage and Educational",
}

BIC_HEADINGS = {
    "A": "The Arts",
    "B": "Biography and True Stories",
    "C": "Language and Linguistics",
    "D": "Literature and Literary Studies",
    "E": "English Language Teaching",
    "F": "Fiction",
    "G": "Reference and Interdisciplinary",
    "H": "Humanities",
    "J": "Society and Social Sciences",
    "K": "Economics, Finance, Business and Management",
    "L": "Law",
    "M": "Medicine",
    "P": "Mathematics and Science",
    "R": "Earth Sciences, Geography, Environment, Planning",
    "T": "Technology, Engineering, Agriculture",
    "U": "Computing and Information Technology",
    "V": "Health and Personal Development",
    "W": "Lifestyle, Sport and Leisure",
    "Y": "Children's, Teenage and Educational",
}


def genre_for(subjects: list[dict]) -> str:
    """The heading of the first Thema subject, else BIC, else the first part of a BISAC description."""
    for scheme, headings in (("THEMA", THEMA_HEADINGS), ("BIC", BIC_HEADINGS)):
        for subject in subjects:
            code = subject.get("code") or ""
            if subject.get("scheme") == scheme and code[:1] in headings:
                return headings[code[:1]]
    for subject in subjects:
        if subject.get("scheme") == "BISAC" and subject.get("description"):
            return subject["description"].split("/")[0].strip().title()
    return ""
