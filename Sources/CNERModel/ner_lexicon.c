/* Embeds the name tagger's word lists (data/ner/wordfreq-ar.tsv, data/ner/ayaspell-ar.tsv), word clusters
   (data/ner/clusters-ar.tsv) and name lists (data/ner/names-ar.tsv) byte for byte (C23 #embed), like the model; see data/ner/README.md for their origin and
   licences. */
#include "ner_model.h"
#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char wordfreq[] = {
#embed "../../data/ner/wordfreq-ar.tsv"
};
static const unsigned char ayaspell[] = {
#embed "../../data/ner/ayaspell-ar.tsv"
};
static const unsigned char clusters[] = {
#embed "../../data/ner/clusters-ar.tsv"
};
static const unsigned char names[] = {
#embed "../../data/ner/names-ar.tsv"
};

const unsigned char *watcherd_ner_wordfreq_bytes(void) { return wordfreq; }
unsigned long watcherd_ner_wordfreq_size(void) { return sizeof wordfreq; }
const unsigned char *watcherd_ner_ayaspell_bytes(void) { return ayaspell; }
unsigned long watcherd_ner_ayaspell_size(void) { return sizeof ayaspell; }
const unsigned char *watcherd_ner_clusters_bytes(void) { return clusters; }
unsigned long watcherd_ner_clusters_size(void) { return sizeof clusters; }
const unsigned char *watcherd_ner_names_bytes(void) { return names; }
unsigned long watcherd_ner_names_size(void) { return sizeof names; }
