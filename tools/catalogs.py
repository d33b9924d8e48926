"""Rebuild the translation catalogues: python tools/catalogs.py [--check] [--quiet].

One gettext domain ("microcred") for the GUI, the CLI and the certificate wording:

1. extract every marked string from microcred_desktop/ into resources/locale/microcred.pot
   (keywords ``_``, ``N_``, ``gettext`` — which also catches the certificate's ``Wording.gettext``
   and ``translator(lang).gettext`` — and ``ngettext:1,2``);
2. update resources/locale/<lang>/LC_MESSAGES/microcred.po for each language: existing translations
   are kept, new strings are added *untranslated* (never fuzzy-matched), strings gone from the code are
   kept as obsolete ``#~`` entries for reuse;
3. compile the .po files to .mo (untranslated strings fall back to English at run time), and
   resources/locale/qt/qtbase_<lang>.ts to .qm for the languages Qt has no translation of (lt);
4. list what is still untranslated or broken.

``--check`` writes nothing and exits 1 when the template is stale, a catalogue misses or leaves
untranslated a string, has a fuzzy entry, a wrong Plural-Forms header or a placeholder that differs
from the English, or a compiled .mo is out of date. tests/i18n runs the same checks.
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import re
import shutil
import string
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "microcred_desktop"
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "microcred"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
# Qt's own dialogs (buttons, file and print dialogs): PySide6 ships qtbase_lv.qm but no qtbase_lt.qm, so
# Lithuanian comes from resources/locale/qt/qtbase_lt.ts, compiled here with lrelease.
QT_LOCALE = LOCALE / "qt"
LANGUAGES = ("lt", "lv")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
PLURAL_FORMS = {
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
}
LANGUAGE_TEAMS = {"lt": "Lithuanian <lt@li.org>", "lv": "Latvian <lv@li.org>"}
PROJECT = "microcred-desktop"
LANGUAGE_NAMES = {"lt": "Lithuanian", "lv": "Latvian"}
HEADER_COMMENT = """\
# {language} translation of microcred desktop (GUI, CLI, certificate and EDC wording).
# Official EU / national terms: ../shared/glossary; choices to review: docs/terminology.md.
# Rebuilt by tools/catalogs.py (make catalogs): edit msgstr lines only."""
# A fixed date keeps the files byte-stable between runs; the real history is in git.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0+-]*\d*(?:\.\d+)?[sdifreExXgGcoa%]")


# --- extraction -----------------------------------------------------------------------------------


