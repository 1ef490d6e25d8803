#!/usr/bin/env python3
"""eval-pages: watcherd and trafilatura on the same real Arabic news pages and texts, against gold read by hand.

Runs the real binary (`watcherd process` on every page and text, reading the records it prints) and, unless
--watcherd-only, trafilatura (bare_extraction, comments off) in the Python given by --traf-python. Prints a table per
page and per split (dev: may be looked at while fixing the extractor; holdout: only measured; 4 of the 6 holdout pages were opened on 2026-12-06, the 2 added that day and the holdout texts not), then the texts.

Matching rules, the same for both tools (see docs/extraction-eval.md):
  normalise  NFKC; Arabic diacritics and tatweel removed; alef forms -> ا, ى -> ي, ة -> ه; Arabic-Indic digits ->
             ASCII; every character that is not a letter or digit becomes a space; spaces collapsed.
  title      the normalised title equals the normalised gold title.
  date       the tool's date (its first 10 characters, YYYY-MM-DD) is the gold date or one of date_also; a gold null
             needs no date.
  body       watcherd: `text` from its first block that is not the title or subtitle; trafilatura: its text.
  start      the first 60 normalised characters of the gold first sentence occur in the body, starting within the
             first 300 normalised characters.
  end        the last 60 normalised characters of the gold last sentence occur in the body, with at most 300
             normalised characters after them.
  chrome     a gold chrome string counts as kept when its normalised form occurs in the whole output (watcherd:
             `text`; trafilatura: title and text).
  lines      a gold line of a text is lost when its normalised form does not occur in the output.

--floor FILE: exit 1 when a watcherd total falls below the figure in FILE (the regression test of make test).
--json FILE: write every per-page and per-text result.
"""
import argparse
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "Tests/Fixtures/pages"
TEXTS = PAGES / "texts"
HEAD = 60
SLACK = 300

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                      **{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)}})


def norm(s):
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    s = DIACRITICS.sub("", s).translate(ALEF)
    s = "".join(c if c.isalnum() else " " for c in s)
    return " ".join(s.lower().split())


def match_start(body, first):
    head = norm(first)[:HEAD]
    at = body.find(head)
    return at != -1 and at <= SLACK


def match_end(body, last):
    tail = norm(last)[-HEAD:]
    at = body.rfind(tail)
    return at != -1 and len(body) - (at + len(tail)) <= SLACK


def judge(gold, title, date, body, whole):
    body, whole = norm(body), norm(whole)
    dates = {gold["date"], *gold.get("date_also", [])} if gold["date"] else {None}
    kept = [c for c in gold["chrome"] if norm(c) in whole]
    return {
        "title": norm(title) == norm(gold["title"]),
        "date": (date[:10] if date else None) in dates,
        "start": match_start(body, gold["first"]),
        "end": match_end(body, gold["last"]),
        "chrome_kept": kept,
        "chrome_total": len(gold["chrome"]),
        "got_title": title,
        "got_date": date,
    }


