#!/usr/bin/env python3
"""Derives the name tagger's two word lists (data/ner/wordfreq-ar.tsv, data/ner/ayaspell-ar.tsv) from
Debian's hunspell-ar dictionary and the Arabic frequency list of the wordfreq package (PyPI).

  apt-get install hunspell-ar
  python3 -m venv /tmp/v && /tmp/v/bin/pip install wordfreq==3.1.1
  /tmp/v/bin/python scripts/ner-lexicon.py [--hunspell /usr/share/hunspell/ar.dic]

Words are folded as watcherd folds them (ArabicFolding: alef forms to ا, ى to ي, ة to ه, ؤ to و, ئ to ي; harakat,
tatweel and the standalone hamza dropped). The output is sorted, so the same inputs give the same bytes.
See data/ner/README.md for what the codes mean and the licences.
"""
import argparse, gzip, os, re

FOLD = {ord(a): '\u0627' for a in '\u0622\u0623\u0625\u0671\u0672\u0673'}
FOLD.update({0x0649: '\u064a', 0x06CC: '\u064a', 0x06D0: '\u064a', 0x0629: '\u0647', 0x06C0: '\u0647',
             0x0624: '\u0648', 0x0626: '\u064a', 0x06A9: '\u0643', 0x06AA: '\u0643'})
DROP = {0x0621, 0x0640, 0x0670} | set(range(0x064B, 0x0660)) | set(range(0x0610, 0x061B))
ARABIC_WORD = re.compile('[\u0621-\u0652\u0670-\u0673]+')


def fold(word):
    return ''.join(FOLD.get(ord(c), c) for c in word if ord(c) not in DROP)


def wordfreq_bins(path):
    """Folded Arabic word -> its best centibel bin (0 = most frequent; frequency 10^(-bin/100))."""
    import msgpack
    with gzip.open(path) as f:
        data = msgpack.load(f, raw=False)
    bins = {}
    for index, words in enumerate(data[1:]):
        for word in words:
            if ARABIC_WORD.fullmatch(word):
                folded = fold(word)
                if len(folded) >= 2 and folded not in bins:
                    bins[folded] = index
    return bins


# Profile bits: which affixed forms of the word the frequency list has (bin <= PROFILE_BIN).
PROFILE_BIN = 750
KEEP_BIN = 700


def profile(word, bins):
    def has(w):
        b = bins.get(w)
        return b is not None and b <= PROFILE_BIN
    base = word[:-1] + '\u062a' if word.endswith('\u0647') else word  # ة (folded ه) becomes ت before a suffix
    bits = 0
    if has('\u0627\u0644' + word):
        bits |= 1                                                    # with the article
        if bins['\u0627\u0644' + word] < bins[word]:
            bits |= 2                                                # … more often than without
    if any(has(base + s) for s in ('\u0647\u0627', '\u0647\u0645', '\u0643\u0645', '\u0646\u0627')):
        bits |= 4                                                    # possessive suffixes ها هم كم نا
    stem = word[:-1] if word.endswith('\u0647') else word
    if has(stem + '\u0627\u062a'):
        bits |= 8                                                    # feminine plural ات
    if has(word + '\u064a\u0647') or has(word + '\u064a\u0648\u0646') or has(word + '\u064a\u064a\u0646'):
        bits |= 16                                                   # nisba يه (ية) يون يين
    if has(word + '\u0648\u0646') or has(word + '\u064a\u0646'):
        bits |= 32                                                   # sound masculine plural ون ين
    if has('\u064a' + word) and has('\u062a' + word):
        bits |= 64                                                   # imperfect verb prefixes ي and ت
    return bits


def hunspell_sections(path):
    """Folded word -> bits of the ayaspell sections it is listed in: 1 nouns, 2 verbs, 4 stop and tool words."""
    section_bit = {'names.dic': 1, 'verb.huns.dic': 2, 'stopwords.dic': 4, 'tools.dic': 4}
    words, bit = {}, 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line in section_bit:
                bit = section_bit[line]
                continue
            word = line.split('/')[0].split('\t')[0].strip()
            if bit and ARABIC_WORD.fullmatch(word):
                folded = fold(word)
                if len(folded) >= 2:
                    words[folded] = words.get(folded, 0) | bit
    return words


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--hunspell', default='/usr/share/hunspell/ar.dic')
    parser.add_argument('--keep-bin', type=int, default=KEEP_BIN, help='keep words up to this centibel bin')
    parser.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'data', 'ner'))
    args = parser.parse_args()
    import wordfreq
    bins = wordfreq_bins(os.path.join(os.path.dirname(wordfreq.__file__), 'data', 'large_ar.msgpack.gz'))
    with open(os.path.join(args.out, 'wordfreq-ar.tsv'), 'w', encoding='utf-8') as out:
        for word in sorted(w for w, b in bins.items() if b <= args.keep_bin):
            bucket = 1 + min(bins[word] // 50, 14)
            out.write(f'{word}\t{bucket | profile(word, bins) << 4}\n')
    sections = hunspell_sections(args.hunspell)
    with open(os.path.join(args.out, 'ayaspell-ar.tsv'), 'w', encoding='utf-8') as out:
        for word in sorted(sections):
            out.write(f'{word}\t{sections[word]}\n')


if __name__ == '__main__':
    main()
