# mk/ner.mk: the statistical name tagger (issue 18). Included by the main Makefile.
#
#   make train-ner        train data/ner/tagger.model from the ANERcorp train split (and AQMAR's Wikipedia articles as
#                         extra data of another domain), then rebuild to embed it
#   make check-ner-model  train again into .build/ and compare byte for byte with the committed model
#   make eval             (adds) 5-fold cross-validated entity scores of the tagger and the whole recogniser
#   make ner-lexicon      derive data/ner/wordfreq-ar.tsv and ayaspell-ar.tsv again (hunspell-ar from Debian, wordfreq
#                         from PyPI); only needed to change them: the lists are committed and compiled in
#   make ner-clusters NER_CLUSTER_WIKI=DIR
#                         derive data/ner/clusters-ar.tsv again from the Egyptian Arabic Wikipedia extracts (DIR: the
#                         folder 20181020/AA of motazsaad/arzWikiExtracts, see data/ner/README.md) and AQMAR's words;
#                         gensim and scikit-learn from PyPI; committed and compiled in like the lists

NER_TRAIN ?= data/ner/anercorp-train.conll
NER_MODEL ?= data/ner/tagger.model
NER_FOLDS ?= 5
# Extra training data of another domain (Wikipedia): one sentence to a document (its sentences are shuffled), and a
# private copy of every feature for it, dropped after training (docs/ner.md, "Extra data").
NER_EXTRA ?= data/ner/aqmar-wiki.conll
NER_EXTRA_FLAGS ?= --extra-train $(NER_EXTRA) --extra-document-sentences 1 --extra-domain-copy extra

.PHONY: train-ner check-ner-model eval-ner ner-lexicon ner-clusters

train-ner: build
	$(BUILD_DIR)/watcherd train-ner --conll $(NER_TRAIN) $(NER_EXTRA_FLAGS) --out $(NER_MODEL)
	$(SWIFT) build -c release --product watcherd

## check-ner-model: training is deterministic and the committed model is what training gives. Part of `make test`
## (about 15 s in release: eight runs averaged): a change to the features that was not followed by `make train-ner` fails here.
test: check-ner-model
check-ner-model: build
	$(BUILD_DIR)/watcherd train-ner --conll $(NER_TRAIN) $(NER_EXTRA_FLAGS) --out .build/tagger-check.model
	cmp .build/tagger-check.model $(NER_MODEL) && echo "check-ner-model: the committed model is reproduced byte for byte"

eval: eval-ner
eval-ner: build
	$(BUILD_DIR)/watcherd eval --conll $(NER_TRAIN) --cross-validate $(NER_FOLDS) $(NER_EXTRA_FLAGS)

## ner-lexicon: the tagger's word lists from their sources (see data/ner/README.md); the same inputs give the same bytes.
NER_LEXICON_VENV ?= .build/ner-lexicon-venv
ner-lexicon:
	test -f /usr/share/hunspell/ar.dic || apt-get install -y hunspell-ar
	test -x $(NER_LEXICON_VENV)/bin/python || python3 -m venv $(NER_LEXICON_VENV)
	$(NER_LEXICON_VENV)/bin/pip install --quiet wordfreq==3.1.1
	$(NER_LEXICON_VENV)/bin/python scripts/ner-lexicon.py --hunspell /usr/share/hunspell/ar.dic --out data/ner

## ner-clusters: the tagger's word clusters from unlabelled text (see data/ner/README.md); the same inputs and package
## versions give the same bytes (about 4 minutes on one core).
NER_CLUSTER_VENV ?= .build/ner-clusters-venv
NER_CLUSTER_WIKI ?=
ner-clusters:
	@test -n "$(NER_CLUSTER_WIKI)" || { echo "ner-clusters: set NER_CLUSTER_WIKI to the folder 20181020/AA of motazsaad/arzWikiExtracts (data/ner/README.md)"; exit 1; }
	@test $(words $(wildcard $(NER_CLUSTER_WIKI)/wiki_*)) -eq 27 || { echo "ner-clusters: $(NER_CLUSTER_WIKI) should hold the 27 files wiki_00 … wiki_26 of motazsaad/arzWikiExtracts 20181020/AA; it holds $(words $(wildcard $(NER_CLUSTER_WIKI)/wiki_*)) (data/ner/README.md)"; exit 1; }
	test -x $(NER_CLUSTER_VENV)/bin/python || python3 -m venv $(NER_CLUSTER_VENV)
	$(NER_CLUSTER_VENV)/bin/pip install --quiet -r scripts/ner-clusters-requirements.txt
	$(NER_CLUSTER_VENV)/bin/python scripts/ner-clusters.py --wiki $(sort $(wildcard $(NER_CLUSTER_WIKI)/wiki_*)) \
		--conll $(NER_EXTRA) --out data/ner/clusters-ar.tsv
