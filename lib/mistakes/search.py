"""Find the mistake behind an error message a student pasted.

Both sides are normalised before they are compared: numbers become `0` and anything that looks
like a shape (`[3, 4]`, `(3 x 3)`, `torch.Size([4, 1])`, `(4,)`) becomes the word `shape`, so a
message from the student's own tensors matches the one torch gave for the gallery's. Then each
text is a bag of words and word pairs (CJK text: character pairs), weighted by how rare they
are across the catalogue (tf-idf), and mistakes are ranked by cosine similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

MAX_QUERY = 500  # characters of a pasted message that are read; the rest is ignored
MIN_SCORE = 0.1  # below this a mistake does not count as a match

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?", re.IGNORECASE)
_SHAPE = re.compile(r"(?:torch\.size\(\s*)?[\[(]\s*(?:0\s*(?:[,x×*]\s*0\s*)*,?\s*)?[\])]\)?")
_WORD = re.compile(r"[a-z_][a-z0-9_]*|0|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_STOP = frozenset("a an the of to is be in and or at for it its as by with but if".split())


def normalise(text: str) -> str:
    """Lower case, numbers as 0, shapes as the word `shape`."""
    text = _NUMBER.sub("0", text.lower())
    return _SHAPE.sub(" shape ", text)


def terms(text: str) -> Counter:
    """Words and neighbouring word pairs of the normalised text (CJK runs: character pairs)."""
    words = []
    for w in _WORD.findall(normalise(text)):
        if _CJK.match(w):
            words += [w[i : i + 2] for i in range(max(len(w) - 1, 1))]
        elif len(w) > 1 and w not in _STOP:  # not `0` (any number) nor `x`, `y` of code
            words.append(w)
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


class Index:
    """The catalogue's texts, weighted once; `rank` answers a query."""

    def __init__(self, documents: Mapping[str, str]) -> None:
        bags = {key: terms(text) for key, text in documents.items()}
        n = len(bags)
        df = Counter(term for bag in bags.values() for term in bag)
        self.idf = {term: math.log(1 + n / count) for term, count in df.items()}
        self.vectors = {key: self._vector(bag) for key, bag in bags.items()}

    def _vector(self, bag: Counter) -> dict[str, float]:
        v = {t: (1 + math.log(c)) * self.idf[t] for t, c in bag.items() if t in self.idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def rank(self, query: str) -> list[tuple[str, float]]:
        """(key, score) of every mistake that matches, best first; [] when none does."""
        q = self._vector(terms(query[:MAX_QUERY]))
        scores = [
            (key, sum(x * doc.get(t, 0.0) for t, x in q.items()))
            for key, doc in self.vectors.items()
        ]
        found = [(k, s) for k, s in scores if s >= MIN_SCORE]
        return sorted(found, key=lambda ks: -ks[1])
