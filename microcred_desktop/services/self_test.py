"""`microcred --self-test`: prove that this installation works, end to end, in a throw-away data folder.

It checks that every data file is there, applies the migrations to a new catalogue, uses the OS
keychain, makes keys, issues one demo credential with all five files, verifies each of them, and
removes the test keys from the keychain again. One line per step, then `self-test passed` (exit 0),
or a `FAIL` line saying what broke (exit 1). Run it on the built app in CI and on a user's computer
when something is wrong.

The report stays in English whatever the interface language: it is a diagnostic for maintainers and
support, and scripts look for its last line.

The keychain must be the OS keychain and must work. Only with MICROCRED_SELFTEST_MEMORY_KEYRING=1
does it use an in-memory keyring instead (saying so in its line), for machines without a keychain:
then everything but the keychain is tested.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..crypto.certificates import seal_subject
from ..crypto.jades import verify_jades
from ..crypto.keystore import Keystore
from ..crypto.memory_keyring import MemoryKeyring
from ..domain.verdict import Outcome
from ..formats.edc.shapes import SHAPE_FILES, shape_report
from ..formats.jsonld import CONTEXTS
from ..formats.ob3.schema import SCHEMA_FILES
from ..formats.ob3.verify import verify_ob3
from ..formats.pdf.attachments import embedded_files
from ..formats.pdf.fonts import register_fonts
from ..formats.pdf.page_image import page_image
from ..formats.qr.payload import read_qr_text, verify_qr_claims
from ..formats.qr.photo import qr_texts
from ..i18n import LANGUAGES
from ..resources import resource
from ..storage import migrate
from ..storage.catalogue import Catalogue
from .demo import load_demo
from .issue import issue_batch
from .keys import KeyService, KeyStore
from .trust import TrustBook
from .verify_any import verify_path

MEMORY_KEYRING_ENV = "MICROCRED_SELFTEST_MEMORY_KEYRING"
MANIFEST = "BUNDLE-MANIFEST.txt"  # written by build.spec: every resource file the build must hold
DEMO_COURSE = "DIGI-BI"  # two languages (lt, en): both wordings, both EDC display images
Say = Callable[[str], None]


class StepFailed(Exception):
    """A check that did not hold; the message says what is wrong."""


@dataclass
class _Run:
    """What the steps hand on to each other."""

    folder: Path
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    catalogue: Catalogue | None = None
    keystore: KeyStore | None = None
    keys: KeyService | None = None
    made_keys: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # kind -> path
    credential_id: str = ""

    def file(self, kind: str) -> bytes:
        return self.files[kind].read_bytes()


def _check(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


# data files ----------------------------------------------------------------------------------------
def required_resources() -> list[str]:
    """Every resource file the code names, plus (in a built app) every file the build's manifest lists."""
    names = {f"contexts/{name}" for name in CONTEXTS.values()}
    names |= {f"shapes/{name}" for name in SHAPE_FILES}
    names |= {f"schemas/ob3/{name}" for name in SCHEMA_FILES}
    names.add("vocabularies/concepts.csv")
    manifest = resource(MANIFEST)
    if manifest.is_file():
        names |= {line.strip() for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()}
    elif _frozen():
        raise StepFailed(f"{MANIFEST} is missing from the build")
    return sorted(names)


def _translations() -> list[str]:
    return [lang for lang in LANGUAGES
            if lang != "en" and resource("locale", lang, "LC_MESSAGES", "microcred.mo").is_file()]


