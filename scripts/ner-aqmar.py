#!/usr/bin/env python3
"""Make data/ner/aqmar-wiki.conll from the AQMAR Arabic Wikipedia NER corpus (CC BY-SA 3.0).

Input: the corpus as reformatted for the Topcoder Arabic NER challenge (three files of `TOKEN TAG` lines, IOB2 over
PER, LOC, ORG and MIS, sentences shuffled; see data/ner/README.md for the origin). Output: one file in the tag names
watcherd reads (PERS, LOC, ORG, MISC), the three files in the order given, sentences unchanged.

--mis O writes AQMAR's miscellaneous names (MIS and the article-specific classes folded into it: chemical elements,
software, theories…) as O: they are not what ANERcorp calls MISC.

--nationalities O re-tags, as ANERcorp does, a lone PER word that names a people («الفرنسيون», «الصليبيين»,
«البيزنطيين», «المسلمين»: see people_word) as O; the count is printed.
"""
import argparse
import hashlib
import sys

TYPES = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MIS": "MISC"}


def people_word(token):
    """The article and a plural ending: ـيون/ـيين, or ـون/ـين after a stem of four letters or more (so not «الحسين»,
    «المأمون»); a proclitic و ف ب ل may stand before."""
    word = token
    while word[:1] in ("و", "ف", "ب", "ل") and not word.startswith("ال") and len(word) > 3:
        word = word[1:]
    if not word.startswith("ال"):
        return False
    stem = word[2:]
    return stem.endswith(("يون", "يين")) or (len(stem) >= 6 and stem.endswith(("ون", "ين")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--nationalities", choices=["PERS", "O"], default="PERS")
    parser.add_argument("--mis", choices=["MISC", "O"], default="MISC",
                        help="AQMAR's MIS (and its article-specific classes) as MISC, or as O")
    args = parser.parse_args()
    sentences, current = [], []
    for path in args.inputs:
        data = open(path, "rb").read()
        print(f"{path}: sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)
        for number, line in enumerate(data.decode("utf-8").split("\n"), 1):
            fields = line.rstrip("\r").split(" ")
            if line.strip() == "":
                if current:
                    sentences.append(current)
                current = []
                continue
            token, tag = " ".join(fields[:-1]), fields[-1]
            if tag != "O":
                prefix, _, kind = tag.partition("-")
                if prefix not in ("B", "I") or kind not in TYPES:
                    sys.exit(f"{path}:{number}: unknown tag {tag!r}")
                tag = "O" if kind == "MIS" and args.mis == "O" else f"{prefix}-{TYPES[kind]}"
            current.append([token, tag])
        if current:
            sentences.append(current)
            current = []
    dropped = 0
    if args.nationalities == "O":
        for sentence in sentences:
            for i, (token, tag) in enumerate(sentence):
                alone = tag == "B-PERS" and (i + 1 == len(sentence) or sentence[i + 1][1] != "I-PERS")
                if alone and people_word(token):
                    sentence[i][1] = "O"
                    dropped += 1
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for sentence in sentences:
            for token, tag in sentence:
                out.write(f"{token} {tag}\n")
            out.write("\n")
    tokens = sum(len(s) for s in sentences)
    print(f"{args.out}: {len(sentences)} sentences, {tokens} tokens; {dropped} people words re-tagged O", file=sys.stderr)


if __name__ == "__main__":
    main()
