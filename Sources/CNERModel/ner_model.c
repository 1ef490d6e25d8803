/* Embeds data/ner/tagger.model byte for byte (C23 #embed): a 10 MB table is no string constant, and reading it in
   place costs nothing at start. Rebuilt whenever the model file changes. */
#include "ner_model.h"
#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char model[] __attribute__((aligned(16))) = {
#embed "../../data/ner/tagger.model"
};

const unsigned char *watcherd_ner_model_bytes(void) { return model; }
unsigned long watcherd_ner_model_size(void) { return sizeof model; }