def _qt_platform_plugins() -> str:
    """In a built app: the Qt platform plugins this system needs are in the build (Qt is not imported)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise StepFailed("PySide6 is missing from the build")
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"
    if sys.platform == "win32":
        wanted = ["qwindows.dll", "qoffscreen.dll"]
    elif sys.platform == "darwin":
        wanted = ["libqcocoa.dylib", "libqoffscreen.dylib"]
    else:
        wanted = ["libqxcb.so", "libqwayland.so", "libqoffscreen.so"]
    missing = [name for name in wanted if not (folder / name).is_file()]
    _check(not missing, f"Qt platform plugins missing from {folder}: {', '.join(missing)}")
    return ", ".join(Path(name).stem.removeprefix("lib") for name in wanted)


def step_data_files(run: _Run) -> str:
    names = required_resources()
    missing = [name for name in names if not resource(*name.split("/")).is_file()]
    _check(not missing, f"{len(missing)} of {len(names)} data files missing: {', '.join(missing[:12])}")
    register_fonts()  # reads every certificate font
    revisions = migrate.known_revisions()  # loads every migration script
    _check(migrate.head_revision() in revisions, "the migrations have no head revision")
    languages = _translations()
    line = (f"{len(names)} present (fonts, contexts, shapes, schemas, vocabularies), "
            f"{len(revisions)} migrations, translations: {', '.join(languages) or 'none compiled (English only)'}")
    if _frozen():
        line += f", Qt platforms: {_qt_platform_plugins()}"
    return line


# catalogue and keys --------------------------------------------------------------------------------
def step_catalogue(run: _Run) -> str:
    run.catalogue = Catalogue.open(run.folder / "data")
    engine = run.catalogue.sessions.kw["bind"]
    revision = migrate.revision_of(engine)
    _check(revision == migrate.head_revision(), f"the catalogue is at revision {revision}, "
                                                f"not {migrate.head_revision()}")
    load_demo(run.catalogue)
    _check(run.catalogue.organisation() is not None, "the demo organisation was not saved")
    return f"new catalogue migrated to revision {revision}, demo data loaded"


def step_keychain(run: _Run) -> str:
    if os.environ.get(MEMORY_KEYRING_ENV) == "1":
        run.keystore = Keystore(MemoryKeyring())
        return (f"IN MEMORY ({MEMORY_KEYRING_ENV}=1): the OS keychain was NOT tested; keys are kept in "
                "this process only")
    keystore = Keystore()
    info = keystore.backend_info()
    _check(info.is_os_keychain and info.usable,
           f"{info.name}: {info.detail} (the OS keychain must work; to test everything else, run with "
           f"{MEMORY_KEYRING_ENV}=1)")
    run.keystore = keystore
    return f"{info.name}, usable"


def step_keys(run: _Run) -> str:
    assert run.catalogue is not None and run.keystore is not None
    run.keys = KeyService(run.catalogue, run.keystore)
    try:
        issuer, seal = run.keys.generate(run.now)
    finally:  # whatever got into the keychain is removed at the end
        run.made_keys = [record.key_id for record in run.catalogue.keys.all()]
    _check(all(run.keystore.has(key_id) for key_id in run.made_keys), "a generated key is not in the keychain")
    return f"issuer {issuer.did}, seal certificate {seal.fingerprint[:23]}…, both in the keychain"


def step_issue(run: _Run) -> str:
    """Two credentials, rendered by two worker processes (spawned: in a built app they must start right)."""
    assert run.catalogue is not None and run.keys is not None
    course = run.catalogue.courses.require(DEMO_COURSE)
    assert course.id is not None
    views = run.catalogue.completions.for_course(course.id)[:2]
    _check(len(views) == 2, f"the demo course {DEMO_COURSE} has fewer than two completions")
    summary = issue_batch(run.catalogue, run.keys, course, views, run.folder / "out", now=run.now, workers=2)
    _check(not summary.failed, "; ".join(reason for _view, reason in summary.failed))
    _check(len(summary.issued) == 2, f"{len(summary.issued)} credentials issued instead of 2")
    record = summary.issued[0]
    run.credential_id = record.uuid
    for issued in summary.issued:
        for kind, entry in issued.files.items():
            path = Path(issued.folder) / entry["name"]
            _check(path.is_file(), f"{entry['name']} was not written")
            _check(hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"],
                   f"{entry['name']} differs from its record")
            if issued is record:
                run.files[kind] = path
    sizes = ", ".join(f"{p.name.split('.', 1)[-1]} {p.stat().st_size // 1024} KB" for p in run.files.values())
    return f"2 credentials by 2 worker processes; {len(run.files)} files for {record.learner_name}: {sizes}"


# verification --------------------------------------------------------------------------------------
def step_seal(run: _Run) -> str:
    sealed = verify_jades(json.loads(run.file("edc")))
    payload = json.loads(sealed.payload)
    _check(payload.get("id") == f"urn:credential:{run.credential_id}", "the sealed EDC has another id")
    problems = shape_report(payload)
    _check(not problems, "the EDC breaks the EDC profile shapes: " + "; ".join(problems[:3]))
    return (f"JAdES {sealed.algorithm} seal of {seal_subject(sealed.certificate).legal_name} verifies; "
            "the EDC conforms to the EDC application profile (SHACL)")


def step_badge(run: _Run) -> str:
    lines = []
    for kind in ("ob3", "ob3_png"):
        verdict = verify_ob3(run.file(kind), run.now, source=run.files[kind].name)
        failed = [c.message for c in verdict.checks if c.status.value == "failed"]
        _check(verdict.outcome is Outcome.VALID,
               f"{run.files[kind].name}: {verdict.outcome.value} {verdict.unreadable_reason} {'; '.join(failed)}")
        lines.append(f"{kind.replace('_', ' ')} {verdict.outcome.value} ({len(verdict.checks)} checks)")
    return "Open Badge 3.0: " + ", ".join(lines)


def step_qr(run: _Run) -> str:
    image = page_image(run.file("pdf"), 0, 150).convert("L")  # as verify_pdf reads it
    found = qr_texts(image)
    _check(found, "no QR code was found on the certificate's first page")
    claims = read_qr_text(found[0])
    verification = verify_qr_claims(claims)
    _check(verification.valid, verification.reason)
    _check(str(claims.credential_id) == run.credential_id, "the QR code names another credential")
    _check(claims.matches_edc(run.file("edc")), "the QR code does not match the sealed EDC file")
    return "read from the rendered PDF page; its signature verifies and it binds the sealed EDC"


def step_pdf(run: _Run) -> str:
    attached = embedded_files(run.file("pdf"))
    for kind in ("edc", "ob3"):
        name = run.files[kind].name
        _check(attached.get(name) == run.file(kind), f"the PDF does not carry {name} unchanged")
    return f"carries {', '.join(sorted(attached))}"


def step_verify_page(run: _Run) -> str:
    """Each file as the Verify page sees it: kind detected from the content, every check, our own keys."""
    assert run.catalogue is not None
    book = TrustBook.from_catalogue(run.catalogue)
    kinds = []
    for kind in ("pdf", "edc", "ob3", "ob3_png"):
        verdict = verify_path(run.files[kind], book, now=run.now)
        failed = [f"{c.name}: {c.message}" for c in verdict.checks if c.status.value == "failed"]
        _check(verdict.outcome is Outcome.VALID, f"{run.files[kind].name} is {verdict.outcome.value}: "
                                                 f"{verdict.unreadable_reason} {'; '.join(failed)}".strip())
        kinds.append(f"{verdict.kind or kind} ({len(verdict.checks)} checks)")
    return "valid: " + ", ".join(kinds)


STEPS: list[tuple[str, Callable[[_Run], str]]] = [
    ("data files", step_data_files),
    ("catalogue", step_catalogue),
    ("keychain", step_keychain),
    ("keys", step_keys),
    ("issue", step_issue),
    ("seal", step_seal),
    ("badge", step_badge),
    ("QR code", step_qr),
    ("PDF", step_pdf),
    ("verify", step_verify_page),
]


# running -------------------------------------------------------------------------------------------
def _cleanup(run: _Run) -> str:
    """Remove the test keys from the keychain and close the catalogue; the message of what went wrong."""
    problems = []
    for key_id in run.made_keys:
        try:
            if run.keystore is not None and run.keystore.has(key_id):
                run.keystore.delete(key_id)
            if run.keystore is not None and run.keystore.has(key_id):
                problems.append(f"{key_id} is still in the keychain")
        except Exception as exc:
            problems.append(f"{key_id} could not be removed from the keychain: {exc}")
    if run.catalogue is not None:
        run.catalogue.close()
    return "; ".join(problems)


def _printer(say: Say) -> Say:
    def out(line: str) -> None:
        try:
            say(line)
        except UnicodeEncodeError:  # a console that cannot show "Ž" or "…"
            say(line.encode("ascii", "backslashreplace").decode("ascii"))

    return out


def run_self_test(say: Say) -> int:
    """Run every step, reporting each with `say`; 0 when all passed, 1 otherwise."""
    say = _printer(say)
    where = "built app" if _frozen() else "from source"
    say(f"microcred desktop {__version__} ({where}), Python {platform.python_version()}, {platform.platform()}")
    failed = False
    with tempfile.TemporaryDirectory(prefix="microcred-self-test-", ignore_cleanup_errors=True) as folder:
        run = _Run(Path(folder))
        try:
            for name, step in STEPS:
                started = time.perf_counter()
                try:
                    line = step(run)
                except Exception as exc:
                    reason = str(exc) or type(exc).__name__
                    hint = getattr(exc, "hint", "")
                    say(f"FAIL  {name}: {reason}{' — ' + hint if hint else ''} [{type(exc).__name__}]")
                    failed = True
                    break
                say(f"ok    {name}: {line} ({time.perf_counter() - started:.1f} s)")
        finally:
            problem = _cleanup(run)
            if problem:
                say(f"FAIL  cleanup: {problem}")
                failed = True
            elif run.made_keys:
                say(f"ok    cleanup: the {len(run.made_keys)} test keys were removed again")
    say("self-test FAILED" if failed else "self-test passed")
    return 1 if failed else 0
