#!/usr/bin/env python3
"""Derives the name tagger's word clusters (data/ner/clusters-ar.tsv) from unlabelled Arabic text: word2vec
(skip-gram) vectors of word stems, clustered by k-means into FINE clusters, whose centroids are clustered again into
MID clusters and those into COARSE ones, so that every stem has three nested cluster ids (Turian et al. 2010;
Ratinov & Roth 2009: word clusters learnt from unlabelled text help a linear tagger with names it never saw).

  python3 -m venv /tmp/v && /tmp/v/bin/pip install -r scripts/ner-clusters-requirements.txt
  /tmp/v/bin/python scripts/ner-clusters.py --wiki DIR/wiki_* --conll data/ner/aqmar-wiki.conll --out data/ner/clusters-ar.tsv

(`make ner-clusters NER_CLUSTER_WIKI=DIR` does this; DIR is the folder 20181020/AA of motazsaad/arzWikiExtracts, see
data/ner/README.md.)

Inputs: wikiextractor JSON-lines files (one article per line, its "text"), and CoNLL files (first column; only the
words, never the tags). Text is tokenised and folded as watcherd does it (ArabicTokenizer, ArabicFolding: runs of
letters and digits; alef forms to ا, ى to ي, ة to ه, hamza carriers to their carrier, marks, tatweel and standalone
hamza dropped), and each word is reduced to the tagger's stem (TaggerFeatures.stemOffset: و or ف, then ب ك ل + ال,
لل or ال), which is what the table is keyed by and what the tagger looks up. Words without an Arabic letter stand as
one placeholder each for digits and for other scripts.

Deterministic: one worker thread, fixed seeds, inputs read in the order given, output sorted; the same inputs and
package versions give the same bytes. Each line of the output: folded stem, TAB, fine id, TAB, mid id, TAB, coarse id
(ids from 1). Prints the inputs' sha256 and the corpus size.
"""
import argparse, collections, hashlib, json, os, sys

FOLD = {a: 0x0627 for a in (0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673)}
FOLD.update({0x0649: 0x064A, 0x06CC: 0x064A, 0x06D0: 0x064A, 0x0629: 0x0647, 0x06C0: 0x0647, 0x0624: 0x0648,
             0x0626: 0x064A, 0x06A9: 0x0643, 0x06AA: 0x0643, 0x06D4: 0x2E})
for d in range(10):
    FOLD[0x0660 + d] = 0x30 + d
    FOLD[0x06F0 + d] = 0x30 + d
DROPPED = {0x0621, 0x0640, 0x0670, 0x061C, 0xFEFF, 0x00AD}
for lo, hi in ((0x064B, 0x065F), (0x0610, 0x061A), (0x06D6, 0x06DC), (0x06DF, 0x06E8), (0x06EA, 0x06ED),
               (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069)):
    DROPPED.update(range(lo, hi + 1))
