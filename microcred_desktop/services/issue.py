"""Issuing a batch: for each completion, five files written whole and a record committed after them.

Nothing lost, nothing doubled: files go to temporary names, are fsynced and renamed; the record commits
after. A credential's id is derived from the learner, course, completion date and the how-manieth
issue it is, so a batch killed at any point and run again rewrites the same names, completes the
batch and issues nobody twice. `reissue=True` issues again on purpose.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import uuid as uuidlib
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from ..domain.course import Course
from ..domain.credential import CredentialDocument
from ..domain.errors import UserError, ValidationError
from ..domain.issued import IssuedCredential
from ..formats.pdf.templates import DESIGNS
from ..i18n import _, ngettext
from ..storage.atomic import fsync_dir
from ..storage.catalogue import Catalogue
from ..storage.learners import CompletionView
from .credential_files import CredentialFiles, SignedParts, finish_pdf, sign_parts
from .gc_pace import batch_pace
from .keys import KeyService
from .render_pool import RenderPool, WorkerLost
from .stopwatch import Stopwatch

log = logging.getLogger(__name__)
NAMESPACE = UUID("8f0b1d2e-6c55-4f0e-9a55-3f3c1b2a7d10")
BYTES_PER_CREDENTIAL = 2_000_000  # a generous bound for the five files, for the free-space check
Progress = Callable[[int, int, str], None]


@dataclass
class IssueSummary:
    folder: Path
    issued: list[IssuedCredential] = field(default_factory=list)
    skipped: list[CompletionView] = field(default_factory=list)  # issued before
    failed: list[tuple[CompletionView, str]] = field(default_factory=list)
    cancelled: bool = False

    def line(self) -> str:
        text = ngettext("{n} credential issued", "{n} credentials issued", len(self.issued)).format(
            n=len(self.issued))
        if self.skipped:
            text += ", " + _("{n} already issued before").format(n=len(self.skipped))
        if self.failed:
            text += ", " + ngettext("{n} failed", "{n} failed", len(self.failed)).format(n=len(self.failed))
        if self.cancelled:
            text += ", " + _("cancelled")
        return text + " — " + str(self.folder)


@dataclass(frozen=True)
class _Outcome:
    """What became of one signed credential on the writer thread."""

    view: CompletionView
    record: IssuedCredential | None = None
    failure: str | None = None
    stop: bool = False  # the output folder failed: the batch stops


def credential_uuid(view: CompletionView, organisation_id: str, attempt: int) -> UUID:
    return uuidlib.uuid5(NAMESPACE, "|".join(
        [organisation_id, view.learner.uuid or str(view.learner.id), view.course.code,
         view.award.completion_date.isoformat(), str(attempt)]))


def preflight(catalogue: Catalogue, course: Course, out_dir: Path, count: int, template: str) -> None:
    """Everything that would stop the batch, said before anything is issued."""
    if template not in DESIGNS:
        raise UserError(_("There is no certificate design called {name}.").format(name=template),
                        _("Choose one of: {names}.").format(names=", ".join(DESIGNS)))
    problems = course.annex_problems()
    if problems:
        raise ValidationError(
            _("The course {code} lacks elements a micro-credential must state; nothing was issued.").format(
                code=course.code), problems, _("Complete the course (Courses → double-click it) and try again."))
    org = catalogue.organisation()
    if org is None:
        raise UserError(_("Set up the organisation first."))
    missing = catalogue.missing_assets()
    if missing:
        raise UserError(_("These files of the organisation are missing from the data folder: {files}.").format(
            files=", ".join(missing)), _("Choose the logo and signature images again in Settings → Organisation."))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".microcred-write-test-"):
            pass
    except OSError as exc:
        raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
            folder=out_dir, reason=exc.strerror or exc), _("Choose another folder.")) from exc
    free = shutil.disk_usage(out_dir).free
    if free < count * BYTES_PER_CREDENTIAL:
        raise UserError(
            _("The folder {folder} has too little free space for {n} credentials.").format(folder=out_dir, n=count),
            _("Free some space or choose another disk."))


RECORDS_AT_ONCE = 16  # records committed together: a transaction each took a third of a millisecond


class OutputFailed(UserError):
    """The output folder cannot take the files (full disk, removed drive, no permission): stop the batch."""


def _write_files(out_dir: Path, files: CredentialFiles) -> None:
    """All files to temporary names first (fsynced), then each renamed into place; the folder itself is
    fsynced (making the renames durable) before the records are committed (`commit_records`)."""
    temps: list[tuple[str, Path]] = []
    try:
        for kind, data in files.contents.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{files.base}.", suffix=".part", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temps.append((kind, Path(tmp)))
        for kind, tmp in temps:
            os.replace(tmp, out_dir / files.name(kind))
    except OSError as exc:
        for _kind, tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise OutputFailed(_("Writing to {folder} failed: {reason}").format(folder=out_dir, reason=exc.strerror or exc),
                        _("Check that the disk is not full and the folder is writable, then run the batch again."),
                        ) from exc


def remove_leftovers(out_dir: Path) -> None:
    """Temporary files of a batch that was killed: never complete, always safe to remove."""
    for path in out_dir.glob(".*.part"):
        with contextlib.suppress(OSError):
            path.unlink()


def default_template(course: Course) -> str:
    return "volunteering" if course.kind.value == "volunteering" else "formal"


def issue_batch(catalogue: Catalogue, keys: KeyService, course: Course, completions: Sequence[CompletionView],
                out_dir: Path, *, template: str | None = None, reissue: bool = False, now: datetime | None = None,
                progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                clock: Stopwatch | None = None, workers: int | None = None) -> IssueSummary:
    """Issue a credential for each completion (those issued before are skipped unless `reissue`).

    Rendering runs on a process pool (both cores) while this process signs, writes and records, in
    roster order; a few credentials are in flight at a time, so memory does not grow with the batch.
    """
    out_dir = Path(out_dir).resolve()
    clock = clock or Stopwatch()
    template = template or default_template(course)
    preflight(catalogue, course, out_dir, len(completions), template)
    org = catalogue.organisation()
    assert org is not None
    issuer, seal = keys.issuer_signer(), keys.seal_signer()
    issuer_id, seal_id = catalogue.keys.active_id("issuer"), catalogue.keys.active_id("seal")
    remove_leftovers(out_dir)
    summary = IssueSummary(out_dir)
    total = len(completions)
    plan: list[tuple[CompletionView, CredentialDocument]] = []
    assert course.id is not None
    issued_before = catalogue.issued.by_award(course.id)
    for view in completions:
        assert view.learner.id is not None and view.course.id == course.id
        earlier = issued_before.get((view.learner.id, view.award.completion_date), [])
        if any(not c.revoked for c in earlier) and not reissue:
            summary.skipped.append(view)
            continue
        moment = now or datetime.now(UTC)
        plan.append((view, CredentialDocument.create(
            uuid=credential_uuid(view, org.legal_identifier, len(earlier)),
            learner_uuid=UUID(view.learner.uuid) if view.learner.uuid else uuidlib.uuid4(),
            organisation=org, learner=view.learner, course=view.course,
            completion_date=view.award.completion_date, issued_at=moment, grade=view.award.grade)))

    def report(message: str = "") -> None:
        if progress:
            progress(len(summary.issued) + len(summary.skipped) + len(summary.failed), total, message)

    stopped = threading.Event()  # the output folder failed: write nothing more
    unrecorded: list[IssuedCredential] = []  # written, not yet recorded; only the writer thread touches it

    def finish(view: CompletionView, doc: CredentialDocument, draft: bytes, parts: SignedParts) -> _Outcome:
        """On the writer thread: the PDF finished, the files written (fsynced); the record is committed with
        the next few (`commit_records`)."""
        if stopped.is_set():
            return _Outcome(view)
        try:
            with clock.stage("pdf"):
                files = parts.with_pdf(finish_pdf(doc, draft, parts))
            with clock.stage("write"):
                _write_files(out_dir, files)
        except OutputFailed as error:  # a full disk fails every later credential too
            stopped.set()
            return _Outcome(view, failure=error.message, stop=True)
        except UserError as error:
            return _Outcome(view, failure=error.message)
        except Exception as error:  # a bug for one learner must not lose the others
            log.exception("finishing %s failed", doc.uuid)
            return _Outcome(view, failure=_("the certificate could not be made ({error})").format(error=error))
        record = IssuedCredential(
            uuid=str(doc.uuid), learner_id=view.learner.id or 0, course_id=view.course.id or 0,
            completion_date=view.award.completion_date, issued_at=doc.issued_at, folder=str(out_dir),
            files=files.digests(), issuer_key_id=issuer_id, seal_key_id=seal_id, template=template,
            learner_name=view.learner.full_name, course_title=view.course.title_in(view.course.main_language),
            valid_until=doc.valid_until)
        unrecorded.append(record)
        if len(unrecorded) >= RECORDS_AT_ONCE:
            commit_records()
        return _Outcome(view, record=record)

    def commit_records() -> None:
        """On the writer thread: the records of the credentials written since the last commit, in one
        transaction (the files are complete on disk: a batch killed before this issues them again, under the
        same names, when run again)."""
        if unrecorded:
            with clock.stage("write"):
                fsync_dir(out_dir)  # the renames of their files, durable before the records say they are done
                catalogue.issued.add_many(unrecorded)
            unrecorded.clear()

    def settle(outcome: _Outcome) -> bool:
        """On this thread, in roster order: the outcome into the summary; False when the batch must stop."""
        if outcome.record is not None:
            summary.issued.append(outcome.record)
        elif outcome.failure is not None:
            summary.failed.append((outcome.view, outcome.failure))
        else:
            return False  # not written: an earlier credential stopped the batch
        report(outcome.view.learner.full_name)
        return not outcome.stop

    report()
    going = True
    # Three hands at once: workers draw, this thread signs, a writer thread finishes, writes and records
    # (its fsyncs wait on the disk, not on the signing).
    with batch_pace(), RenderPool(len(plan), workers) as pool, \
            ThreadPoolExecutor(1, thread_name_prefix="issue-writer") as writer:
        ahead = max(2, 2 * pool.workers)  # credentials written while this thread signs
        # Drawn ahead: twice as many, so a worker still has credentials to draw while this thread waits on a
        # slow disk for the writer (measured alternately: 105-124 against 96-119 credentials a second).
        drawn_ahead = 2 * ahead
        drawing = deque(pool.draw(doc, template, issuer.did) for _view, doc in plan[:drawn_ahead])
        writing: deque[Future[_Outcome]] = deque()
        for index, (view, doc) in enumerate(plan):
            while going and writing and (writing[0].done() or len(writing) >= ahead):
                going = settle(writing.popleft().result())
            if not going:
                break
            if cancel is not None and cancel():
                summary.cancelled = True
                break
            try:
                drawn, seconds = drawing.popleft().result()
                for stage, spent in seconds.items():
                    clock.seconds[stage] += spent
                parts = sign_parts(doc, drawn.images, issuer, seal, doc.issued_at, clock)
            except UserError as error:
                summary.failed.append((view, error.message))
                report(view.learner.full_name)
                continue
            except WorkerLost as error:  # every later credential would fail the same way; a new run completes them
                summary.failed.append((view, _("{reason}; the batch stopped here, run it again to issue the rest")
                                       .format(reason=error)))
                report(view.learner.full_name)
                going = False
                break
            except Exception as error:  # a rendering bug for one learner must not lose the others
                log.exception("making %s failed", doc.uuid)
                summary.failed.append((view, _("the certificate could not be made ({error})").format(error=error)))
                report(view.learner.full_name)
                continue
            finally:
                if index + drawn_ahead < len(plan):
                    drawing.append(pool.draw(plan[index + drawn_ahead][1], template, issuer.did))
            writing.append(writer.submit(finish, view, doc, drawn.draft, parts))
        while writing:  # what was signed is finished, also when cancelled or stopped
            outcome = writing.popleft().result()
            if going:
                going = settle(outcome)
            elif outcome.record is not None:  # written before the folder failed
                summary.issued.append(outcome.record)
        writer.submit(commit_records).result()  # after every credential written, whatever stopped the batch
    if summary.cancelled or not going:
        report()
    return summary
