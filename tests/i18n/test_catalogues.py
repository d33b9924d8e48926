"""Every string in the code is translated in every catalogue, with the placeholders of the English.

When this fails after you added or changed a string: run `make catalogs` (tools/catalogs.py), translate
what it lists as untranslated in resources/locale/{lt,lv}/LC_MESSAGES/microcred.po, run it again.
"""

from __future__ import annotations

import gettext
from types import ModuleType

import pytest
from babel.messages.catalog import Message

LANGS = ("lt", "lv")
PLURAL_FORMS = {
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
}


def _listing(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items[:60]) + ("\n  …" if len(items) > 60 else "")


def test_the_template_finds_the_strings(template) -> None:  # type: ignore[no-untyped-def]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    # one string from each kind of marker: _(), ngettext(), N_(), the certificate's gettext()
    assert {"Courses", "{n} course", "Learning outcomes", "has successfully completed"} <= ids
    assert len(ids) > 300


def test_the_stored_template_is_up_to_date(catalogs: ModuleType, template) -> None:  # type: ignore[no-untyped-def]
    stale = catalogs.template_differences(template, catalogs.load(catalogs.TEMPLATE))
    assert not stale, "resources/locale/microcred.pot is stale; run `make catalogs`:" + _listing(stale)


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_is_translated(catalogs: ModuleType, template, lang: str) -> None:  # type: ignore[no-untyped-def]
    found = catalogs.problems(template, catalogs.load(catalogs.po_path(lang), lang), lang)
    assert not found["untranslated"], f"{lang}: untranslated, run `make catalogs` and translate:" + _listing(
        found["untranslated"])
    assert not found["fuzzy"], f"{lang}: fuzzy entries:" + _listing(found["fuzzy"])


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_match_the_english(catalogs: ModuleType, template, lang: str) -> None:  # type: ignore[no-untyped-def]
    found = catalogs.problems(template, catalogs.load(catalogs.po_path(lang), lang), lang)
    assert not found["placeholder"], f"{lang}: broken placeholders:" + _listing(found["placeholder"])


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_header(catalogs: ModuleType, lang: str) -> None:
    catalog = catalogs.load(catalogs.po_path(lang), lang)
    assert catalog.plural_forms == PLURAL_FORMS[lang]
    assert catalog.num_plurals == 3
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals, "no plural messages in the catalogue"
    for message in plurals:
        assert len(message.string) == 3 and all(message.string), f"{lang}: {message.id[0]!r} lacks a plural form"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_the_po(catalogs: ModuleType, template, lang: str) -> None:  # type: ignore[no-untyped-def]
    mo = catalogs.mo_path(lang)
    assert mo.exists(), f"{mo} is missing; run `make catalogs`"
    compiled = catalogs.render_mo(catalogs.updated(template, lang))
    assert mo.read_bytes() == compiled, f"{mo} is stale; run `make catalogs`"
    with mo.open("rb") as f:
        gettext.GNUTranslations(f)  # readable by the standard library, which the app uses


def test_the_checker_catches_broken_placeholders(catalogs: ModuleType) -> None:
    english = Message(("{n} course", "{n} courses"), flags=["python-brace-format"])

    def broken(*strings: str) -> list[str]:
        return catalogs.placeholder_problems(english, Message(english.id, string=strings))

    assert broken("{n} kursas", "{n} kursai", "{n} kursų") == []
    assert broken("{n} kursas", "{m} kursai", "{n} kursų")  # renamed field
    assert broken("kursas", "{n} kursai", "{n} kursų")  # lt form 0 is also 21, 31 …: it needs {n}
    assert broken("{n} kursas", "{n kursai", "{n} kursų")  # not a format string
    single = Message("Valid until {date}")
    assert catalogs.placeholder_problems(single, Message(single.id, string="Galioja iki {data}"))
    assert catalogs.placeholder_problems(single, Message(single.id, string="Galioja iki")) != []
    plain = Message("Learners")
    assert catalogs.placeholder_problems(plain, Message(plain.id, string="{x} Besimokantieji"))


def test_check_mode_passes(catalogs: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    status = catalogs.main(["--check"])
    out = capsys.readouterr().out
    assert status == 0, out


def test_no_string_is_marked_inside_an_f_string(catalogs: ModuleType) -> None:
    # f"{_('EQF level {n}')}" is invisible to the extractor on Python 3.11, so it would never be translated.
    hidden = catalogs.hidden_markers()
    assert not hidden, "move these calls out of their f-strings:" + _listing(hidden)


def test_updating_keeps_translations_and_guesses_nothing(catalogs: ModuleType, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog

    po = tmp_path / "lt.po"
    old = Catalog(locale="lt")
    old.add("Courses", "Kursai")
    old.obsolete["Learners"] = Message("Learners", "Besimokantieji")  # dropped from the code earlier
    po.write_bytes(catalogs.render_po(old))
    monkeypatch.setattr(catalogs, "po_path", lambda lang: po)
    template = Catalog()
    for text in ("Courses", "Learners", "Course"):
        template.add(text)
    updated = catalogs.updated(template, "lt")
    assert updated["Courses"].string == "Kursai"
    assert updated["Learners"].string == "Besimokantieji"  # back word for word: its translation returns
    assert not updated["Course"].string and not updated["Course"].fuzzy  # close to "Courses", yet no guess
    assert updated.plural_forms == PLURAL_FORMS["lt"]
