"""Sending a batch to a real SMTP server on loopback: the right files, once each, across an outage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from microcred_desktop.services.mail import SmtpProblem
from microcred_desktop.services.mail_templates import setting_key
from microcred_desktop.services.send import queue_course, send_due
from microcred_desktop.storage.outbox import FAILED, QUEUED, SENT, outbox_of

from .conftest import Issued, SmtpServer, remove_email

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
KINDS = ("pdf", "edc", "ob3", "ob3_png")


def attachments(message: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}  # type: ignore[misc]


def learner_address(issued: Issued, learner_id: int) -> str:
    learner = issued.catalogue.learners.get(learner_id)
    assert learner is not None and learner.email
    return learner.email


def test_each_learner_gets_their_own_files_byte_for_byte(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    catalogue.set_setting(setting_key("lt"), {"subject": "Jūsų pažymėjimas: {course}",
                                              "body": "Sveiki, {learner}!\n\n{europass_help}\n\n{organisation}"})
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code, now=T0)
    assert len(queued.messages) == 3 and not queued.without_email and not queued.already_sent
    seen: list[tuple[int, int]] = []
    summary = send_due(catalogue, smtp_server.account(), only=queued.ids, now=T0,
                       progress=lambda done, total, _m: seen.append((done, total)))
    assert summary.all_sent and len(summary.sent) == 3 and seen[-1] == (3, 3)
    assert len(smtp_server.inbox.messages) == 3
    course = catalogue.courses.require(issued.course_code)
    for record in issued.records:
        address = learner_address(issued, record.learner_id)
        (message,) = smtp_server.inbox.to(address)
        assert message["Content-Language"] == "lt"
        assert message["Subject"] == f"Jūsų pažymėjimas: {course.title_in('lt')}"
        assert record.learner_name in message.get_body().get_content()  # type: ignore[union-attr]
        assert message["From"] == "KPMC <info@kpmc.example.lt>"
        files = attachments(message)
        assert set(files) == {record.files[k]["name"] for k in KINDS}
        for kind in KINDS:
            assert files[record.files[kind]["name"]] == Path(record.path_of(kind)).read_bytes(), kind
    states = {m.credential_uuid: m for m in outbox_of(catalogue).messages()}
    assert {m.state for m in states.values()} == {SENT}
    received_ids = {r.message["Message-ID"].strip() for r in smtp_server.inbox.messages}
    assert {m.message_id for m in states.values()} == received_ids and len(received_ids) == 3


def test_sending_again_sends_nobody_twice_unless_asked(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue, settings = issued.catalogue, smtp_server.settings()
    send_due(catalogue, smtp_server.account(), only=queue_course(catalogue, settings, issued.course_code).ids)
    again = queue_course(catalogue, settings, issued.course_code)
    assert (len(again.messages), len(again.already_sent)) == (0, 3)
    assert send_due(catalogue, smtp_server.account()).sent == []
    assert len(smtp_server.inbox.messages) == 3
    forced = queue_course(catalogue, settings, issued.course_code, [issued.records[0].uuid], force=True)
    assert len(forced.messages) == 1
    assert len(send_due(catalogue, smtp_server.account(), only=forced.ids).sent) == 1
    assert len(smtp_server.inbox.messages) == 4


def test_server_down_then_up_the_queue_drains_once(issued: Issued, smtp_down: SmtpServer) -> None:
    catalogue = issued.catalogue
    queued = queue_course(catalogue, smtp_down.settings(), issued.course_code, now=T0)
    first = send_due(catalogue, smtp_down.account(), only=queued.ids, now=T0)
    assert not first.sent and len(first.retrying) == 3 and "refused the connection" in first.problem
    waiting = outbox_of(catalogue).messages(queued.ids)
    assert {(m.state, m.attempts, m.next_attempt_at) for m in waiting} == {(QUEUED, 1, T0 + timedelta(seconds=30))}
    assert all("refused" in m.last_error for m in waiting)
    # not due yet: nothing is tried
    assert send_due(catalogue, smtp_down.account(), now=T0 + timedelta(seconds=10)).retrying == []
    # still down: the back-off doubles
    send_due(catalogue, smtp_down.account(), now=T0 + timedelta(seconds=31))
    assert {m.next_attempt_at for m in outbox_of(catalogue).messages(queued.ids)} == {
        T0 + timedelta(seconds=31 + 60)}
    smtp_down.start()
    drained = send_due(catalogue, smtp_down.account(), now=T0 + timedelta(seconds=95))
    assert len(drained.sent) == 3 and drained.all_sent
    assert send_due(catalogue, smtp_down.account(), now=T0 + timedelta(hours=2)).sent == []
    recipients = sorted(r.rcpt_tos[0] for r in smtp_down.inbox.messages)
    assert recipients == sorted(learner_address(issued, r.learner_id) for r in issued.records)
    assert {m.state for m in outbox_of(catalogue).messages(queued.ids)} == {SENT}


def test_a_wrong_password_is_a_clear_error_and_loses_nothing(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    with pytest.raises(SmtpProblem) as caught:
        send_due(catalogue, smtp_server.account(password="wrong"), only=queued.ids)
    assert "did not accept the user name or password" in caught.value.message and not caught.value.transient
    kept = outbox_of(catalogue).messages(queued.ids)
    assert {(m.state, m.attempts) for m in kept} == {(QUEUED, 0)}
    assert all("password" in m.last_error for m in kept)
    assert smtp_server.inbox.messages == []
    assert len(send_due(catalogue, smtp_server.account(), only=queued.ids).sent) == 3


def test_a_learner_without_an_email_is_listed_not_skipped_silently(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    remove_email(catalogue, issued.records[1].learner_id)
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    assert [r.uuid for r in queued.without_email] == [issued.records[1].uuid]
    assert len(queued.messages) == 2
    assert len(send_due(catalogue, smtp_server.account(), only=queued.ids).sent) == 2
    assert len(smtp_server.inbox.messages) == 2


def test_cancel_stops_between_messages_and_the_rest_can_be_sent_later(issued: Issued,
                                                                       smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    summary = send_due(catalogue, smtp_server.account(), only=queued.ids,
                       cancel=lambda: len(smtp_server.inbox.messages) >= 1)
    assert (len(summary.sent), summary.cancelled) == (1, 2) and not summary.all_sent
    again = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    assert (len(again.messages), len(again.already_sent)) == (2, 1)
    assert len(send_due(catalogue, smtp_server.account(), only=again.ids).sent) == 2
    assert len(smtp_server.inbox.messages) == 3


def test_a_message_left_sending_by_a_crash_is_sent_after_its_lease(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    outbox = outbox_of(catalogue)
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code, now=T0)
    assert outbox.claim(queued.ids[0], T0)  # the process died after this
    assert len(send_due(catalogue, smtp_server.account(), now=T0 + timedelta(minutes=1)).sent) == 2
    late = send_due(catalogue, smtp_server.account(), now=T0 + timedelta(minutes=6))
    assert [m.id for m in late.sent] == [queued.ids[0]]
    assert len(smtp_server.inbox.messages) == 3


def test_a_changed_file_is_not_sent(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    pdf = Path(issued.records[0].path_of("pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n%tampered")
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    summary = send_due(catalogue, smtp_server.account(), only=queued.ids)
    assert len(summary.sent) == 2 and len(summary.failed) == 1
    message, reason = summary.failed[0]
    assert message.credential_uuid == issued.records[0].uuid and "changed since it was issued" in reason
    assert outbox_of(catalogue).get(message.id).state == FAILED  # type: ignore[union-attr]


def test_an_address_the_server_refuses_fails_alone(issued: Issued, smtp_server: SmtpServer) -> None:
    catalogue = issued.catalogue
    refused = learner_address(issued, issued.records[2].learner_id)

    async def handle_RCPT(server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address == refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.inbox.handle_RCPT = handle_RCPT  # type: ignore[attr-defined]
    queued = queue_course(catalogue, smtp_server.settings(), issued.course_code)
    summary = send_due(catalogue, smtp_server.account(), only=queued.ids)
    assert len(summary.sent) == 2 and len(summary.failed) == 1
    assert refused in summary.failed[0][1] and "550" in summary.failed[0][1]
