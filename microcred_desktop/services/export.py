"""Re-export an issued credential's files: copied when intact, rebuilt (same id, same content) when not."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path
from uuid import UUID

from ..domain.credential import CredentialDocument
from ..domain.errors import UserError
from ..i18n import _
from ..storage.atomic import write_atomic
from ..storage.catalogue import Catalogue
from .credential_files import make_credential_files
from .keys import KeyService


def export_credential(catalogue: Catalogue, keys: KeyService, credential_id: str, out_dir: Path) -> list[Path]:
    """The credential's five files in `out_dir`; returns their paths."""
    key = credential_id.strip().removeprefix("urn:uuid:").removeprefix("urn:credential:")
    record = catalogue.issued.get(key)
    if record is None:
        raise UserError(_("There is no issued credential with the id {id}.").format(id=credential_id))
    if record.revoked:
        raise UserError(_("This credential was revoked ({reason}); it is not exported again.").format(
            reason=record.revocation_reason))
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
            folder=out_dir, reason=exc.strerror)) from exc
    source = Path(record.folder)
    intact = all(
        (source / f["name"]).is_file() and hashlib.sha256((source / f["name"]).read_bytes()).hexdigest() == f["sha256"]
        for f in record.files.values()
    )
    written: list[Path] = []
    if intact:
        try:
            for entry in record.files.values():
                target = out_dir / entry["name"]
                if target.resolve() != (source / entry["name"]).resolve():
                    shutil.copyfile(source / entry["name"], target)
                written.append(target)
        except OSError as exc:
            raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
                folder=out_dir, reason=exc.strerror or exc)) from exc
        return written
    learner = catalogue.learners.get(record.learner_id)
    course = catalogue.courses.by_id(record.course_id)
    org = catalogue.organisation()
    if learner is None or course is None or org is None:
        raise UserError(_("The catalogue no longer has what this credential was issued from."))
    grade = next((v.award.grade for v in catalogue.completions.for_course(record.course_id)
                  if v.learner.id == record.learner_id and v.award.completion_date == record.completion_date), None)
    doc = CredentialDocument.create(
        uuid=UUID(record.uuid), learner_uuid=UUID(learner.uuid) if learner.uuid else UUID(record.uuid),
        organisation=org, learner=learner, course=course, completion_date=record.completion_date,
        issued_at=record.issued_at, grade=grade)
    if record.valid_until != doc.valid_until:
        doc = replace(doc, valid_until=record.valid_until)
    issuer, seal = keys.signers_for(record.issuer_key_id, record.seal_key_id)
    files = make_credential_files(doc, issuer, seal, record.template, record.issued_at)
    unsigned = record.files.get("edc_unsigned", {}).get("sha256")
    if unsigned and hashlib.sha256(files.contents["edc_unsigned"]).hexdigest() != unsigned:
        # The unsigned EDC is a pure function of the credential's content: a different one means the
        # catalogue changed since issue, and rebuilding would put other content under the same id.
        raise UserError(_("The files of this credential are missing or changed, and the catalogue has changed "
                          "since it was issued, so they cannot be made again exactly."),
                        _("Use a copy of the original files, or issue a new credential (Issue, “issue again”)."))
    for kind, data in files.contents.items():
        target = out_dir / files.name(kind)
        write_atomic(target, data)
        written.append(target)
    catalogue.audit.log("credential.export", record.uuid, folder=str(out_dir), rebuilt=True)
    return written
