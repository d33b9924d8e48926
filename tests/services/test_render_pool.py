"""How many render processes a batch gets, and that the pool's drawing is the in-process drawing."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from microcred_desktop.services.display_image import draw_credential
from microcred_desktop.services.render_pool import MIN_BATCH_FOR_WORKERS, RenderPool, worker_count
from tests.formats.pdf.support import formal_document

ISSUER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def test_one_worker_per_core_but_the_one_the_app_keeps_busy() -> None:
    big = MIN_BATCH_FOR_WORKERS
    assert worker_count(2000, 2) == 1
    assert worker_count(2000, 8) == 7
    assert worker_count(2000, 1) == 0  # one core: drawn in the app's process
    assert worker_count(big - 1, 8) == 0  # a small batch: starting a process costs more than it saves
    assert worker_count(big, 2) == 1


def test_a_single_worker_is_a_process_of_its_own_and_draws_the_same() -> None:
    doc = formal_document()
    with RenderPool(100, workers=1) as pool:
        assert isinstance(pool._executor, ProcessPoolExecutor)
        drawn, seconds = pool.draw(doc, "formal", ISSUER).result(timeout=120)
    alone = draw_credential(doc, "formal", ISSUER)
    assert drawn.draft == alone.draft and drawn.images == alone.images
    assert seconds["pdf"] > 0
