"""CLI: microcred keys generate | show | import-p12 | backup | restore | rotate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.keys import KeyKind, KeyRecord
from ..i18n import _
from ..services.keys import KeyService, open_keystore
from ..storage.atomic import read_chosen_file
from ..storage.catalogue import Catalogue
from .output import print_json
from .secrets_input import read_passphrase


def key_service(args: argparse.Namespace) -> KeyService:
    catalogue = Catalogue.open(Path(args.data_dir))
    passphrase = None
    if catalogue.setting("key_storage", "keychain") == "protected-file":
        passphrase = read_passphrase(getattr(args, "key_file_passphrase_file", None),
                                     _("Passphrase of the key file: "))
    return KeyService(catalogue, open_keystore(catalogue, passphrase))


def _record_json(record: KeyRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "key_id": record.key_id, "kind": record.kind.value, "algorithm": record.algorithm, "did": record.did,
        "subject": record.subject or None, "fingerprint_sha256": record.fingerprint,
        "not_after": record.not_after.isoformat() if record.not_after else None, "origin": record.origin,
        "status": record.status.value, "storage": record.storage,
        "created_at": record.created_at.isoformat(),
    }


def cmd_generate(args: argparse.Namespace) -> int:
    service = key_service(args)
    issuer, seal = service.generate()
    print(_("Keys created and stored in: {backend}.").format(backend=service.keystore.backend_info().name))
    print(_("Issuer: {did}").format(did=issuer.did))
    print(_("Seal: {subject} (SHA-256 {fp})").format(subject=seal.subject, fp=seal.fingerprint))
    print(_("This seal is made by the app: anyone can check files sealed with it, but the Europass wallet "
            "accepts only a qualified eSeal (import one with: microcred keys import-p12 FILE)."))
    print(_("Now back up the keys: microcred keys backup --out FILE"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    service = key_service(args)
    o = service.overview()
    if args.json:
        print_json({
            "backend": {"name": o.backend.name, "is_os_keychain": o.backend.is_os_keychain,
                        "usable": o.backend.usable, "detail": o.backend.detail},
            "storage": o.storage,
            "did": o.issuer.did if o.issuer else None,
            "issuer": _record_json(o.issuer),
            "seal": _record_json(o.seal),
            "retired": [_record_json(r) for r in o.retired],
            "backup_needed": o.backup_needed,
            "last_backup": o.last_backup,
        })
        return 0
    print(_("Keychain: {name} ({kind}){state}").format(
        name=o.backend.name, kind=_("the OS keychain") if o.backend.is_os_keychain else _("not the OS keychain"),
        state="" if o.backend.usable else " — " + _("not usable now: {detail}").format(detail=o.backend.detail)))
    if o.issuer is None:
        print(_("No keys yet. Create them with: microcred keys generate"))
        return 0
    print(_("Issuer (did:key): {did}").format(did=o.issuer.did))
    if o.seal:
        print(_("Seal: {subject}").format(subject=o.seal.subject))
        print(_("  SHA-256 fingerprint: {fp}").format(fp=o.seal.fingerprint))
        print(_("  valid until: {date}").format(date=o.seal.not_after.date() if o.seal.not_after else "?"))
    if o.retired:
        print(_("Retired keys (still verify what they signed): {n}").format(n=len(o.retired)))
    if o.backup_needed:
        print(_("Warning: no backup exists for the current keys. Run: microcred keys backup --out FILE"))
    return 0


def cmd_import_p12(args: argparse.Namespace) -> int:
    service = key_service(args)
    data = read_chosen_file(args.file)
    passphrase = read_passphrase(args.passphrase_file, _("Passphrase of the .p12 file: "))
    record = service.import_p12(data, passphrase.encode("utf-8") if passphrase else None)
    print(_("Seal imported: {subject} (SHA-256 {fp}).").format(subject=record.subject, fp=record.fingerprint))
    print(_("Back up the keys again: microcred keys backup --out FILE"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    service = key_service(args)
    passphrase = read_passphrase(args.passphrase_file, _("Passphrase for the backup (12 characters or more): "),
                                 confirm=True)
    target = Path(args.out)
    service.backup_to(target, passphrase)
    print(_("Key backup written to {file}. Keep it and its passphrase in two different safe places.").format(
        file=target))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    service = key_service(args)
    data = read_chosen_file(args.file)
    passphrase = read_passphrase(args.passphrase_file, _("Passphrase of the backup: "))
    restored = service.restore(data, passphrase)
    print(_("{n} keys restored.").format(n=len(restored)))
    issuer = service.catalogue.keys.active(KeyKind.ISSUER)
    if issuer:
        print(_("Issuer (did:key): {did}").format(did=issuer.did))
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    service = key_service(args)
    made = service.rotate(new_seal=args.seal)
    for record in made:
        print(_("New {kind} key: {id}").format(kind=record.kind.value, id=record.did or record.subject))
    print(_("The previous keys are retired: they still verify what they signed, and sign nothing new."))
    print(_("Back up the keys again: microcred keys backup --out FILE"))
    return 0


def cmd_use_file(args: argparse.Namespace) -> int:
    from ..services.keys import use_protected_file

    catalogue = Catalogue.open(Path(args.data_dir))
    passphrase = read_passphrase(args.passphrase_file, _("New passphrase for the key file (12 characters or more): "),
                                 confirm=True)
    use_protected_file(catalogue, passphrase)
    print(_("Keys will be kept in a file protected by your passphrase, not in the OS keychain."))
    print(_("Give the passphrase to key commands with --key-file-passphrase-file FILE."))
    return 0


def register(commands: Any) -> None:
    keys = commands.add_parser("keys", help=_("the organisation's signing keys"))
    keys.add_argument("--key-file-passphrase-file", metavar="FILE",
                      help=_("passphrase of the protected key file, when keys are kept in one"))
    sub = keys.add_subparsers(dest="keys_command", required=True, metavar=_("ACTION"))
    sub.add_parser("generate", help=_("create the issuer key and a self-made seal")).set_defaults(handler=cmd_generate)
    p = sub.add_parser("show", help=_("show the keys, the seal and the keychain in use"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = sub.add_parser("import-p12", help=_("use a qualified eSeal from a .p12/.pfx file"))
    p.add_argument("file")
    p.add_argument("--passphrase-file", metavar="P")
    p.set_defaults(handler=cmd_import_p12)
    p = sub.add_parser("backup", help=_("write every key to one encrypted file"))
    p.add_argument("--out", required=True)
    p.add_argument("--passphrase-file", metavar="P")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help=_("restore keys from a backup file"))
    p.add_argument("file")
    p.add_argument("--passphrase-file", metavar="P")
    p.set_defaults(handler=cmd_restore)
    p = sub.add_parser("use-protected-file",
                       help=_("keep keys in a passphrase-protected file (only when there is no OS keychain)"))
    p.add_argument("--passphrase-file", metavar="P")
    p.set_defaults(handler=cmd_use_file)
    p = sub.add_parser("rotate", help=_("make a new issuer key; the old one is retired"))
    p.add_argument("--seal", action="store_true", help=_("also make a new self-made seal"))
    p.set_defaults(handler=cmd_rotate)
