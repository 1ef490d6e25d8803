#!/usr/bin/env python3
"""Logs for the report's tests and benchmark, from the seeds' real records.

    scripts/report-fixture.py WATCHERD OUTDIR [--alerts N]

Runs `WATCHERD process --show-alerts seeds/*` and splits its output into OUTDIR/articles.jsonl and
OUTDIR/alerts.jsonl: the seeds' records as the daemon would write them (timestamps: now). With --alerts N, the
logs are then grown to N alerts by copying the seeds' alerts and articles with new ids, stories (four alerts per
story), files and times spread over the last 23 hours, keeping every other field (snippets, matched words, entities)
as the pipeline wrote it. Deterministic apart from the current time.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("watcherd")
    parser.add_argument("outdir")
    parser.add_argument("--alerts", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    seeds = sorted(glob.glob(os.path.join(ROOT, "seeds", "*")))
    out = subprocess.run([args.watcherd, "process", "--show-alerts", *seeds], capture_output=True, text=True)
    if out.returncode not in (0, 2):
        sys.exit(f"report-fixture: watcherd process exited {out.returncode}: {out.stderr}")
    articles, alerts = [], []
    for line in out.stdout.splitlines():
        record = json.loads(line)
        (alerts if "rule" in record else articles).append(record)
    if not alerts:
        sys.exit("report-fixture: the seeds raised no alerts")
    if args.alerts:
        articles, alerts = grow(articles, alerts, args.alerts)
    with open(os.path.join(args.outdir, "articles.jsonl"), "w", encoding="utf-8") as f:
        for record in articles:
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(args.outdir, "alerts.jsonl"), "w", encoding="utf-8") as f:
        for record in alerts:
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"report-fixture: {len(articles)} articles, {len(alerts)} alerts in {args.outdir}")


def hexid(text, digits):
    return hashlib.sha256(text.encode()).hexdigest()[:digits]


def grow(articles, alerts, count):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    by_id = {a["id"]: a for a in articles}
    new_articles, new_alerts = [], []
    made = {}
    for n in range(count):
        template = alerts[n % len(alerts)]
        copy = n // len(alerts)
        article_key = (template["article"], copy)
        at = now - datetime.timedelta(seconds=(count - n) * 23 * 3600 // count + 60)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        story = "story:" + hexid(f"story {n // 4}", 16)
        if article_key not in made:
            article = json.loads(json.dumps(by_id.get(template["article"], {"id": template["article"], "status": "ok",
                                                                             "file": {"name": template["file"]}})))
            article["id"] = "sha256:" + hexid(f"article {template['article']} {copy}", 64)
            article["file"]["name"] = f"{copy:05d}_{article['file']['name']}"
            article["ingested_at"] = stamp
            article["story"] = story
            made[article_key] = article
            new_articles.append(article)
        article = made[article_key]
        alert = dict(template)
        alert["id"] = "alert:" + hexid(f"alert {n}", 20)
        alert["at"] = stamp
        alert["article"] = article["id"]
        alert["file"] = article["file"]["name"]
        alert["story"] = article["story"]
        alert["repeat_of"] = None
        new_alerts.append(alert)
    new_articles.sort(key=lambda a: a["ingested_at"])
    return new_articles, new_alerts


if __name__ == "__main__":
    main()
