"""The record of issued credentials, looked up for a whole roster at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from microcred_desktop.domain.issued import IssuedCredential
from microcred_desktop.storage.catalogue import Catalogue
from tests import factories


def test_by_award_gives_each_learners_credentials_of_the_course_oldest_first(catalogue: Catalogue) -> None:
    catalogue.save_organisation(factories.organisation())
    first = catalogue.courses.add(factories.course(id=None))
    other = catalogue.courses.add(factories.course(id=None, code="OTHER-1"))
    ona = catalogue.learners.save(factories.learner(id=None, uuid=None, email="ona@example.lt"))
    jonas = catalogue.learners.save(factories.learner(id=None, uuid=None, email="jonas@example.lt", given_name="Jonas"))
    assert first.id and other.id and ona.id and jonas.id
    june, july = date(2026, 6, 1), date(2026, 7, 1)

    def issue(n: int, learner_id: int, course_id: int, completed: date) -> None:
        catalogue.issued.add(IssuedCredential(
            uuid=f"00000000-0000-4000-8000-{n:012d}", learner_id=learner_id, course_id=course_id,
            completion_date=completed, issued_at=datetime(2026, 8, n, tzinfo=UTC), folder="/out"))

    issue(1, ona.id, first.id, june)
    issue(2, ona.id, first.id, june)  # issued again
    issue(3, ona.id, first.id, july)  # another completion
    issue(4, jonas.id, other.id, june)  # another course

    awards = catalogue.issued.by_award(first.id)
    assert set(awards) == {(ona.id, june), (ona.id, july)}
    assert [c.uuid[-1] for c in awards[(ona.id, june)]] == ["1", "2"]
    assert [c.uuid[-1] for c in awards[(ona.id, july)]] == ["3"]
    assert catalogue.issued.by_award(other.id) == {(jonas.id, june): [catalogue.issued.get(
        "00000000-0000-4000-8000-000000000004")]}
