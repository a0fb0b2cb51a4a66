"""Scoring system output against gold (``marsad eval``); the contract is shared/eval/FORMAT.md."""

from marsad.eval.scorer import (
    FIGURES,
    Scores,
    format_value,
    load_gold,
    load_output,
    score,
    scores_table_rows,
    scores_to_json,
)

__all__ = [
    "FIGURES",
    "Scores",
    "format_value",
    "load_gold",
    "load_output",
    "score",
    "scores_table_rows",
    "scores_to_json",
]
