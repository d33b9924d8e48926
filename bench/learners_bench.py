"""Benchmark: the learner table with 100,000 learners — count and first page, with and without a filter.

    .venv/bin/python bench/learners_bench.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from microcred_desktop.storage.catalogue import Catalogue
from microcred_desktop.storage.convert import fold, sort_key
from microcred_desktop.storage.models import LearnerRow


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Catalogue.open(Path(tmp))
        now = datetime.now(UTC).replace(tzinfo=None)
        started = time.perf_counter()
        with catalogue.sessions.begin() as session:
            session.bulk_save_objects([
                LearnerRow(uuid=str(uuid.uuid4()), given_name=f"Vardas{i}", family_name=f"Pavardenis{i:06d}",
                           email=f"l{i}@example.lt", external_id=f"X{i}", notes="",
                           search_text=fold(f"Vardas{i} Pavardenis{i:06d} l{i}@example.lt X{i}"),
                           sort_key=sort_key(f"Pavardenis{i:06d}", f"Vardas{i}"), created_at=now, updated_at=now)
                for i in range(n)])
        print(f"inserted {n} learners in {time.perf_counter() - started:.1f} s")
        for text in ("", "pavardenis0999", "l5000"):
            started = time.perf_counter()
            total = catalogue.learners.count(text)
            page = catalogue.learners.page(text, 0, 200)
            later = catalogue.learners.page(text, 50_000 if not text else 0, 200)
            ms = 1000 * (time.perf_counter() - started)
            print(f"filter {text!r:18}: {total:6d} matches, count + first page + a deep page in {ms:.0f} ms "
                  f"({len(page)}, {len(later)} rows)")
        catalogue.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
