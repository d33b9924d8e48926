"""Translation for every user-visible string, in Qt and non-Qt code alike.

One system: GNU gettext catalogues (``resources/locale/<lang>/LC_MESSAGES/microcred.mo``),
compiled with Babel. Code marks strings with ``_()`` (``from gettext import gettext as _``
in ``domain/``, which may import nothing of ours; ``from microcred_desktop.i18n import _``
elsewhere). Both resolve through the process-wide text domain that :func:`set_language`
binds, so switching language takes effect for every string looked up afterwards.
Certificates are worded in the course's languages, not the user's: :func:`translator`.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import babel
import babel.dates
import babel.numbers

from .resources import resource

DOMAIN = "microcred"
LANGUAGES: dict[str, str] = {"en": "English", "lt": "Lietuvių", "lv": "Latviešu"}
_current = "en"


def locale_dir() -> Path:
    return Path(str(resource("locale")))


def _(message: str) -> str:
    return _gettext.dgettext(DOMAIN, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext.dngettext(DOMAIN, singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it with _() where it is shown."""
    return message


def system_language() -> str:
    """The OS language when it is one we have, else English."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if code:
                break
    try:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
    except ValueError:
        code = ""
    return code if code in LANGUAGES else "en"


def set_language(code: str | None) -> str:
    """Use `code` (or the system language) for every string translated from now on."""
    global _current
    code = code if code in LANGUAGES else system_language()
    _gettext.bindtextdomain(DOMAIN, str(locale_dir()))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = code
    _current = code
    return code


def current_language() -> str:
    return _current


@cache
def translator(lang: str) -> _gettext.NullTranslations:
    """The catalogue of one language, for text that must be in that language (certificates, e-mails)."""
    return _gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)


# --- dates and numbers in the reader's language (Babel, CLDR data) --------------------------------


def _babel_locale(lang: str | None) -> babel.Locale:
    try:
        return babel.Locale.parse((lang or _current).replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError, TypeError):
        return babel.Locale.parse("en")


def format_date(d: date, lang: str | None = None, format: str = "medium") -> str:
    """`d` as the language writes it (lt: 2024-03-05 or 2024 m. kovo 5 d.; lv: 2024. gada 5. marts).

    `lang` defaults to the app's language; `format` is "short", "medium", "long" or "full"."""
    return babel.dates.format_date(d, format=format, locale=_babel_locale(lang))


def format_decimal(number: Decimal | float | int, lang: str | None = None) -> str:
    """`number` with the language's decimal sign and grouping (lt, lv: 1 234,5; en: 1,234.5)."""
    return babel.numbers.format_decimal(number, locale=_babel_locale(lang))


def language_display_name(code: str, lang: str | None = None) -> str:
    """The name of language `code` in `lang` (default: the app's language), from Babel's CLDR data."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang or _current).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else code


def country_display_name(alpha2: str, lang: str | None = None) -> str:
    """The name of country `alpha2` (ISO 3166-1, e.g. "LT") in `lang` (default: the app's language)."""
    from babel import Locale, UnknownLocaleError

    code = "GR" if alpha2.upper() == "EL" else alpha2.upper()
    try:
        return Locale.parse(lang or _current).territories.get(code) or alpha2
    except (UnknownLocaleError, ValueError):
        return alpha2