LETTER_RANGES = ((0x61, 0x7A), (0x41, 0x5A), (0xC0, 0x24F), (0x0370, 0x052F), (0x0620, 0x064A), (0x066E, 0x066F),
                 (0x0671, 0x06D3), (0x06D5, 0x06D5), (0x06EE, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
                 (0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
SENTENCE_END = {0x2E, 0x21, 0x3F, 0x061F, 0x061B, 0x3B, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049, 0x0A, 0x0D}
WAW, FA, BA, KAF, LAM, ALEF = 0x0648, 0x0641, 0x0628, 0x0643, 0x0644, 0x0627
MAXIMUM_PREFIX = 4
DIGITS, OTHER = '<digits>', '<other>'


def word_char(c):
    if 0x30 <= c <= 0x39:
        return True
    if c in (0xD7, 0xF7):
        return False
    return any(lo <= c <= hi for lo, hi in LETTER_RANGES)


WORD = [word_char(c) for c in range(0x10000)]


def stem(units):
    """TaggerFeatures.stemOffset: the word without its proclitics."""
    i, end = 0, len(units)
    if end - i >= 4 and units[i] in (WAW, FA):
        i += 1
    if end - i >= 5 and units[i] in (BA, KAF, LAM) and units[i + 1] == ALEF and units[i + 2] == LAM:
        i += 3
    elif end - i >= 4 and units[i] == LAM and units[i + 1] == LAM:
        i += 2
    elif end - i >= 4 and units[i] == ALEF and units[i + 1] == LAM:
        i += 2
    return units[min(i, MAXIMUM_PREFIX):]


def sentences(text):
    """Folded stems of `text`, sentence by sentence (ArabicTokenizer's tokens, stems as the tagger takes them)."""
    sentence, word = [], []

    def close_word():
        if word:
            units = stem(word)
            if any(0x0620 <= u <= 0x06FF for u in units):
                sentence.append(''.join(map(chr, units)))
            elif all(0x30 <= u <= 0x39 for u in units):
                sentence.append(DIGITS)
            else:
                sentence.append(OTHER)
            word.clear()

    for ch in text:
        c = ord(ch)
        if c > 0xFFFF:
            c = 0xFFFD
        c = FOLD.get(c, c)
        if c in DROPPED:
            continue
        if 0x41 <= c <= 0x5A or (0xC0 <= c <= 0xDE and c != 0xD7):
            c += 0x20
        if WORD[c]:
            word.append(c)
            continue
        close_word()
        if c in SENTENCE_END and sentence:
            yield sentence
            sentence = []
    close_word()
    if sentence:
        yield sentence


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def corpus(wiki, conll):
    for path in wiki:
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    text = json.loads(line)['text']
                except (ValueError, KeyError, TypeError) as error:
                    raise SystemExit(f'ner-clusters: {path}:{number}: not a wikiextractor JSON line with a "text" field '
                                     f'({error}); pass the files of a `wikiextractor --json` run') from None
                yield from sentences(text)
    for path in conll:
        words = []
        with open(path, encoding='utf-8') as f:
            for line in f:
                parts = line.split()
                if parts:
                    words.append(parts[0])
                elif words:
                    yield from sentences(' '.join(words))
                    words = []
        if words:
            yield from sentences(' '.join(words))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--wiki', nargs='+', required=True, help='wikiextractor JSON-lines files, in this order')
    parser.add_argument('--conll', nargs='*', default=[], help='CoNLL files whose words are added (tags unused)')
    parser.add_argument('--out', required=True)
    parser.add_argument('--min-count', type=int, default=5)
    parser.add_argument('--dim', type=int, default=100)
    parser.add_argument('--window', type=int, default=3)
    parser.add_argument('--epochs', type=int, default=8)
    parser.add_argument('--fine', type=int, default=1000)
    parser.add_argument('--mid', type=int, default=200)
    parser.add_argument('--coarse', type=int, default=40)
    args = parser.parse_args()
    fixed = {'PYTHONHASHSEED': '0', 'OMP_NUM_THREADS': '1', 'OPENBLAS_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
    if any(os.environ.get(name) != value for name, value in fixed.items()):
        # gensim's vocabulary order and BLAS's sums depend on them: fixed, the output is reproducible (on the same
        # kind of CPU: BLAS picks its kernels by CPU).
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, **fixed))
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    for path in args.wiki + args.conll:
        print(f'{sha256(path)}  {path}', file=sys.stderr)
    text = [s for s in corpus(args.wiki, args.conll)]
    tokens = sum(len(s) for s in text)
    counts = collections.Counter(w for s in text for w in s)
    print(f'{len(text)} sentences, {tokens} words, {len(counts)} distinct stems', file=sys.stderr)

    model = Word2Vec(text, vector_size=args.dim, window=args.window, min_count=args.min_count, sg=1, negative=10,
                     sample=1e-4, epochs=args.epochs, workers=1, seed=1)
    words = sorted(w for w in model.wv.index_to_key if w not in (DIGITS, OTHER))
    vectors = np.array([model.wv[w] for w in words], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    print(f'{len(words)} stems with {args.min_count}+ occurrences', file=sys.stderr)

    def kmeans(points, k, weights=None):
        return KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=1, algorithm='lloyd').fit(points, sample_weight=weights)

    fine = kmeans(vectors, args.fine)
    centres = fine.cluster_centers_ / np.linalg.norm(fine.cluster_centers_, axis=1, keepdims=True)
    sizes = np.bincount(fine.labels_, minlength=args.fine).astype(np.float64)
    mid = kmeans(centres, args.mid, sizes)
    mid_centres = mid.cluster_centers_ / np.linalg.norm(mid.cluster_centers_, axis=1, keepdims=True)
    mid_sizes = np.bincount(mid.labels_, weights=sizes, minlength=args.mid)
    coarse = kmeans(mid_centres, args.coarse, mid_sizes)
    # Written beside the target and renamed over it at the end, so a failed run leaves the committed list whole.
    partial = args.out + '.partial'
    with open(partial, 'w', encoding='utf-8') as out:
        for word, label in zip(words, fine.labels_):
            m = mid.labels_[label]
            out.write(f'{word}\t{label + 1}\t{m + 1}\t{coarse.labels_[m] + 1}\n')
    os.replace(partial, args.out)
    print(f'wrote {len(words)} stems to {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
