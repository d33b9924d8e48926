"""A demo catalogue to explore the app with: an organisation, four courses, thirty learners."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from .. import vocabularies
from ..domain.course import AchievementKind, Course, LearningOutcome, Mode, Setting, Supervision
from ..domain.learner import Learner
from ..domain.organisation import Organisation
from ..storage.catalogue import Catalogue


def _uri(vocab: str, value: str) -> str:
    concept = vocabularies.find(vocab, value)
    assert concept is not None, (vocab, value)
    return concept.uri


ORGANISATION = Organisation(
    legal_name={"lt": "VšĮ Šiaurės mokymo centras", "en": "North Training Centre"},
    short_name="Šiaurės MC",
    legal_identifier="LT123456715",
    identifier_scheme="VAT",
    country="LT",
    address="Laisvės al. 12, LT-44240 Kaunas, Lietuva",
    website="https://mokymai.example.lt",
    email="info@mokymai.example.lt",
    signatory_name="Aušra Kazlauskienė",
    signatory_title={"lt": "Direktorė", "en": "Director"},
    accent_colour="#1f5fa8",
    default_language="lt",
)

COURSES = [
    Course(
        code="WELD-01",
        title={"lt": "Suvirinimo pagrindai MIG/MAG būdu"},
        description={"lt": "Praktinis kursas pradedantiesiems suvirintojams."},
        languages=("lt",),
        learning_outcomes=(
            LearningOutcome({"lt": "Saugiai paruošti suvirinimo vietą ir įrangą."}),
            LearningOutcome({"lt": "Atlikti kampines siūles MIG/MAG būdu pagal LST EN ISO 9606-1."}),
        ),
        ects=Decimal("5"), hours=Decimal("120"), eqf_level=4, nqf_level="4",
        isced_f=_uri("isced-f", "0715"), assessment=_uri("assessment", "practical assessment"),
        mode=Mode.PRESENTIAL, setting=Setting.FORMAL,
        quality_assurance={"lt": "Programa akredituota Kvalifikacijų ir profesinio mokymo plėtros centre."},
        supervision=Supervision.SUPERVISED_WITH_ID, grading={"lt": "Dešimtbalė sistema, 5 – teigiamas."},
        validity_months=60, kind=AchievementKind.COURSE,
    ),
    Course(
        code="DIGI-BI",
        title={"lt": "Skaitmeninis raštingumas darbe", "en": "Digital literacy at work"},
        description={"lt": "Biuro programos, saugus naršymas ir e. paslaugos.",
                     "en": "Office software, safe browsing and e-services."},
        languages=("lt", "en"),
        learning_outcomes=(
            LearningOutcome({"lt": "Kurti ir formatuoti dokumentus bei skaičiuokles.",
                             "en": "Create and format documents and spreadsheets."},
                            esco="http://data.europa.eu/esco/skill/0ae8d5b0-47d4-4b36-b9b9-06e0d45a4c04"),
            LearningOutcome({"lt": "Atpažinti sukčiavimo el. laiškus ir saugiai naudotis e. paslaugomis.",
                             "en": "Recognise phishing e-mails and use e-services safely."}),
        ),
        ects=Decimal("2"), hours=Decimal("48"), eqf_level=3, isced_f=_uri("isced-f", "0611"),
        assessment=_uri("assessment", "written examination"), mode=Mode.BLENDED, setting=Setting.NON_FORMAL,
        quality_assurance={"lt": "Vidinė kokybės vadybos sistema pagal ISO 9001:2015.",
                           "en": "Internal quality management under ISO 9001:2015."},
        prerequisites={"lt": "Nereikalaujama.", "en": "None."},
        supervision=Supervision.SUPERVISED,
        stacks_into={"lt": "Įskaitoma į programą „Biuro administratorius“ (30 ECTS).",
                     "en": "Counts towards the Office administrator programme (30 ECTS)."},
        further_information={"en": "https://mokymai.example.lt/digi"},
        validity_months=36, kind=AchievementKind.COURSE,
    ),
    Course(
        code="YOUTH-VOL",
        title={"lv": "Brīvprātīgais darbs jauniešu centrā „Ozols”"},
        description={"lv": "Atzīst jauniešu centrā brīvprātīgā darbā apgūtās prasmes."},
        languages=("lv",),
        learning_outcomes=(
            LearningOutcome({"lv": "Plānot un vadīt pasākumu jauniešu grupai."}),
            LearningOutcome({"lv": "Strādāt komandā un risināt konfliktus."}),
        ),
        hours=Decimal("60"), isced_f=_uri("isced-f", "0923"),
        assessment=_uri("assessment", "portfolio"), mode=Mode.PRESENTIAL, setting=Setting.NON_FORMAL,
        quality_assurance={"lv": "Jauniešu centra mentoru novērtējums pēc Youthpass principiem."},
        supervision=Supervision.UNSUPERVISED, kind=AchievementKind.VOLUNTEERING,
    ),
    Course(
        code="FIRST-AID",
        title={"en": "First aid at the workplace", "lt": "Pirmoji pagalba darbe"},
        description={"en": "An eight-hour first-aid workshop with practice on manikins."},
        languages=("en",),
        learning_outcomes=(LearningOutcome({"en": "Give basic life support and use an AED."}),),
        hours=Decimal("8"), isced_f=_uri("isced-f", "1022"),
        assessment=_uri("assessment", "level of attendance"), mode=Mode.PRESENTIAL, setting=Setting.NON_FORMAL,
        quality_assurance={"en": "Trainers certified by the national Red Cross society."},
        validity_months=24, kind=AchievementKind.PARTICIPATION,
    ),
]

LT_NAMES = [
    ("Žydrūnė", "Ąžuolaitė-Šimkienė"), ("Jonas", "Petrauskas"), ("Aistė", "Kazlauskaitė"), ("Mindaugas", "Jankauskas"),
    ("Rūta", "Stankevičienė"), ("Tomas", "Vasiliauskas"), ("Gintarė", "Žukauskaitė"), ("Darius", "Butkus"),
    ("Eglė", "Paulauskienė"), ("Šarūnas", "Urbonas"), ("Ieva", "Navickaitė"), ("Kęstutis", "Čepulis"),
    ("Ugnė", "Šimkutė"), ("Vytautas", "Ramanauskas"), ("Gabija", "Ėmužytė"),
]
LV_NAMES = [
    ("Jānis", "Bērziņš"), ("Anna", "Kalniņa"), ("Pēteris", "Ozoliņš"), ("Līga", "Liepiņa"), ("Mārtiņš", "Krūmiņš"),
    ("Ilze", "Zariņa"), ("Kārlis", "Vītols"), ("Inese", "Jansone"), ("Andris", "Ābele"), ("Dace", "Šmite"),
    ("Edgars", "Čakste"), ("Zane", "Gailīte"), ("Raivis", "Ņikitins"), ("Laura", "Strautiņa"), ("Gints", "Ķēniņš"),
]


def _ascii(text: str) -> str:
    from ..storage.convert import fold

    return fold(text).replace(" ", "").replace("-", "")


def demo_learners() -> list[Learner]:
    people = []
    for index, (given, family) in enumerate(LT_NAMES + LV_NAMES, start=1):
        domain = "example.lt" if index <= len(LT_NAMES) else "example.lv"
        email = None if index in (7, 22) else f"{_ascii(given)}.{_ascii(family)}@{domain}"
        people.append(Learner(given_name=given, family_name=family, email=email, external_id=f"D-{index:04d}",
                              date_of_birth=date(1980 + index % 20, 1 + index % 12, 1 + index % 27)))
    return people


def demo_logo_png(colour: str = "#1f5fa8") -> bytes:
    """A simple round emblem, so the demo certificate has a logo."""
    from PIL import Image, ImageDraw

    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=colour)
    draw.ellipse((40, 40, size - 40, size - 40), outline="white", width=10)
    draw.polygon([(128, 64), (188, 176), (68, 176)], fill="white")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def load_demo(catalogue: Catalogue, today: date | None = None) -> None:
    """Fill an empty catalogue with the demo data (does nothing to courses that already exist)."""
    today = today or date.today()
    if catalogue.organisation() is None:
        catalogue.save_organisation(ORGANISATION, logo=demo_logo_png())
    for course in COURSES:
        if catalogue.courses.get(course.code) is None:
            catalogue.courses.add(course)
    catalogue.learners.upsert_many(demo_learners(), source="demo")
    courses = {c.code: c for c in catalogue.courses.all()}
    learners = catalogue.learners.page(limit=100)
    plan = {"WELD-01": learners[:8], "DIGI-BI": learners[5:20], "YOUTH-VOL": learners[18:26],
            "FIRST-AID": learners[::3]}
    with catalogue.sessions.begin() as session:
        for code, people in plan.items():
            course = courses[code]
            assert course.id is not None
            for offset, person in enumerate(people):
                assert person.id is not None
                day = today - timedelta(days=7 + offset % 3)
                grade = str(7 + offset % 4) if code == "WELD-01" else None
                catalogue.completions.add_in(session, person.id, course.id, day, grade)
        catalogue.audit.record(session, "demo.load", "demo catalogue")
