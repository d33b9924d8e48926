"""Regenerate resources/vocabularies/concepts.csv, the subset of the EU vocabularies the app ships.

Sources: ../shared/standards/edc/derived/controlled-vocabularies-from-elm-xsd.csv (URIs, English
labels) and ../shared/glossary/eu_vocabularies.csv (Lithuanian and Latvian labels where known).
Run: .venv/bin/python tools/make_vocabularies.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ELM = SHARED / "standards/edc/derived/controlled-vocabularies-from-elm-xsd.csv"
GLOSSARY = SHARED / "glossary/eu_vocabularies.csv"
OUT = ROOT / "resources/vocabularies/concepts.csv"

# ELM xsd file -> our vocabulary name
WANTED = {
    "eqf.xsd": "eqf",
    "europass-modes.xsd": "mode",
    "europass-learning-setting-types.xsd": "setting",
    "europass-learning-assessment-types.xsd": "assessment",
    "credit-points.xsd": "credit",
    "europass-learning-activity-types.xsd": "activity",
    "europass-learning-opportunity-types.xsd": "opportunity",
    "europass-credential-types.xsd": "credential",
    "isced-f.xsd": "isced-f",
    "language.xsd": "language",
    "country.xsd": "country",
    "nqf.xsd": "nqf",
}
# ISO 639-1 -> EU authority table code, for the languages a course may be taught in
LANGUAGES = {
    "bg": "BUL", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA",
    "et": "EST", "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA",
    "lt": "LIT", "lv": "LAV", "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON",
    "sk": "SLK", "sl": "SLV", "sv": "SWE", "no": "NOR", "is": "ISL", "uk": "UKR", "ru": "RUS",
    "be": "BEL", "tr": "TUR", "sq": "SQI", "mk": "MKD", "sr": "SRP", "bs": "BOS", "ka": "KAT",
}
# ISO 3166-1 alpha-2 -> EU authority table code, for issuer countries
COUNTRIES = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK",
    "EE": "EST", "EL": "GRC", "GR": "GRC", "ES": "ESP", "FI": "FIN", "FR": "FRA", "HR": "HRV",
    "HU": "HUN", "IE": "IRL", "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT",
    "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK",
    "IS": "ISL", "LI": "LIE", "NO": "NOR", "CH": "CHE", "GB": "GBR", "UA": "UKR", "MD": "MDA",
    "GE": "GEO", "RS": "SRB", "ME": "MNE", "MK": "MKD", "AL": "ALB", "BA": "BIH", "TR": "TUR",
}
SUPERVISION = [  # not in the ELM xsd extract; from the glossary (confirmed rows only)
    ("http://data.europa.eu/snb/supervision-verification/c598449d64", "unsupervised"),
    ("http://data.europa.eu/snb/supervision-verification/70be69aaf9", "supervised-with-id"),
]


def main() -> int:
    glossary = {row["concept_uri"]: row for row in csv.DictReader(GLOSSARY.open(encoding="utf-8"))}
    lang_codes = {v: k for k, v in LANGUAGES.items()}
    country_codes = {v: k for k, v in COUNTRIES.items() if k != "GR"}
    rows = []
    for row in csv.DictReader(ELM.open(encoding="utf-8")):
        vocab = WANTED.get(row["xsd_file"])
        if not vocab:
            continue
        uri, tail = row["concept_uri"], row["concept_uri"].rsplit("/", 1)[-1]
        notation = ""
        if vocab == "language":
            if tail not in lang_codes:
                continue
            notation = lang_codes[tail]
        elif vocab == "country":
            if tail not in country_codes:
                continue
            notation = country_codes[tail]
        elif vocab in ("eqf", "isced-f"):
            notation = tail
        elif vocab == "mode":
            notation = row["label_en"].lower()
        elif vocab == "setting":
            notation = row["label_en"].removesuffix(" learning")
        elif vocab == "nqf" and not any(k in row["label_en"] for k in ("LTQF", "LQF Level", "Latvian", "Lithuanian")):
            continue
        extra = glossary.get(uri, {})
        rows.append({
            "vocabulary": vocab, "uri": uri, "scheme": row["concept_scheme(targetNamespace)"],
            "notation": notation, "en": row["label_en"],
            "lt": extra.get("lt", ""), "lv": extra.get("lv", ""),
        })
    for uri, notation in SUPERVISION:
        extra = glossary[uri]
        rows.append({
            "vocabulary": "supervision", "uri": uri, "scheme": extra["scheme_uri"], "notation": notation,
            "en": extra["en_prefLabel"], "lt": extra.get("lt", ""), "lv": extra.get("lv", ""),
        })
    rows.sort(key=lambda r: (r["vocabulary"], r["uri"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ["vocabulary", "uri", "scheme", "notation", "en", "lt", "lv"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} concepts -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
