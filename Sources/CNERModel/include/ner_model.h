#ifndef WATCHERD_NER_MODEL_H
#define WATCHERD_NER_MODEL_H
/* The name tagger's model file (data/ner/tagger.model), compiled into the binary. */
const unsigned char *watcherd_ner_model_bytes(void);
unsigned long watcherd_ner_model_size(void);
#endif
