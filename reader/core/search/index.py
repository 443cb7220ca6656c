"""Fuzzy search over titles, passages, entity names and bookmarks: `SearchIndex.query`.

A query is split into words; each word expands to the vocabulary words it may stand for
(exact, prefix, one typo, dropped letters, run-together prefixes: see `terms.expand`).
Ranking then runs in two steps, so that a keystroke stays within a frame (16 ms) at 100k
passages:

1. Every document gets a weighted count of the query words it matches (grade x rarity),
   computed for all documents at once on bitsets; the best few hundred go on, together with
   every document that holds the query as an exact phrase, and the best of those where the
   query's words (or a run-together word's parts) stand side by side: postings cannot see
   that, so a bounded number of documents per keystroke are checked with a regular
   expression and the results carried to the next keystroke (`InvertedIndex.chain`).
2. Those are scored exactly on their text: coverage of the query words, query words found next
   to each other in order, and the exact phrase (which always ranks first).

Scores run 0-100 (100: the exact phrase). Hits carry a snippet around the best match and the
offsets of every matched character, for highlighting without re-running the match.
"""

from __future__ import annotations

import sys
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from itertools import islice, repeat
from math import log

from reader.core.models import PASSAGE_KINDS, Article, Entity, SearchHit
from reader.core.search.bitsets import BitCounter, bits_from_ids, ids_from_bits
from reader.core.search.inverted import CHAIN_BUDGET, Budget, InvertedIndex
from reader.core.search.ranking import _bits, _Match, _merge, _Query, _score
from reader.core.search.snippets import _snippet
from reader.core.search.terms import EXACT, PREFIX, Term, expand
from reader.core.search.text import tokenize

__all__ = ["SearchIndex"]


NAMED = frozenset({"PERSON", "ORG", "PLACE", "MISC"})
"""The entity kinds indexed as names of their own (see `SearchIndex.add_article`)."""
_KINDS = ("title", "passage", "entity", "bookmark")


RERANK = 100
"""Documents scored exactly per query, besides exact-phrase ones: enough that the weighted
count's ties and misjudgements (it cannot see word order) rarely push the right one out."""
JOINED_QUOTA = 60
"""Documents scored for each run-together reading of a query word, besides those."""
PHRASE_SCAN = 3_000
"""Most documents checked for the exact phrase (a C-speed substring test each)."""
CHAIN_QUOTA = 60
"""Documents scored where the query's words, typed as prefixes, stand side by side."""


