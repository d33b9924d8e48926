from microcred_desktop.domain.learner import Learner
from microcred_desktop.storage.catalogue import Catalogue

NAMES = ["Žukauskas", "Zuokas", "Čepulis", "Cibulskis", "Šimkus", "Sabonis", "Ąžuolas", "Butkus"]


def family_names(catalogue: Catalogue) -> list[str]:
    return [x.family_name for x in catalogue.learners.page(limit=100)]


def test_learners_sort_as_the_language_expects(catalogue: Catalogue) -> None:
    catalogue.learners.upsert_many([Learner(given_name="A", family_name=n) for n in NAMES])
    catalogue.use_sort_language("lt")
    assert family_names(catalogue) == ["Ąžuolas", "Butkus", "Cibulskis", "Čepulis", "Sabonis", "Šimkus",
                                       "Zuokas", "Žukauskas"]
    catalogue.use_sort_language("en")  # accents only break ties
    assert family_names(catalogue) == ["Ąžuolas", "Butkus", "Čepulis", "Cibulskis", "Sabonis", "Šimkus",
                                       "Žukauskas", "Zuokas"]
    catalogue.use_sort_language("lt")
    catalogue.learners.upsert_many([Learner(given_name="B", family_name="Černius")])  # new rows keyed in lt too
    assert family_names(catalogue).index("Černius") == family_names(catalogue).index("Čepulis") + 1
