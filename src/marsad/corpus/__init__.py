"""Corpus-level analysis across outlets: near-duplicates, stories, framing, timelines.

``update_corpus`` brings the corpus tables up to date after articles are stored (it is
incremental and idempotent); the other functions read the store and return plain dicts and
lists that serialise to JSON (``actor_network`` returns a networkx graph).
"""

from marsad.corpus.framing import label_matrix, outlet_labels, quote_share
from marsad.corpus.network import actor_network, write_network
from marsad.corpus.queries import (
    corpus_links,
    get_actor,
    get_story,
    list_actors,
    list_outlets,
    list_stories,
)
from marsad.corpus.timeline import timeline
from marsad.corpus.update import update_corpus

__all__ = [
    "actor_network",
    "corpus_links",
    "get_actor",
    "get_story",
    "label_matrix",
    "list_actors",
    "list_outlets",
    "list_stories",
    "outlet_labels",
    "quote_share",
    "timeline",
    "update_corpus",
    "write_network",
]
