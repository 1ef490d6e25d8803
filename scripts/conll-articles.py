#!/usr/bin/env python3
"""Write a CoNLL file's text as plain-text articles, for running `watcherd process` over annotated newswire.

usage: scripts/conll-articles.py CONLL DIR [--sentences N]

Sentences are the CoNLL file's blank-line blocks, split again after a token that ends a sentence (. ! ? ؟), since
ANERcorp leaves many in one block. Every N sentences (8 by default, as `watcherd eval --conll` reads documents)
make one article `DIR/aNNNN.txt`: a title of the first sentence's first eight tokens, a blank line, then one
sentence a paragraph, tokens joined by spaces. Deterministic: the same file gives the same articles. The labels are
not written; the articles are for looking at what the daemon records (names, ids), not for scoring.
"""
import argparse
from pathlib import Path

ENDS = {".", "!", "?", "؟"}


def sentences(path):
    current = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields:
            if current:
                yield current
                current = []
            continue
        current.append(fields[0])
        if fields[0] in ENDS:
            yield current
            current = []
    if current:
        yield current


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conll")
    parser.add_argument("dir")
    parser.add_argument("--sentences", type=int, default=8)
    args = parser.parse_args()
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    all_sentences = list(sentences(args.conll))
    count = 0
    for first in range(0, len(all_sentences), args.sentences):
        block = all_sentences[first:first + args.sentences]
        title = " ".join(block[0][:8])
        body = "\n\n".join(" ".join(s) for s in block)
        (out / f"a{count:04d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        count += 1
    print(f"conll-articles: {count} articles from {len(all_sentences)} sentences in {out}")


if __name__ == "__main__":
    main()
