"""The outbox as plain database state: duplicates refused, back-off, one claim wins, survives reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.storage.outbox import FAILED, QUEUED, SENDING, SENT, outbox_of, retry_delay

from .conftest import Issued

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_back_off_doubles_from_30_seconds_up_to_an_hour() -> None:
    assert [retry_delay(n).total_seconds() for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_queue_refuses_a_second_message_unless_forced(issued: Issued) -> None:
    outbox = outbox_of(issued.catalogue)
    record = issued.records[0]
    first = outbox.queue(record.uuid, record.learner_id, "a@example.lt", "lt", "<1@x>", now=T0)
    assert first.outcome == "queued"
    assert outbox.queue(record.uuid, record.learner_id, "a@example.lt", "lt", "<2@x>").outcome == "waiting"
    assert outbox.claim(first.message.id, T0) and not outbox.claim(first.message.id, T0)  # one claim wins
    outbox.mark_sent(first.message.id, T0)
    again = outbox.queue(record.uuid, record.learner_id, "a@example.lt", "lt", "<3@x>")
    assert again.outcome == "already_sent" and again.message.id == first.message.id
    forced = outbox.queue(record.uuid, record.learner_id, "a@example.lt", "lt", "<4@x>", force=True)
    assert forced.outcome == "queued" and forced.message.message_id == "<4@x>"
    outbox.mark_failed(forced.message.id, "550 no such user")
    retried = outbox.queue(record.uuid, record.learner_id, "b@example.lt", "lt", "<5@x>", force=True)
    assert (retried.outcome, retried.message.id, retried.message.address) == ("requeued", forced.message.id,
                                                                             "b@example.lt")
    audit = [e.action for e in issued.catalogue.audit.entries(action_prefix="credential.email")]
    assert audit == ["credential.email_failed", "credential.email"]


def test_the_queue_survives_reopening_the_catalogue(issued: Issued) -> None:
    outbox = outbox_of(issued.catalogue)
    ids = []
    for record in issued.records:
        ids.append(outbox.queue(record.uuid, record.learner_id, "x@example.lt", "lt", f"<{record.uuid}@x>").message.id)
    outbox.mark_retry(ids[:1], "refused", T0)
    assert outbox.claim(ids[1], T0)
    outbox.mark_failed(ids[2], "550")
    root = issued.catalogue.folder.root
    issued.catalogue.close()
    reopened = outbox_of(Catalogue.open(root))
    states = {m.id: (m.state, m.attempts) for m in reopened.messages()}
    assert states == {ids[0]: (QUEUED, 1), ids[1]: (SENDING, 0), ids[2]: (FAILED, 1)}
    assert reopened.due(T0) == [] and [m.id for m in reopened.due(T0 + timedelta(seconds=30))] == [ids[0]]
    assert reopened.next_retry() == T0 + timedelta(seconds=30)
    assert reopened.recover_interrupted("crashed", T0 + timedelta(minutes=1)) == 0  # its lease still runs
    assert reopened.recover_interrupted("crashed", T0 + timedelta(minutes=6)) == 1
    assert reopened.get(ids[1]).state == QUEUED  # type: ignore[union-attr]
    assert {m.state for m in reopened.messages()} <= {QUEUED, FAILED, SENT}
