#ifndef WATCHERD_NER_MODEL_H
#define WATCHERD_NER_MODEL_H
/* The name tagger's model file (data/ner/tagger.model), compiled into the binary. */
const unsigned char *watcherd_ner_model_bytes(void);
unsigned long watcherd_ner_model_size(void);
/* The tagger's word lists (data/ner/wordfreq-ar.tsv, data/ner/ayaspell-ar.tsv): folded word, tab, code, per line. */
const unsigned char *watcherd_ner_wordfreq_bytes(void);
unsigned long watcherd_ner_wordfreq_size(void);
const unsigned char *watcherd_ner_ayaspell_bytes(void);
unsigned long watcherd_ner_ayaspell_size(void);
/* The tagger's word clusters (data/ner/clusters-ar.tsv): folded stem, tab, fine, mid and coarse cluster ids, per line. */
const unsigned char *watcherd_ner_clusters_bytes(void);
unsigned long watcherd_ner_clusters_size(void);
/* The tagger's name lists (data/ner/names-ar.tsv): folded word, tab, name flags (first name, family name, place…). */
const unsigned char *watcherd_ner_names_bytes(void);
unsigned long watcherd_ner_names_size(void);
/* Asks the CPU to bring the cache line at `address` in ahead of its use (the tagger's table rows of a later token). */
static inline void watcherd_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
