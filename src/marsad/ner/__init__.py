"""Statistical Arabic name tagger (PER/ORG/LOC): a CRF trained on AQMAR (CC BY-SA 3.0).

``find_names(text)`` -> ``[(start, end, type), ...]``; ``Tagger.load().tag(tokens)`` -> BIO.
The knowledge base comes first; this tagger is the fallback for names it does not know.
See MODEL_CARD.md for the data, split and figures.
"""

from marsad.ner.tagger import Tagger, find_names, find_names_scored, sentences, tokenize

__all__ = ["Tagger", "find_names", "find_names_scored", "sentences", "tokenize"]
