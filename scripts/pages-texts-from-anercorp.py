#!/usr/bin/env python3
"""Build Tests/Fixtures/pages/texts/ from data/ner/anercorp-train.conll (ANERcorp, CC BY-SA 4.0).

Each text is a window of consecutive newswire sentences, one sentence a line, written back from the corpus tokens:
tokens joined by spaces, no space before closing punctuation or after an opening bracket, and a number split at its
decimal point by the corpus' sentence splitter joined again. The gold of a text is its list of lines: every one must
reach the record. Deterministic: the same corpus gives the same files.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data/ner/anercorp-train.conll"
OUT = ROOT / "Tests/Fixtures/pages/texts"
COUNT = 56
SIZES = [4, 6, 5, 8, 3, 7, 5, 10, 6, 4]


def sentences():
    cur = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                yield cur
                cur = []
            continue
        cur.append(line.split(" ")[0])
    if cur:
        yield cur


def detok(tokens):
    s = " ".join(tokens)
    s = re.sub(r"\s+([.,:;!?،؛؟)\]»])", r"\1", s)
    s = re.sub(r"([(\[«])\s+", r"\1", s)
    return s.strip()


def main():
    lines = []
    for toks in sentences():
        text = detok(toks)
        # The corpus splits "1.5" into "1." and "5 ...": join a sentence that ends in a digit and a full stop
        # with the next one when that starts with a digit.
        if lines and re.search(r"\d\.$", lines[-1]) and re.match(r"\d", text):
            lines[-1] = lines[-1] + text
        elif text in {".", "..."} and lines:
            lines[-1] += text
        else:
            lines.append(text)
    lines = [l for l in lines if len(l.split()) >= 3]
    step = len(lines) // COUNT
    OUT.mkdir(parents=True, exist_ok=True)
    gold = []
    for i in range(COUNT):
        size = SIZES[i % len(SIZES)]
        start = i * step
        window = lines[start:start + size]
        name = f"anercorp-{i + 1:02d}.txt"
        (OUT / name).write_text("\n".join(window) + "\n", encoding="utf-8")
        gold.append({"file": name, "first_sentence_index": start, "lines": window})
    (OUT / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{COUNT} texts, {sum(len(g['lines']) for g in gold)} lines, from {len(lines)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
