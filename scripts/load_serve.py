"""Load test of ``resdiff serve``: N comparisons posted at once to a real server on 127.0.0.1.

Starts ``resdiff serve --no-browser``, posts N comparisons in parallel (real
PDFs and texts from tests/documents, in turn), checks each one's JSON download
against the library's own output for the same files (all right, none lost),
and prints latency and the memory (RSS) of the server and its workers,
sampled every 50 ms while it runs, and after it.

    python scripts/load_serve.py            # 20 in parallel
    python scripts/load_serve.py -n 40 --rounds 3 --workers 2
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "tests" / "documents" / "pdf"
TEXT = ROOT / "tests" / "documents" / "text"
PAIRS = [
    (PDF / "A_C.2_80_L.5.pdf", PDF / "A_RES_80_150.pdf"),
    (PDF / "A_C.3_80_L.32.pdf", PDF / "A_RES_80_221.pdf"),
    (TEXT / "A_RES_78_160.txt", PDF / "A_RES_79_144.pdf"),
    (ROOT / "samples" / "A_RES_64_177.txt", ROOT / "samples" / "A_RES_66_178.txt"),
]


def _rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in kB (Linux /proc)."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])  # type: ignore[index]
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, TypeError):
        return total
    return total + sum(_rss_kb(int(c)) for c in children)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="comparisons posted at once (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="times to do it (default 1)")
    parser.add_argument("--workers", type=int, default=0, help="resdiff serve --workers (default: its own)")
    args = parser.parse_args()

    from diffcore import compare, render_json

    expected = {pair: render_json(compare(*pair)) for pair in PAIRS}
    workers = ["--workers", str(args.workers)]
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--no-browser", *workers],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert server.stdout
    url = re.search(r"http://\S+/", server.stdout.readline())[0]  # type: ignore[index]
    idle = _rss_kb(server.pid)
    peak = [idle]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak.append(_rss_kb(server.pid))

    def one(i: int) -> tuple[float, bool]:
        pair = PAIRS[i % len(PAIRS)]
        old, new = pair
        files = {"old_file": (old.name, old.read_bytes()), "new_file": (new.name, new.read_bytes())}
        start = time.perf_counter()
        with httpx.Client(base_url=url, timeout=600) as c:
            r = c.post("/compare", files=files, headers={"accept": "application/json"})
            if r.status_code != 200:
                return time.perf_counter() - start, False
            got = c.get(r.json()["url"] + "/download/json").text
        return time.perf_counter() - start, got == expected[pair]

    threading.Thread(target=sample, daemon=True).start()
    try:
        for round_ in range(1, args.rounds + 1):
            start = time.perf_counter()
            with ThreadPoolExecutor(args.n) as pool:
                results = list(pool.map(one, range(args.n)))
            wall = time.perf_counter() - start
            times = sorted(t for t, _ in results)
            right = sum(ok for _, ok in results)
            print(
                f"round {round_}: {args.n} comparisons at once: {right} right,"
                f" {args.n - right} wrong or lost;"
                f" {wall:.1f} s in all; per request median {statistics.median(times):.1f} s,"
                f" max {times[-1]:.1f} s; RSS (server + workers) now {_rss_kb(server.pid) / 1024:.0f} MB"
            )
    finally:
        done.set()
        server.terminate()
        server.wait(30)
    print(f"RSS idle {idle / 1024:.0f} MB, peak {max(peak) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
