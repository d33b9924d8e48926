"""Benchmark: issue N complete credentials (all five files) and report the speed.

    .venv/bin/python bench/issue_bench.py 2000

A fresh data folder, the demo organisation, one course with N learners who completed it, keys in an
in-memory keychain, files into a temporary folder. Prints credentials per second, the seconds spent
in each stage (build, seal, proof, QR, PDF, page image, write) and the peak RSS, sampled as it goes
so that growth with N shows.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--course", default="DIGI-BI", help="demo course code (DIGI-BI is bilingual)")
    args = parser.parse_args()
    # Imported here, not at the top: "spawn" workers re-import the main module, and the app's own
    # `__main__` is as light, so the workers measured here are the size they are in the app.
    from microcred_desktop.crypto.keystore import Keystore
    from microcred_desktop.crypto.memory_keyring import MemoryKeyring
    from microcred_desktop.domain.learner import Learner
    from microcred_desktop.services.demo import COURSES, ORGANISATION
    from microcred_desktop.services.issue import issue_batch
    from microcred_desktop.services.keys import KeyService
    from microcred_desktop.services.render_pool import RenderPool
    from microcred_desktop.services.stopwatch import Stopwatch
    from microcred_desktop.storage.catalogue import Catalogue
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Catalogue.open(Path(tmp) / "data")
        catalogue.save_organisation(ORGANISATION)
        course = catalogue.courses.add(next(c for c in COURSES if c.code == args.course))
        catalogue.learners.upsert_many([Learner(given_name=f"Vardenis{i}", family_name=f"Pavardenis{i:05d}",
                                                email=f"l{i}@example.lt", external_id=f"B{i}")
                                        for i in range(args.n)])
        assert course.id is not None
        with catalogue.sessions.begin() as session:
            for learner in catalogue.learners.page(limit=args.n):
                assert learner.id is not None
                catalogue.completions.add_in(session, learner.id, course.id, date(2026, 11, 20), None)
        keys = KeyService(catalogue, Keystore(MemoryKeyring()))
        keys.generate()
        views = catalogue.completions.for_course(course.id)
        clock = Stopwatch()
        rss: list[tuple[int, float]] = []

        def progress(done: int, total: int, _message: str) -> None:
            if done and done % max(1, total // 5) == 0:
                rss.append((done, peak_rss_mb()))

        before = peak_rss_mb()
        started = time.perf_counter()
        summary = issue_batch(catalogue, keys, course, views, Path(tmp) / "out", progress=progress, clock=clock)
        elapsed = time.perf_counter() - started
        files = sum(1 for _ in (Path(tmp) / "out").iterdir())
    n = len(summary.issued)
    print(f"issued {n} credentials ({files} files) in {elapsed:.1f} s: {n / elapsed:.1f} credentials/s")
    for stage in ("build", "seal", "proof", "qr", "pdf", "page image", "write"):
        seconds = clock.seconds.get(stage, 0.0)
        print(f"  {stage:<11} {seconds:7.2f} s  {1000 * seconds / max(n, 1):6.1f} ms/credential")
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    children = kids.ru_maxrss / 1024
    main_cpu, worker_cpu = own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime
    print(f"  CPU: this process {main_cpu:.1f} s, render workers {worker_cpu:.1f} s"
          f" ({1000 * (main_cpu + worker_cpu) / max(n, 1):.1f} ms a credential)")
    # System time here is mostly the file system creating and fsyncing the files; see docs/performance.md
    # on file systems without a journal, where files deleted minutes before make it grow.
    print(f"  of which system time: this process {own.ru_stime:.1f} s, render workers {kids.ru_stime:.1f} s")
    samples = ", ".join(f"{mb:.0f} MB after {done}" for done, mb in rss)
    print(f"  peak RSS (this process): {before:.0f} MB before issuing, {samples}; final {peak_rss_mb():.0f} MB")
    workers = RenderPool(len(views)).workers
    print(f"  peak RSS of the largest render worker: {children:.0f} MB; this process and {workers} such workers"
          f" together: at most {peak_rss_mb() + workers * children:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