class SearchIndex:
    """The searchable text of a library; query() may run in a worker thread (a lock guards)."""

    TERM_CACHE = 256

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self._index = InvertedIndex()
        self._doc_article: list[str] = []
        self._doc_kind = bytearray()
        self._doc_passage = array("I")
        self._doc_text: list[str] = []
        self._titles: dict[str, str] = {}
        self._ranges: dict[str, list[tuple[int, int, bool]]] = {}  # key -> (start, end, bookmark)
        self._alive = 0
        self._dead = 0
        # One document per distinct entity name, however many articles mention it ("World
        # Bank" in a thousand): a library of 10,000 articles has ~335,000 mentions of ~1,000
        # names, and every bitset operation of every keystroke is over all documents.
        self._name_doc: dict[str, int] = {}  # normalised name -> its document
        self._mentions: dict[int, dict[str, int | tuple[int, str]]] = {}
        """Name document -> article key -> passage index (with the name as that article
        writes it, when it differs from the document's text), in the order added."""
        self._article_names: dict[str, array[int]] = {}  # key -> name documents it mentions
        self._terms: OrderedDict[str, Term] = OrderedDict()
        self._merged: OrderedDict[tuple[str, ...], dict[str, tuple[tuple[int, float], ...]]] = (
            OrderedDict()
        )

    # -- building ---------------------------------------------------------------------------

    def add_article(self, key: str, article: Article, entities: Sequence[Entity] = ()) -> None:
        """Index the title, every paragraph and heading, and each distinct entity name.

        Names only (people, organisations, places, others): dates and numbers are most of an
        article's entities, and as results of their own they only repeat the passage hits
        that hold them; a library of 10,000 articles would index 300,000 of them. A name is
        one document however many articles name it (see `_mention`); a match gives a hit
        for each of them.

        Adding a key again replaces its article (its bookmarks stay).
        """
        sections = article.sections
        docs: list[tuple[str, int, str]] = [("title", 0, article.title)] if article.title else []
        docs += [("passage", i, s.text) for i, s in enumerate(sections) if s.kind in PASSAGE_KINDS]
        starts = [s.start for s in sections]
        seen: set[str] = set()
        for entity in sorted(entities, key=lambda e: e.start):
            if entity.label not in NAMED:
                continue
            name = " ".join(entity.text_in(article.text).split())
            folded = " ".join(tokenize(name))
            if folded and folded not in seen:
                seen.add(folded)
                docs.append(("entity", max(0, bisect_right(starts, entity.start) - 1), name))
        self._add(key, article.title, docs)

    def add_passages(self, key: str, title: str, passages: Sequence[str]) -> None:
        """Index raw passages (passage_index = position), as benchmarks and tests do."""
        docs = [("title", 0, title)] if title else []
        docs += [("passage", i, text) for i, text in enumerate(passages)]
        self._add(key, title, docs)

    def add_bookmark(self, key: str, title: str, passage_index: int, text: str) -> None:
        """Index a bookmark's quote and note under its article's key."""
        with self._lock:
            self._append(key, [("bookmark", passage_index, text)], bookmark=True)
            self._titles.setdefault(key, title)

    def remove_article(self, key: str) -> None:
        """Forget an article and its bookmarks."""
        with self._lock:
            self._drop(key, bookmarks=True)
            self._titles.pop(key, None)
            self._ranges.pop(key, None)
            if self._dead > max(1000, len(self._doc_text) // 2):
                self._compact()

    def _add(self, key: str, title: str, docs: list[tuple[str, int, str]]) -> None:
        with self._lock:
            self._drop(key, bookmarks=False)
            self._titles[key] = title
            self._append(key, [d for d in docs if d[0] != "entity"], bookmark=False)
            for kind, passage, name in docs:
                if kind == "entity":
                    self._mention(key, passage, name)

    def _mention(self, key: str, passage: int, name: str) -> None:
        """Record that article key names name in a passage (one document per distinct name)."""
        norm = " ".join(tokenize(name))
        doc = self._name_doc.get(norm)
        if doc is None:
            doc = self._name_doc[norm] = self._index.add(name, shared=True)
            self._doc_article.append("")
            self._doc_kind.append(_KINDS.index("entity"))
            self._doc_passage.append(0)
            self._doc_text.append(sys.intern(name))
            self._mentions[doc] = {}
            self._alive |= 1 << doc
        elif not self._mentions[doc]:  # a name no article mentioned any more: alive again
            self._alive |= 1 << doc
            self._dead -= 1
        mentions = self._mentions[doc]
        mentions[key] = passage if name == self._doc_text[doc] else (passage, name)
        self._article_names.setdefault(key, array("I")).append(doc)

    def _append(self, key: str, docs: list[tuple[str, int, str]], bookmark: bool) -> None:
        start = len(self._doc_text)
        kinds, passages, texts = zip(*docs, strict=True) if docs else ((), (), ())
        for text in texts:
            self._index.add(text)
        self._doc_article.extend(repeat(key, len(docs)))
        self._doc_kind.extend(map(_KINDS.index, kinds))
        self._doc_passage.extend(passages)
        self._doc_text.extend(texts)
        end = len(self._doc_text)
        if end > start:
            self._ranges.setdefault(key, []).append((start, end, bookmark))
            self._alive |= ((1 << (end - start)) - 1) << start

    def _drop(self, key: str, bookmarks: bool) -> None:
        kept = []
        for start, end, is_bookmark in self._ranges.get(key, []):
            if is_bookmark and not bookmarks:
                kept.append((start, end, is_bookmark))
            else:
                self._alive &= ~(((1 << (end - start)) - 1) << start)
                self._dead += end - start
        if key in self._ranges:
            self._ranges[key] = kept
        for doc in self._article_names.pop(key, ()):
            mentions = self._mentions[doc]
            if mentions.pop(key, None) is not None and not mentions:
                self._alive &= ~(1 << doc)
                self._dead += 1

    def _compact(self) -> None:
        """Rebuild from live documents once most are dead (removal only marks them)."""
        live = ids_from_bits(self._alive)
        old = (self._doc_article, self._doc_kind, self._doc_passage, self._doc_text)
        titles, bookmark_ids = (
            self._titles,
            {i for spans in self._ranges.values() for s, e, b in spans if b for i in range(s, e)},
        )
        mentions = self._mentions
        self._reset()
        self._titles = titles
        for doc in live:
            if doc in mentions:
                for key, where in mentions[doc].items():
                    passage, name = where if isinstance(where, tuple) else (where, old[3][doc])
                    self._mention(key, passage, name)
                continue
            doc_kind = _KINDS[old[1][doc]]
            self._append(old[0][doc], [(doc_kind, old[2][doc], old[3][doc])], doc in bookmark_ids)

    # -- querying ---------------------------------------------------------------------------

    def clear_caches(self) -> None:
        """Forget expanded query words (benchmarks call it to time a query typed cold)."""
        with self._lock:
            self._terms.clear()
            self._merged.clear()
            self._index._prefix_cache.clear()
            self._index._chains.clear()

    def _term(self, text: str, budget: Budget) -> Term:
        term = self._terms.get(text)
        if term is None:
            parent = self._terms.get(text[:-1]) if len(text) > 3 else None
            term = self._terms[text] = expand(self._index, text, budget, parent)
            if len(self._terms) > self.TERM_CACHE:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(text)
        return term

    def _merged_for(
        self, words: tuple[str, ...], terms: list[Term]
    ) -> dict[str, tuple[tuple[int, float], ...]]:
        """The merged vocabulary of a query, built on the one for all but its last word
        (the previous keystroke's, usually)."""
        if not words:
            return {}
        merged = self._merged.get(words)
        if merged is None:
            base = self._merged_for(words[:-1], terms)
            merged = self._merged[words] = _merge(base, len(words) - 1, terms[len(words) - 1])
            if len(self._merged) > 32:
                self._merged.popitem(last=False)
        else:
            self._merged.move_to_end(words)
        return merged

    def query(
        self,
        query: str,
        *,
        limit: int = 50,
        article: str | None = None,
        articles: Collection[str] | None = None,
        min_score: float = 0.0,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[SearchHit]:
        """Hits for query, best first; [] when cancelled() turns true on the way. `article`
        (one key) or `articles` (several: a search operator's scope) limit where to look."""
        words = tokenize(query)
        if not words or limit <= 0:
            return []
        stop = cancelled or (lambda: False)
        complete = query[-1:].isspace()
        with self._lock:
            if self._index.refresh():
                self._terms.clear()
                self._merged.clear()
            scope = self._alive
            if article is not None:
                scope &= self._scope_of([article])
            if articles is not None:
                scope &= self._scope_of(articles)
            if not scope:
                return []
            # Of several words, the words as typed standing side by side (checked in _rank)
            # are likelier than one of them being run-together: keep half the budget for them.
            terms, budget = [], Budget(CHAIN_BUDGET)
            reserve = CHAIN_BUDGET // 2 if len(words) > 1 else 0
            budget.left -= reserve
            for word in words:
                terms.append(self._term(word, budget))
                if stop():
                    return []
            budget.left += reserve
            ranked = self._rank(terms, words, complete, scope, limit, min_score, stop, budget)
            if ranked is None:
                return []
            wanted = {article} if article is not None else None
            if articles is not None:
                wanted = set(articles) if wanted is None else wanted & set(articles)
            return self._hits(ranked, terms, limit, wanted)

    def _scope_of(self, keys: Collection[str]) -> int:
        """The documents of these articles (their passages, title, bookmarks, names)."""
        own = 0
        names: list[int] = []
        for key in keys:
            own |= sum(((1 << (e - s)) - 1) << s for s, e, _ in self._ranges.get(key, []))
            names += self._article_names.get(key) or ()
        return own | (bits_from_ids([names], self._index.size) if names else 0)

    def _side_by_side(self, words: list[str], budget: Budget) -> tuple[int, int]:
        """Documents where the words, typed as prefixes ("pri mini"), stand side by side,
        and those not checked yet: (found, unchecked); (0, -1) when some word is no prefix."""
        if len(words) < 2 or not all(map(self._index.has_prefix, words)):
            return 0, -1
        return self._index.chain(tuple(words), budget)

    def _rank(
        self,
        terms: list[Term],
        words: list[str],
        complete: bool,
        scope: int,
        limit: int,
        min_score: float,
        stop: Callable[[], bool],
        budget: Budget,
    ) -> list[tuple[int, _Match]] | None:
        index = self._index
        size = max(1, scope.bit_count())
        counter, pool, idfs, exact_all = BitCounter(), 0, [], scope
        for i, term in enumerate(terms):
            idf, exact = 0.0, 0
            for grade, bits in term.bands:
                bits &= scope
                found = bits.bit_count()
                if not found:
                    continue
                band_idf = log(1 + size / found)
                idf = idf or band_idf
                counter.add(bits, max(1, round(3 * grade * band_idf)))
                pool |= bits
                if grade == EXACT or (grade == PREFIX and i == len(terms) - 1 and not complete):
                    exact |= bits
            idfs.append(idf or log(1 + size))
            exact_all &= exact
        if stop():
            return None
        q = _Query(terms, words, complete, idfs, self._merged_for(tuple(words), terms))
        candidates: list[int] = []
        side_by_side, unchecked = self._side_by_side(words, budget)
        if len(terms) > 1 and exact_all & (side_by_side | unchecked):
            # A document holding the phrase holds its words side by side: once those are
            # known (the previous keystroke's, usually), the phrase is looked for only there.
            exact_all &= side_by_side | unchecked
            head = q.phrase if complete else q.phrase[:-1]
            norms = index.norms
            candidates = [d for d in ids_from_bits(exact_all, PHRASE_SCAN) if head in norms[d]]
            candidates = candidates[: max(limit, RERANK)]
        more: list[int] = []
        if len(candidates) < limit:
            # Nothing else can outrank a document holding the exact phrase: look further
            # only when they are too few.
            if not side_by_side and len(terms) > 1 and all(t.bands for t in terms):
                # Mistyped words: their first letters side by side, in documents matching
                # every word somewhere (a typo keeps the first letter; see `expand`).
                docs = -1  # not scope: the result is kept for other queries
                for term in terms:
                    docs &= _bits(term)
                key = "~" + " ".join(words)
                initials = tuple(w[0] for w in words)
                side_by_side, _ = index.chain(initials, budget, (key, docs))
            if side_by_side & scope:
                chosen, ties, need = counter.top(pool & side_by_side & scope, CHAIN_QUOTA)
                more += ids_from_bits(chosen) + ids_from_bits(ties, need)
            chosen, ties, need = counter.top(pool, RERANK)
            more += ids_from_bits(chosen) + ids_from_bits(ties, need)
            for term in terms:
                # Run-together readings not yet seen side by side are weighed low (most
                # documents holding the parts do not hold them together), so give the best
                # of them a place of their own.
                if term.joined_docs & scope:
                    chosen, ties, need = counter.top(pool & term.joined_docs, JOINED_QUOTA)
                    more += ids_from_bits(chosen) + ids_from_bits(ties, need)
        listed = set(candidates)
        candidates += [d for d in dict.fromkeys(more) if d not in listed]
        if q.joined:
            mask = bits_from_ids([candidates], index.size)
            q.joined = [
                (i, p, set(ids_from_bits(mask & terms[i].joined_docs))) for i, p, _ in q.joined
            ]
        scored = []
        for n, doc in enumerate(candidates):
            if not n % 64 and stop():
                return None
            match = _score(index.norms[doc], q, doc)
            if match is not None and match.score >= min_score:
                scored.append((-match.score, self._doc_kind[doc], doc, match))
        scored.sort(key=lambda row: row[:3])
        return [(doc, match) for _, _, doc, match in scored[:limit]]

    def _hits(
        self,
        ranked: list[tuple[int, _Match]],
        terms: list[Term],
        limit: int,
        wanted: set[str] | None,
    ) -> list[SearchHit]:
        """Hits of ranked documents, a name's document giving one hit per article naming it
        (in the order they were added), at most limit in all."""
        out: list[SearchHit] = []
        for doc, match in ranked:
            mentions = self._mentions.get(doc)
            if mentions is None:
                out.append(self._hit(doc, match, terms, self._doc_article[doc]))
            else:
                if wanted is not None:
                    mentions = {k: v for k, v in mentions.items() if k in wanted}
                first: SearchHit | None = None  # the snippet is the same for each
                for key, where in islice(mentions.items(), limit - len(out)):
                    if isinstance(where, tuple):
                        out.append(self._hit(doc, match, terms, key, *where))
                        continue
                    if first is None:
                        first = self._hit(doc, match, terms, key, where)
                    title = self._titles.get(key, "")
                    out.append(replace(first, article=key, title=title, passage_index=where))
            if len(out) >= limit:
                break
        return out

    def _hit(
        self,
        doc: int,
        match: _Match,
        terms: list[Term],
        key: str,
        passage: int | None = None,
        text: str | None = None,
    ) -> SearchHit:
        snippet, start, end, positions = _snippet(
            text or self._doc_text[doc], self._index.norms[doc], match, terms
        )
        return SearchHit(
            article=key,
            title=self._titles.get(key, ""),
            kind=_KINDS[self._doc_kind[doc]],  # type: ignore[arg-type]
            passage_index=self._doc_passage[doc] if passage is None else passage,
            score=round(match.score, 1),
            snippet=snippet,
            start=start,
            end=end,
            positions=positions,
        )
