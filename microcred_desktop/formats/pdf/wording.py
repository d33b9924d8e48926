"""What the certificate says, in one of the course's languages (English source strings, gettext catalogues)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from microcred_desktop.domain.course import AchievementKind, Course
from microcred_desktop.i18n import N_, translator
from microcred_desktop.vocabularies import by_uri, find

# Values the EU vocabularies have no concept for (so no label), worded by us.
WITHOUT_CONCEPT = {
    ("supervision", "supervised"): N_("supervised, without identity verification"),
}


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Wording:
    """The fixed text of a certificate in one language `lang`."""

    lang: str

    def gettext(self, message: str) -> str:
        """`message` (an English source string) in this language."""
        return translator(self.lang).gettext(message)

    def heading(self, kind: AchievementKind) -> str:
        tr = translator(self.lang)
        if kind is AchievementKind.VOLUNTEERING:
            return tr.gettext("Certificate of recognition")
        if kind is AchievementKind.PARTICIPATION:
            return tr.gettext("Certificate of participation")
        return tr.gettext("Certificate")

    def phrase(self, kind: AchievementKind) -> str:
        """The words between the learner's name and the course title."""
        tr = translator(self.lang)
        if kind is AchievementKind.VOLUNTEERING:
            return tr.gettext("in recognition of the time, commitment and skills given to")
        if kind is AchievementKind.PARTICIPATION:
            return tr.gettext("has taken part in")
        return tr.gettext("has successfully completed")

    def date_text(self, day: date) -> str:
        return format_date(day, "long", locale=_locale(self.lang))

    def number(self, value: Decimal) -> str:
        return format_decimal(value, locale=_locale(self.lang))

    def hours(self, value: Decimal) -> str:
        count = int(value) if value == value.to_integral_value() else 2
        return translator(self.lang).ngettext("{hours} hour", "{hours} hours", count).format(hours=self.number(value))

    def workload(self, course: Course) -> str:
        parts: list[str] = []
        if course.ects is not None:
            parts.append(translator(self.lang).gettext("{ects} ECTS").format(ects=self.number(course.ects)))
        if course.hours is not None:
            parts.append(self.hours(course.hours))
        return " / ".join(parts)

    def eqf(self, level: int) -> str:
        return translator(self.lang).gettext("EQF level {level}").format(level=level)

    def facts(self, course: Course, day: date) -> str:
        """The one line under the title: date · EQF level · ECTS / hours."""
        parts = [self.date_text(day)]
        if course.eqf_level:
            parts.append(self.eqf(course.eqf_level))
        if workload := self.workload(course):
            parts.append(workload)
        return "  ·  ".join(parts)

    def concept(self, vocabulary: str, value: str | None) -> str:
        """The label of a coded value (URI, notation or enum value) in this language."""
        if not value:
            return ""
        concept = by_uri(value) or find(vocabulary, value)
        if concept:
            return concept.label(self.lang)
        if (vocabulary, value) in WITHOUT_CONCEPT:
            return self.gettext(WITHOUT_CONCEPT[vocabulary, value])
        return value

    def country(self, code: str) -> str:
        return _locale(self.lang).territories.get(code.upper(), code)

    def verify_help(self, verify_url: str, has_edc: bool) -> str:
        tr = translator(self.lang)
        text = tr.gettext(
            "Scan the QR code on the first page: the microcred app checks the issuer's signature "
            "without an internet connection."
        )
        if verify_url:
            text += " " + tr.gettext("You can also open {url} to check it.").format(url=verify_url)
        if has_edc:
            text += " " + tr.gettext(
                "The sealed European Digital Credential attached to this PDF can be checked in Europass "
                "and in other credential verifiers; its fingerprint is signed in the QR code."
            )
        return text
