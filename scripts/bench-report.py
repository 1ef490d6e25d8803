#!/usr/bin/env python3
"""Times `watcherd report` as a user runs it, over logs of 10,000 alerts grown from the seeds' real records.

    scripts/bench-report.py WATCHERD [--alerts N] [--runs R]

Prints one table: the logs' size, the wall-clock time of each format (best and median of R runs, the whole command:
start, reading and decoding both logs, building, rendering, writing) and the file's size, against the targets of
≤ 2 s and ≤ 5 MB. Exits 1 when the HTML report misses a target. Use a release build.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("watcherd")
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    watcherd = os.path.abspath(args.watcherd)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "report-fixture.py"), watcherd, tmp,
                        "--alerts", str(args.alerts)], check=True, stdout=subprocess.DEVNULL)
        articles, alerts = os.path.join(tmp, "articles.jsonl"), os.path.join(tmp, "alerts.jsonl")
        article_count = sum(1 for _ in open(articles, encoding="utf-8"))
        rows = []
        missed = False
        for fmt in ("html", "md"):
            out = os.path.join(tmp, f"report.{fmt}")
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([watcherd, "report", "--articles", articles, "--alerts", alerts, "--format", fmt,
                                "--out", out], check=True, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - started)
            size = os.path.getsize(out)
            ok = min(times) <= 2.0 and size <= 5_000_000
            missed |= fmt == "html" and not ok
            rows.append((fmt, min(times), statistics.median(times), size, "met" if ok else "MISSED"))
        print(f"watcherd report over {args.alerts:,} alerts and {article_count:,} articles "
              f"(alerts.jsonl {os.path.getsize(alerts) / 1e6:.1f} MB, articles.jsonl {os.path.getsize(articles) / 1e6:.1f} MB), "
              f"{args.runs} runs each, wall clock of the whole command")
        print()
        print("| format | best | median | file | target ≤ 2 s, ≤ 5 MB |")
        print("|---|---:|---:|---:|---|")
        for fmt, best, median, size, verdict in rows:
            print(f"| {fmt} | {best:.2f} s | {median:.2f} s | {size / 1e6:.2f} MB | {verdict} |")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
