from __future__ import annotations

import pytest

from .support import Rendered, formal_document, render, volunteering_document


@pytest.fixture(scope="session")
def formal() -> Rendered:
    return render(formal_document(), "formal")


@pytest.fixture(scope="session")
def volunteering() -> Rendered:
    return render(volunteering_document(), "volunteering")
