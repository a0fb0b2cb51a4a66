"""What the fuzz harnesses share: Arabic-ish text from the fuzzer's bytes, the invariants every
harness asserts (only coded marsad errors escape, a time bound per input) and the entry point.

A harness imports marsad inside ``instrumented()`` so that atheris's coverage guidance sees
marsad's own branches (and not those of lxml, trafilatura or warcio, which would slow it down).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import atheris

# Words that reach the readers', cleaners' and time parser's rules: time words, reporting
# verbs, agency credits, datelines, boilerplate and a few names.
VOCAB = (
    "قال وأضاف أكد إن أن الرئيس التركي رجب طيب أردوغان خليفة حفتر حكومة الوفاق الوطني طرابلس "
    "ليبيا دمشق وزير الخارجية اليوم أمس غدا الخميس الجمعة الأربعاء يوليو تموز هانيبال/أغسطس "
    "الفاتح/سبتمبر ديسمبر (كانون الأول) شوال 1436هـ 2014م المقبل الماضي الجاري الأسبوع الشهر "
    "العام قبل عام يومين في 2020 23-يوليو-2020 ٢٠٢١ 8 24 31 «  » : ، . ؟ ( ) – (أ.ف.ب) "
    "(رويترز) أوج – موسكو الوسوم اقرأ أيضا شارك #ليبيا TT الرئيسية"
).split()
SEPARATORS = [" ", " ", " ", "\n", "\n\n", " \u200f", "\u202e ", "\t", "\r\n", "\u200b"]


def instrumented() -> AbstractContextManager[None]:
    """Import marsad inside this block to have its code instrumented for coverage."""
    return atheris.instrument_imports(include=["marsad"])


def fuzzed_text(fdp: atheris.FuzzedDataProvider, max_words: int = 200) -> str:
    """Text made of vocabulary words and raw code points, the fuzzer choosing each piece."""
    parts: list[str] = []
    for _ in range(fdp.ConsumeIntInRange(0, max_words)):
        if fdp.remaining_bytes() == 0:
            break
        if fdp.ConsumeIntInRange(0, 3):
            parts.append(fdp.PickValueInList(VOCAB))
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(1, 8)))
        parts.append(fdp.PickValueInList(SEPARATORS))
    return "".join(parts)


@contextmanager
def within(seconds: float, what: str) -> Iterator[None]:
    """Fail the input when the block takes more than ``seconds`` of CPU time (CPU, not wall
    clock: on a shared machine the process may wait for a core). libFuzzer's -timeout catches
    a block that never ends."""
    start = time.process_time()
    yield
    took = time.process_time() - start
    if took > seconds:
        raise AssertionError(f"{what} took {took:.1f} CPU s, over the bound of {seconds} s")


def check_span(text: str, start: int, end: int, covered: str) -> None:
    """A stand-off annotation lies inside the text and says what it covers."""
    assert 0 <= start < end <= len(text), (start, end, len(text))
    assert text[start:end] == covered, (text[start:end], covered)


def main(test_one: Callable[[bytes], None]) -> None:
    """Run ``test_one`` under atheris with the command line's libFuzzer flags."""
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
