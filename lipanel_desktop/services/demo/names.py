"""Fictional people, places and contacts, obviously so.

Every surname is made up from a word meaning "sample", "example", "test", "fake" or
"made up" (in English, Welsh, Polish, Irish, Romanian and Turkish), so no demo record
can be mistaken for, or match, a real family. Letters beyond ASCII (ŵ ŷ ł ś ș ă ğ ö á î)
are there on purpose: every screen, search and PDF must cope with them.
Telephone numbers are in Ofcom's range for drama (0161 496 0000–0999); e-mail domains
end in `.example`; postcodes are not real ones.

`seed(ctx)` names the organisation's office holders and gives each agency a fictional
address, telephone and e-mail, and a panel representative.
"""

from __future__ import annotations

import random

from sqlalchemy import update

from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services import organisation
from lipanel_desktop.services.demo.context import DemoContext, Person

SURNAMES: tuple[str, ...] = (
    # English
    "Sampleton", "Examplefield", "Testwood", "Demoford", "Fictionby", "Mockbridge",
    "Specimenworth", "Madeupson", "Pretendale", "Notrealby", "Fauxley", "Sampleby",
    "Trialsworth", "Dummyshaw", "Placeholder", "Fakeworth-Sample",
    # Welsh (enghraifft, esiampl = example; ffug = fake)
    "Esiamplŵyn", "Ffugŷdd", "Enghraifftwen", "Ffug-Esiampl",
    # Polish (przykład = example; testowy = test; zmyślony = made up)
    "Przykładowski", "Testowska", "Zmyślony", "Próbkowski",
    # Irish (sampla = sample; bréag = fake)
    "Ó Samplacháin", "Mac Bréagáin", "Ní Shamplaigh",
    # Romanian (exemplu = example; probă = sample; fictiv = fictional)
    "Exemplescu", "Probășescu", "Fictivescu", "Închipuitu",
    # Turkish (örnek = example; deneme = test; sahte = fake)
    "Örnekoğlu", "Denemecioğlu", "Sahteoğlu", "Örnekçi",
)

GIRLS: tuple[str, ...] = (
    "Amelia", "Isla", "Freya", "Priya", "Aisha", "Zara", "Maya", "Ruby", "Chloe", "Grace",
    "Siân", "Gwenllïan", "Ffion", "Zofia", "Małgorzata", "Aoife", "Niamh", "Órla",
    "Ioana", "Ștefania", "Ayşe", "Çağla", "Elif", "Mei", "Adaeze",
)
BOYS: tuple[str, ...] = (
    "Oliver", "Jack", "Harry", "Noah", "Mohammed", "Arjun", "Kwame", "Leo", "Finley", "Theo",
    "Dafydd", "Rhŷs", "Iolo", "Łukasz", "Wojciech", "Seán", "Oisín", "Ciarán",
    "Ștefan", "Răzvan", "Gökhan", "Oğuz", "Emre", "Wei", "Chidi",
)
ADULT_FIRST: tuple[str, ...] = GIRLS[:12] + BOYS[:12] + ("Bronwen", "Tadeusz", "Bríd", "Mircea", "Gülay", "Hywel")

STREETS = (
    "Sample Street", "Example Road", "Placeholder Lane", "Fictional Avenue", "Demo Close",
    "Specimen Row", "Stryd Esiampl", "Test Crescent", "Mockingbird Walk", "Pretend Gardens",
)
TOWNS = ("Sampletown", "Exampleton", "Demoport", "Testbury")

JOB_TITLES = {
    "Safeguarding Children Unit": "Safeguarding Practice Lead",
    "Children's Social Care": "Team Manager, Children's Social Care",
    "Police": "Detective Inspector, Public Protection",
    "Education": "Designated Safeguarding Lead",
    "Health": "Named Nurse for Safeguarding",
}


def surname(rng: random.Random) -> str:
    return rng.choice(SURNAMES)


def child_name(rng: random.Random, sex: str, family: str) -> str:
    first = rng.choice(GIRLS if sex == "female" else BOYS)
    return f"{first} {family}"


def adult_name(rng: random.Random, family: str | None = None) -> str:
    return f"{rng.choice(ADULT_FIRST)} {family or surname(rng)}"


def address(rng: random.Random) -> str:
    number = rng.randint(1, 199)
    postcode = f"XX{rng.randint(1, 9)} {rng.randint(1, 9)}XX"
    return f"{number} {rng.choice(STREETS)}, {rng.choice(TOWNS)} {postcode}"


def telephone(rng: random.Random) -> str:
    return f"0161 496 0{rng.randint(0, 999):03d}"


def email_for(name: str, domain: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{local or 'contact'}@{domain}.example"


def person(rng: random.Random, title: str, domain: str) -> Person:
    name = adult_name(rng)
    return Person(name, title, f"{telephone(rng)} · {email_for(name, domain)}")


def _domain(agency_name: str) -> str:
    return "".join(ch for ch in agency_name.lower() if ch.isascii() and ch.isalnum())[:24] or "agency"


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("names")
    s = ctx.session
    ctx.people["head"] = person(rng, ctx.settings["head_of_safeguarding_title"], "sampleboard")
    ctx.people["director"] = person(rng, ctx.settings["service_director_title"], "sampleboard")
    ctx.people["independent_chair"] = person(rng, ctx.settings["independent_chair_title"], "sampleboard")
    ctx.people["unit"] = person(rng, "Safeguarding Children Unit Administrator", "sampleboard")
    ctx.people["reviewer"] = person(rng, "Independent reviewer", "reviewers")
    for key, value in (
        ("head_of_safeguarding_name", ctx.people["head"].name),
        ("service_director_name", ctx.people["director"].name),
        ("independent_chair_name", ctx.people["independent_chair"].name),
        ("default_meeting_place", "Room 2, Example House, Sampletown"),
    ):
        organisation.write(s, key, value)
    for agency in ctx.agencies:
        domain = _domain(agency.name)
        ctx.representatives[agency.id] = person(rng, JOB_TITLES.get(agency.name, "Safeguarding Lead"), domain)
        s.execute(
            update(Agency)
            .where(Agency.id == agency.id)
            .values(address=address(rng), telephone=telephone(rng), email=f"safeguarding@{domain}.example")
        )
