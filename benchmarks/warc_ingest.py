"""WARC ingest: records/s, articles/s and peak memory for generated web archives.

    python benchmarks/warc_ingest.py                     # 10k records: read, then ingest
    python benchmarks/warc_ingest.py --sizes 2000 10000  # flat memory shows across sizes
    python benchmarks/warc_ingest.py --read-only         # the reader alone (no coding)

Each archive is gzip-per-record, as news crawls publish them, written with warcio: for every
two records a request and a response, most responses English news pages made from our own
templates (benchmarks/corpus.py), some German pages, images, redirects and, every 500
records, a corrupt record. Two runs per archive, each in a fresh process (wall-clock and CPU
time; its maximum resident set size is the peak): "read" streams the archive through the
reader (decompression, trafilatura, language detection); "ingest" is `eventcoder ingest`
(reading, coding, storing).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

# Run the measured command as a child of a tiny wrapper, so RUSAGE_CHILDREN is its alone.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL).returncode\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(use.ru_maxrss, rc, use.ru_utime + use.ru_stime)\n"
)
_READ = (
    "import sys\n"
    "from eventcoder.sources import read_inputs\n"
    "n = sum(1 for i in read_inputs([sys.argv[1]]) if i.article)\n"
    "open(sys.argv[2], 'w').write(str(n))\n"
)
_GERMAN = ("Die Regierung hat am Dienstag neue Sanktionen gegen das Nachbarland beschlossen, "
           "sagte der Minister vor Journalisten in der Hauptstadt. Die Opposition forderte "
           "weitere Gespräche mit den Partnern und kritisierte die Entscheidung scharf.")


def _page(title: str, text: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="2024-03-01"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>(c) Example</footer>"
            f"</body></html>").encode()


def write_archive(path: Path, n_records: int, seed: int) -> None:
    """Write an archive of `n_records` records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    texts = articles(n_records, seed=seed, paragraphs=(2, 4))
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n_records):
            url = f"https://news{i % 37}.example.org/story/{i}"
            if i % 2 == 0:
                http = StatusAndHeaders("GET /story HTTP/1.1", [("Host", "example.org")],
                                        is_http_request=True)
                record = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                   http_headers=http)
            else:
                slot = (i // 2) % 10
                status, ctype, payload = "200 OK", "text/html; charset=utf-8", None
                if slot == 7:
                    ctype, payload = "image/jpeg", b"\xff\xd8\xff" + bytes(3000)
                elif slot == 8:
                    status, payload = "301 Moved Permanently", b""
                elif slot == 9:
                    payload = _page("Sanktionen", _GERMAN)
                else:
                    payload = _page(f"Story {i}", next(texts))
                http = StatusAndHeaders(status, [("Content-Type", ctype),
                                                 ("Content-Length", str(len(payload)))],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response",
                                                   payload=io.BytesIO(payload),
                                                   http_headers=http)
            if i % 500 == 250:  # a corrupt record: the reader must record it and read on
                buf = io.BytesIO()
                WARCWriter(buf, gzip=True).write_record(record)
                member = buf.getvalue()
                mid = len(member) // 2
                fh.write(member[:mid] + b"\xff" * 16 + member[mid + 16:])
                continue
            writer.write_record(record)


def _measure(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code) of one command."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                         text=True, check=True).stdout.split()
    return time.perf_counter() - t0, float(out[2]), int(out[0]) / 1024, int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000],
                    help="records per archive (default: 10000)")
    ap.add_argument("--read-only", action="store_true", help="measure the reader alone")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            archive, db = Path(tmp) / f"crawl{n}.warc.gz", Path(tmp) / f"db{n}.duckdb"
            write_archive(archive, n, seed=n)
            mb = archive.stat().st_size / 1e6
            counted = Path(tmp) / "articles.txt"
            runs = [("read", [sys.executable, "-c", _READ, str(archive), str(counted)])]
            if not args.read_only:
                runs.append(("ingest", [sys.executable, "-m", "eventcoder", "ingest",
                                        str(archive), "--db", str(db),
                                        "--workers", str(args.workers)]))
            for label, cmd in runs:
                seconds, cpu, peak, rc = _measure(cmd)
                if label == "read":  # the articles the reader gave are what ingest codes
                    pages = int(counted.read_text())
                # CPU time as well: on a shared machine the wall clock says more about the
                # other processes than about this one
                print(f"{label:>6} {n:>6} records ({mb:5.1f} MB, {pages} articles): "
                      f"{seconds:7.1f} s, {n / seconds:7.1f} records/s, "
                      f"{pages / seconds:6.1f} articles/s; CPU {cpu:7.1f} s, "
                      f"{n / cpu:7.1f} records/s, {pages / cpu:6.1f} articles/s; "
                      f"peak RSS {peak:6.1f} MB, exit {rc}", flush=True)


if __name__ == "__main__":
    main()