def extract() -> Catalog:
    """A fresh template of every marked string under microcred_desktop/."""
    template = Catalog(project=PROJECT, version="", msgid_bugs_address="", copyright_holder="microcred desktop",
                       creation_date=EPOCH, charset="utf-8", fuzzy=False)
    template.header_comment = "# Template of every translatable string of microcred desktop: made by tools/catalogs.py."
    found = extract_from_dir(str(SOURCE), [("**.py", "python")], keywords=KEYWORDS,
                             comment_tags=COMMENT_TAGS, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        if isinstance(message, tuple) and not all(message):
            continue  # e.g. ngettext(singular, plural, n) forwarding variables, not literals
        location = (f"microcred_desktop/{filename}".replace("\\", "/"), lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    for message in template:
        if message.id:
            message.flags.discard("python-format")
            fields = [_braces(i) for i in _ids(message)]
            if all(f is not None for f in fields) and any(fields):
                message.flags.add("python-brace-format")
    return template


def hidden_markers() -> list[str]:
    """Calls of _() & co. inside f-string expressions, which the extractor cannot see on Python 3.11."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in (n for part in node.values for n in ast.walk(part) if isinstance(n, ast.Call)):
                name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
                first = call.args[0] if call.args else None
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                if name in KEYWORDS and literal:  # a variable was marked with N_() where it is defined
                    found.append(f"{path.relative_to(ROOT)}:{call.lineno}: {name}() inside an f-string is not "
                                 "extracted; call it outside the f-string")
    return found


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def _strs(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string or ""]


def _braces(text: str) -> frozenset[str] | None:
    """The str.format fields of `text`, or None when `text` is not a valid format string."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return None


def _percents(text: str) -> list[str]:
    return sorted(m for m in _PERCENT.findall(text) if m != "%%")


# --- checks ---------------------------------------------------------------------------------------


def problems(template: Catalog, catalog: Catalog, lang: str) -> dict[str, list[str]]:
    """Everything wrong with one language's catalogue against the template, by kind."""
    found: dict[str, list[str]] = {"untranslated": [], "fuzzy": [], "placeholder": [], "header": []}
    if catalog.plural_forms != PLURAL_FORMS[lang]:
        found["header"].append(f"Plural-Forms is {catalog.plural_forms!r}, expected {PLURAL_FORMS[lang]!r}")
    for entry in template:
        if not entry.id:
            continue
        key = _key(entry)
        message = catalog.get(*key) if isinstance(key, tuple) else catalog.get(key)
        label = _ids(entry)[0]
        if message is None or not all(_strs(message)):
            found["untranslated"].append(label)
            continue
        if message.fuzzy:
            found["fuzzy"].append(label)
        if isinstance(entry.id, (list, tuple)) != isinstance(message.id, (list, tuple)):
            found["placeholder"].append(f"{label}: singular/plural mismatch with the template")
            continue
        if isinstance(entry.id, (list, tuple)) and len(_strs(message)) != catalog.num_plurals:
            found["placeholder"].append(f"{label}: {len(_strs(message))} plural forms, expected {catalog.num_plurals}")
        found["placeholder"] += [f"{label}: {p}" for p in placeholder_problems(entry, message)]
    return found


def placeholder_problems(entry: Message, message: Message) -> list[str]:
    """Placeholders of each translation that differ from the English ({name} fields, %-conversions)."""
    ids = _ids(entry)
    # Every plural form serves several numbers (lt/lv form 0 covers 1, 21, 31 …), so each form must
    # carry every field of the English singular and plural.
    fields = [_braces(i) for i in ids]
    want = frozenset().union(*fields) if all(f is not None for f in fields) else None
    percents = sorted(set().union(*(_percents(i) for i in ids)))
    out = []
    for i, text in enumerate(_strs(message)):
        where = f"msgstr[{i}]" if len(ids) > 1 else "msgstr"
        got = _braces(text)
        if want:
            if got is None:
                out.append(f"{where} is not a valid format string: {text!r}")
            elif got != want:
                out.append(f"{where} has fields {sorted(got)}, the English has {sorted(want)}")
        elif got:
            out.append(f"{where} has fields {sorted(got)} the English does not have")
        if not want and sorted(set(_percents(text))) != percents:  # %-style only where no {fields} are used
            out.append(f"{where} has %-placeholders {_percents(text)}, the English has {percents}")
    return out


def _key(entry: Message) -> str | tuple[str, str]:
    ids = _ids(entry)
    return (ids[0], entry.context) if entry.context else ids[0]


def template_differences(fresh: Catalog, stored: Catalog) -> list[str]:
    """Messages added to or removed from the code since the stored template was written."""
    def keys(catalog: Catalog) -> set[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
        return {(m.context, tuple(_ids(m)), tuple(sorted(m.flags - {"python-format"}))) for m in catalog if m.id}

    new, old = keys(fresh), keys(stored)
    return [f"new: {k[1][0]!r}" for k in sorted(new - old, key=str)] + [
        f"gone: {k[1][0]!r}" for k in sorted(old - new, key=str)]


# --- files ----------------------------------------------------------------------------------------


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def render_po(catalog: Catalog, *, template: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, omit_header=False,
             ignore_obsolete=template, sort_by_file=False)
    return buffer.getvalue()


def render_mo(catalog: Catalog) -> bytes:
    """The compiled catalogue of the translated messages only: the rest falls back to English at run time."""
    compiled = copy.deepcopy(catalog)
    for message in list(compiled):
        if message.id and not any(_strs(message)):
            compiled.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, compiled, use_fuzzy=False)
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def updated(template: Catalog, lang: str) -> Catalog:
    """The language's catalogue brought in line with the template, translations kept, nothing fuzzy."""
    path = po_path(lang)
    if path.exists():
        catalog = load(path, lang)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project=PROJECT, version="", copyright_holder="microcred desktop",
                          creation_date=EPOCH, revision_date=EPOCH, fuzzy=False, charset="utf-8")
    # A string that comes back word for word (moved, or restored after a revert) gets its old translation
    # again: an exact match, never a fuzzy guess.
    for key, message in list(catalog.obsolete.items()):
        if key not in catalog._messages:
            catalog[message.id] = message
    catalog.obsolete = {}
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, keep_user_comments=True,
                   update_creation_date=False)
    # Babel's own plural table may differ in spacing between versions; pin the GNU expressions.
    catalog._num_plurals, catalog._plural_expr = 3, PLURAL_FORMS[lang].split("plural=", 1)[1].rstrip(";")
    catalog.project, catalog.version, catalog.fuzzy = PROJECT, "", False
    catalog.language_team = LANGUAGE_TEAMS[lang]
    catalog.last_translator = "microcred desktop (draft for native review: docs/terminology.md)"
    catalog.msgid_bugs_address = ""
    catalog.header_comment = HEADER_COMMENT.format(language=LANGUAGE_NAMES[lang])
    catalog.creation_date, catalog.revision_date = EPOCH, EPOCH
    for message in catalog:
        if "python-brace-format" in message.flags:
            message.flags.discard("python-format")  # Babel guesses it from a "%" in the text
        if message.id and isinstance(message.id, (list, tuple)):
            forms = list(_strs(message))[:3]
            message.string = tuple(forms + [""] * (3 - len(forms)))
    return catalog