def watcherd_records(binary, files):
    """One `watcherd process` over all files; records in argument order, keyed by file name."""
    out = subprocess.run([binary, "process", *map(str, files)], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit(f"eval-pages: watcherd process exited {out.returncode}: {out.stderr[-2000:]}")
    records = {}
    for line in out.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            records[r["file"]["name"]] = r
    return records


def watcherd_body(record):
    text = record.get("text") or ""
    blocks = (record.get("article") or {}).get("blocks") or []
    start = next((b["start"] for b in blocks if b["kind"] not in ("title", "subtitle")), len(text) if blocks else 0)
    return text[start:]


TRAF_SCRIPT = r"""
import json, sys
import trafilatura
out = {}
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    doc = trafilatura.bare_extraction(data, include_comments=False, with_metadata=True)
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    out[path] = {"title": get("title"), "date": get("date"), "text": get("text") or ""} if doc is not None else \
        {"title": None, "date": None, "text": ""}
    if path.endswith('.txt'):
        # The same lines as an HTML page of <p>s: what trafilatura keeps once the text has markup.
        import html
        lines = data.decode('utf-8').splitlines()
        page = '<html><body><article>' + ''.join('<p>' + html.escape(l) + '</p>' for l in lines) + '</article></body></html>'
        d2 = trafilatura.bare_extraction(page, include_comments=False, with_metadata=True)
        g2 = (lambda k: d2.get(k)) if isinstance(d2, dict) else (lambda k: getattr(d2, k, None))
        out[path]["as_p"] = (g2("title") or "") + "\n" + (g2("text") or "") if d2 is not None else ""
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def trafilatura_results(python, files):
    out = subprocess.run([python, "-c", TRAF_SCRIPT, *map(str, files)], capture_output=True, text=True, timeout=1200)
    if out.returncode != 0:
        sys.exit(f"eval-pages: trafilatura run failed: {out.stderr[-2000:]}")
    return {Path(k).name: v for k, v in json.loads(out.stdout).items()}


def mark(ok):
    return "✓" if ok else "✗"


def pct(n, d):
    return f"{100.0 * n / d:5.1f}%" if d else "   - "


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--traf-python")
    ap.add_argument("--watcherd-only", action="store_true")
    ap.add_argument("--floor")
    ap.add_argument("--json")
    args = ap.parse_args()

    pages = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))["pages"]
    texts = json.loads((TEXTS / "gold.json").read_text(encoding="utf-8"))
    for i, t in enumerate(texts):
        t["split"] = "holdout" if i % 3 == 2 else "dev"
    page_files = [PAGES / p["file"] for p in pages]
    text_files = [TEXTS / t["file"] for t in texts]

    w = watcherd_records(args.binary, page_files + text_files)
    tools = ["watcherd"]
    t = {}
    if not args.watcherd_only:
        if not args.traf_python:
            sys.exit("eval-pages: --traf-python is needed unless --watcherd-only")
        t = trafilatura_results(args.traf_python, page_files + text_files)
        tools.append("trafilatura")

    results = {"pages": [], "texts": []}
    for g in pages:
        row = {"file": g["file"], "split": g["split"]}
        r = w.get(g["file"])
        if r is None:
            sys.exit(f"eval-pages: no record for {g['file']}")
        a = r.get("article") or {}
        row["watcherd"] = judge(g, a.get("title"), a.get("published") or a.get("updated"), watcherd_body(r),
                                r.get("text") or "")
        row["watcherd"]["warnings"] = (a.get("extraction") or {}).get("warnings", [])
        if "trafilatura" in tools:
            x = t.get(g["file"]) or {"title": None, "date": None, "text": ""}
            row["trafilatura"] = judge(g, x["title"], x["date"], x["text"], (x["title"] or "") + "\n" + x["text"])
        results["pages"].append(row)
    for g in texts:
        row = {"file": g["file"], "split": g["split"], "lines": len(g["lines"])}
        r = w.get(g["file"])
        row["watcherd"] = sum(1 for line in g["lines"] if norm(line) not in norm((r or {}).get("text")))
        if "trafilatura" in tools:
            x = t.get(g["file"]) or {"text": ""}
            whole = norm((x.get("title") or "") + "\n" + (x.get("text") or ""))
            row["trafilatura"] = sum(1 for line in g["lines"] if norm(line) not in whole)
            as_p = norm(x.get("as_p") or "")
            row["trafilatura_as_p"] = sum(1 for line in g["lines"] if norm(line) not in as_p)
        results["texts"].append(row)

    # Per-page table.
    cols = ["title", "date", "start", "end"]
    head = f"{'page':<22} {'split':<8}" + "".join(f" {c + ' W/T':>10}" for c in cols) + f" {'chrome kept W/T':>16}"
    print("Pages (W = watcherd, T = trafilatura; ✓ = matches the gold)")
    print(head)
    print("-" * len(head))
    for row in results["pages"]:
        line = f"{row['file'][:-5]:<22} {row['split']:<8}"
        for c in cols:
            line += f" {mark(row['watcherd'][c]) + '/' + (mark(row['trafilatura'][c]) if 'trafilatura' in row else '-'):>10}"
        wk = len(row["watcherd"]["chrome_kept"])
        tk = len(row["trafilatura"]["chrome_kept"]) if "trafilatura" in row else "-"
        total = row["watcherd"]["chrome_total"]
        line += f" {f'{wk}/{tk} of {total}':>16}"
        print(line)

    totals = {}
    print()
    print(f"{'totals':<16} {'tool':<12} {'pages':>5} {'title':>7} {'date':>7} {'start':>7} {'end':>7} {'chrome kept':>12}"
          f" {'text lines lost':>16}")
    for split in ("dev", "holdout", "all"):
        ps = [p for p in results["pages"] if split == "all" or p["split"] == split]
        ts = [x for x in results["texts"] if split == "all" or x["split"] == split]
        lines = sum(x["lines"] for x in ts)
        for tool in tools:
            n = len(ps)
            fig = {c: sum(1 for p in ps if p[tool][c]) for c in cols}
            kept = sum(len(p[tool]["chrome_kept"]) for p in ps)
            chrome = sum(p[tool]["chrome_total"] for p in ps)
            lost = sum(x[tool] for x in ts)
            totals[f"{split}.{tool}"] = {**{c: 100.0 * fig[c] / n for c in cols},
                                         "chrome_kept": 100.0 * kept / chrome, "lines_lost": lost, "lines": lines}
            print(f"{split:<16} {tool:<12} {n:>5} " + " ".join(f"{pct(fig[c], n):>7}" for c in cols)
                  + f" {pct(kept, chrome):>12} {f'{lost} of {lines}':>16}")
    results["totals"] = totals
    if "trafilatura" in tools:
        for split in ("dev", "holdout", "all"):
            ts = [x for x in results["texts"] if split == "all" or x["split"] == split]
            print(f"{split:<16} {'trafilatura, each text line given as an HTML <p>':<71} "
                  f"{str(sum(x['trafilatura_as_p'] for x in ts)) + ' of ' + str(sum(x['lines'] for x in ts)):>16}")

    misses = [(p["file"], c, p["watcherd"]) for p in results["pages"] for c in cols if not p["watcherd"][c]]
    if misses:
        print("\nwatcherd misses:")
        for f, c, j in misses:
            extra = f" (got {j['got_title']!r})" if c == "title" else f" (got {j['got_date']!r})" if c == "date" else ""
            print(f"  {f}: {c}{extra}")
    for p in results["pages"]:
        if p["watcherd"]["chrome_kept"]:
            print(f"  {p['file']}: chrome kept {p['watcherd']['chrome_kept']}")

    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.floor:
        floor = json.loads(Path(args.floor).read_text(encoding="utf-8"))
        failed = []
        for key, limits in floor.items():
            got = totals[f"{key}.watcherd"]
            for metric, limit in limits.items():
                if metric in ("chrome_kept", "lines_lost"):
                    if got[metric] > limit:
                        failed.append(f"{key} {metric} {got[metric]:.1f} > {limit}")
                elif got[metric] < limit:
                    failed.append(f"{key} {metric} {got[metric]:.1f} < {limit}")
        if failed:
            print("\neval-pages: watcherd fell below the floor in " + args.floor + ":\n  " + "\n  ".join(failed))
            sys.exit(1)
        print(f"\neval-pages: watcherd holds the floor in {args.floor}")


if __name__ == "__main__":
    main()