# --- Qt's own strings -----------------------------------------------------------------------------


def _lrelease() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compiled_qt(ts: Path) -> bytes | None:
    """`ts` compiled to .qm (None when no lrelease is installed)."""
    tool = _lrelease()
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        qm = Path(tmp) / ts.with_suffix(".qm").name
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)
        return qm.read_bytes()


def qt_problems(write: bool) -> list[str]:
    """Compile (or, with write=False, compare) every resources/locale/qt/*.ts; what is stale or missing."""
    found = []
    for ts in sorted(QT_LOCALE.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        data = compiled_qt(ts)
        if data is None:
            if not qm.exists():
                found.append(f"{qm.relative_to(ROOT)} is missing and no lrelease is installed to make it")
        elif write:
            write_if_changed(qm, data)
        elif not qm.exists() or qm.read_bytes() != data:
            found.append(f"{qm.relative_to(ROOT)} is out of date (run tools/catalogs.py)")
    return found


# --- main -----------------------------------------------------------------------------------------


def _report(title: str, items: Iterable[str], limit: int = 40) -> int:
    items = list(items)
    if items:
        print(f"  {title} ({len(items)}):")
        for item in items[:limit]:
            print(f"    {item}")
        if len(items) > limit:
            print(f"    … and {len(items) - limit} more")
    return len(items)


def check() -> int:
    """Exit status 1 if anything is stale, missing or broken; nothing is written."""
    fresh = extract()
    bad = 0
    if not TEMPLATE.exists():
        print(f"{TEMPLATE.relative_to(ROOT)} is missing")
        return 1
    stale = template_differences(fresh, load(TEMPLATE))
    if stale:
        print(f"{TEMPLATE.relative_to(ROOT)} is stale (run tools/catalogs.py):")
        bad += _report("changes", stale)
    for lang in LANGUAGES:
        if not po_path(lang).exists():
            print(f"{lang}: {po_path(lang).relative_to(ROOT)} is missing")
            bad += 1
            continue
        catalog = load(po_path(lang), lang)
        print(f"{lang}:")
        for kind, items in problems(fresh, catalog, lang).items():
            bad += _report(kind, items)
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != render_mo(updated(fresh, lang)):
            print(f"  {mo_path(lang).relative_to(ROOT)} is out of date (run tools/catalogs.py)")
            bad += 1
    bad += _report("Qt dialogs", qt_problems(write=False))
    bad += _report("strings the extractor cannot see", hidden_markers())
    print("catalogues OK" if not bad else "catalogues have problems")
    return 1 if bad else 0


def rebuild(quiet: bool = False) -> int:
    """Extract, update and compile; report what needs a translator. Exit 0 unless a catalogue is broken."""
    template = extract()
    pot = render_po(template, template=True)
    changed = write_if_changed(TEMPLATE, pot)
    n = sum(1 for m in template if m.id)
    print(f"{TEMPLATE.relative_to(ROOT)}: {n} messages{' (updated)' if changed else ''}")
    broken = 0
    for lang in LANGUAGES:
        catalog = updated(template, lang)
        write_if_changed(po_path(lang), render_po(catalog))
        write_if_changed(mo_path(lang), render_mo(catalog))
        found = problems(template, catalog, lang)
        done = n - len(found["untranslated"])
        print(f"{lang}: {done}/{n} translated")
        if not quiet:
            _report("untranslated (shown in English until translated)", found["untranslated"], limit=200)
        broken += _report("fuzzy", found["fuzzy"]) + _report("broken placeholders", found["placeholder"])
        broken += _report("header", found["header"])
    broken += _report("Qt dialogs", qt_problems(write=True))
    _report("not extracted, so never translated (fix the code)", hidden_markers())
    return 1 if broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is stale or missing")
    parser.add_argument("--quiet", action="store_true", help="do not list untranslated strings")
    args = parser.parse_args(argv)
    return check() if args.check else rebuild(args.quiet)


if __name__ == "__main__":
    sys.exit(main())
