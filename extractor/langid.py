"""Language of a string, restricted to the site's two languages: "id", "en" or None.

>>> detect("Siapa Kami")
'id'
>>> detect("Take Action")
'en'
>>> detect("BP2MI") is None
True

How it decides (all evidence is data under ``extractor/data/langid/``, loaded once, lazily):

- URLs, e-mail addresses, anything with a digit ("2030", "EMM 2.0", "28/10/2022") and
  acronyms ("BP2MI", "IOM") are language-neutral and skipped; names the site uses in both
  languages (``[neutral]`` in ``lexicon.toml``) too.
- Every remaining word is scored in nats of log-odds (positive = Indonesian): a word listed in
  ``lexicon.toml`` counts a fixed weight (function words more than content words), and so,
  a little less, does a word whose stem is listed ("mengirimkan" -> "kirim", "helped" ->
  "help"); any other word counts the naive-Bayes score of its character 2-3-grams
  (``ngrams.tsv``, word boundaries included) plus the spelling and affix rules of
  ``lexicon.toml``, clipped below a listed word's weight. A small prior for Indonesian, the
  site's source language, breaks ties. The sign of the sum is the answer; no evidence gives
  None.
- Proper names: in running text, a capitalised word that does not start a sentence is taken for
  a name and skipped, so an Indonesian paragraph quoting "Kori Schulman" stays "id". A string
  made only of capitalised unlisted words (a name, or a title-case label) is neutral unless its
  evidence is strong (``weights.name_min`` per word): "Kori Schulman" is None, "Publikasi" is id.

Deterministic (no sampling) and fast: pure Python, a few dictionary look-ups per character.
"""
from __future__ import annotations

import functools
import importlib.resources
import math
import re
import tomllib
from dataclasses import dataclass, field
from typing import Literal

from extractor.accel import lower_word_hits

Lang = Literal["id", "en"]

# Tokens that carry no language: URLs, e-mail addresses.
_NEUTRAL_SPANS = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_WORD_PART = re.compile(r"[-'’]")
# A word: letters, with inner apostrophes kept (English contractions "didn't", "it's").
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = frozenset(".!?:;\"“”«»()[]–—•")
# Punctuation that may stick to a word; never letters, digits or "_" (see _words).
_EDGE_PUNCTUATION = ".,!?:;\"'“”‘’«»()[]{}–—•…/-*"
# Naive-Bayes smoothing: an n-gram unseen in one language counts as this share of a
# hundred-thousandth of that language's n-gram mass (additive smoothing scaled per order).
_SMOOTHING = 1.0e-5
# Share of its evidence that a capitalised, unlisted word starting a sentence keeps.
_START_CAPITAL_SHARE = 0.5


@dataclass(frozen=True)
class _Model:
    id_words: frozenset[str]
    en_words: frozenset[str]
    function_words: frozenset[str]
    neutral: frozenset[str]
    ngram: dict[str, float]
    affixes: tuple[tuple[re.Pattern[str], float], ...]
    lexicon_weight: float
    function_weight: float
    ngram_cap: float
    unlisted_cap: float
    prior_id: float
    inflected_weight: float
    en_suffixes: tuple[str, ...]
    id_prefixes: tuple[tuple[str, str], ...]
    id_suffixes: tuple[str, ...]
    name_min: float
    wordfreq_weight: float
    wordfreq_cap: float
    wordfreq_floor: float
    # Scores of words already seen. A word's score is a pure function of the model, and word
    # frequencies are Zipfian, so most look-ups on a site's text hit; bounded by _WORD_CACHE_MAX.
    word_cache: dict[str, tuple[float, bool]] = field(default_factory=dict, compare=False, hash=False)


_WORD_CACHE_MAX = 200_000


def _data_text(name: str) -> str:
    # One joinpath step at a time: namespace-package paths accept a single segment.
    return (importlib.resources.files("extractor") / "data" / "langid" / name).read_text(
        encoding="utf-8"
    )


@functools.lru_cache(maxsize=1)
def _model() -> _Model:
    """Load the lexicon and n-gram tables (once per process)."""
    lexicon = tomllib.loads(_data_text("lexicon.toml"))

    def words(section: str, keys: tuple[str, ...] = ("words", "content")) -> frozenset[str]:
        table = lexicon.get(section, {})
        return frozenset(w.lower() for key in keys for w in table.get(key, "").split())

    totals: dict[str, dict[int, float]] = {"id": {}, "en": {}}
    counts: list[tuple[str, float, float]] = []
    for line in _data_text("ngrams.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "n_words":
            totals["id"][int(fields[1])] = float(fields[2])
            totals["en"][int(fields[1])] = float(fields[3])
        else:
            counts.append((fields[0].replace("_", " "), float(fields[1]), float(fields[2])))
    ngram: dict[str, float] = {}
    for gram, id_count, en_count in counts:
        n = len(gram)
        id_total, en_total = totals["id"][n], totals["en"][n]
        p_id = (id_count + _SMOOTHING * id_total) / id_total
        p_en = (en_count + _SMOOTHING * en_total) / en_total
        ngram[gram] = math.log(p_id / p_en)
    weights = lexicon["weights"]
    inflection = lexicon["inflection"]
    affixes = tuple(
        (re.compile(rule["pattern"]), float(rule["weight"]) * (1 if rule["lang"] == "id" else -1))
        for rule in lexicon.get("affix", [])
    )
    return _Model(
        id_words=words("id"),
        en_words=words("en"),
        function_words=words("id", ("words",)) | words("en", ("words",)),
        neutral=words("neutral"),
        ngram=ngram,
        affixes=affixes,
        lexicon_weight=float(weights["lexicon"]),
        function_weight=float(weights["function_words"]),
        ngram_cap=float(weights["ngram_cap"]),
        unlisted_cap=float(weights["unlisted_cap"]),
        prior_id=float(weights["prior_id"]),
        inflected_weight=float(weights["inflected"]),
        en_suffixes=tuple(inflection["en_suffixes"]),
        id_prefixes=tuple((p.split(":")[0], p.split(":")[1] if ":" in p else "")
                          for p in inflection["id_prefixes"]),
        id_suffixes=tuple(inflection["id_suffixes"]),
        name_min=float(weights["name_min"]),
        wordfreq_weight=float(weights["wordfreq_weight"]),
        wordfreq_cap=float(weights["wordfreq_cap"]),
        wordfreq_floor=float(weights["wordfreq_floor"]),
    )


def _word_score(model: _Model, word: str) -> tuple[float, bool]:
    """Log-odds (positive = Indonesian) of one lower-case word, and whether it was listed."""
    cache = model.word_cache
    known = cache.get(word)
    if known is None:
        if len(cache) >= _WORD_CACHE_MAX:
            cache.clear()
        known = cache[word] = _score_word(model, word)
    return known


def _score_word(model: _Model, word: str) -> tuple[float, bool]:
    if word in model.id_words or word in model.en_words:
        weight = model.function_weight if word in model.function_words else model.lexicon_weight
        return (weight if word in model.id_words else -weight), True
    stem_lang = _listed_stem(model, word)
    if stem_lang is not None:
        return (model.inflected_weight if stem_lang == "id" else -model.inflected_weight), True
    padded = " " + _WORD_PART.split(word)[0] + " "
    table = model.ngram
    score = 0.0
    # Bigrams and trigrams only: single-letter frequencies add little and double-count.
    for n in (2, 3):
        for i in range(len(padded) - n + 1):
            score += table.get(padded[i : i + n], 0.0)
    score = max(-model.ngram_cap, min(model.ngram_cap, score))
    for pattern, weight in model.affixes:
        if pattern.search(word):
            score += weight
    frequency = _frequency_evidence(model, word)
    if frequency is not None:
        score = model.wordfreq_weight * frequency + (1 - model.wordfreq_weight) * score
    return max(-model.unlisted_cap, min(model.unlisted_cap, score)), False


def _frequency_evidence(model: _Model, word: str) -> float | None:
    """Log ratio of the word's frequency in Indonesian and in English text, or None if unseen.

    wordfreq's lists are built from large general corpora (subtitles, Wikipedia, web text),
    independent of the site and of our benchmarks; they know "muncul" and "against", which
    character n-grams misjudge. Clipped to ``wordfreq_cap``: a frequent English loanword in
    Indonesian ("online") should not outweigh the words around it.
    """
    from wordfreq import word_frequency  # loaded on first use: its lists take a moment

    f_id = word_frequency(word, "id")
    f_en = word_frequency(word, "en")
    if f_id == 0.0 and f_en == 0.0:
        return None
    floor = model.wordfreq_floor
    ratio = math.log((f_id + floor) / (f_en + floor))
    return max(-model.wordfreq_cap, min(model.wordfreq_cap, ratio))


def _listed_stem(model: _Model, word: str) -> Lang | None:
    """The language whose list holds the stem of an inflected or affixed ``word``, if any.

    English: one suffix off ("makes" -> "make", "helped" -> "help"). Indonesian: prefix and/or
    suffix off, undoing nasal assimilation ("mengirimkan" -> "kirim", "menulis" -> "tulis").
    """
    for suffix in model.en_suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in model.en_words or stem + "e" in model.en_words:
                return "en"
    for prefix, restored in model.id_prefixes:
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix):]
        for stem in (rest, restored + rest) if restored else (rest,):
            if _listed_id_core(model, stem, ("", *model.id_suffixes)):
                return "id"
    if _listed_id_core(model, word, model.id_suffixes):
        return "id"
    return None


def _listed_id_core(model: _Model, stem: str, suffixes: tuple[str, ...]) -> bool:
    """True when ``stem`` with one of ``suffixes`` off ("" for none) leaves a listed Indonesian
    word of three letters or more."""
    for suffix in suffixes:
        if stem.endswith(suffix):
            core = stem[: len(stem) - len(suffix)]
            if len(core) >= 3 and core in model.id_words:
                return True
    return False


def _words(text: str) -> list[tuple[str, bool]]:
    """The scorable words of ``text`` with a flag "starts a sentence"; neutral tokens dropped."""
    if "@" in text or "/" in text or ("." in text and "www." in text.lower()):
        text = _NEUTRAL_SPANS.sub(" . ", text)
    out: list[tuple[str, bool]] = []
    append = out.append
    at_start = True
    for chunk in text.split():
        starts = at_start
        at_start = chunk[-1] in _SENTENCE_END
        if not chunk.isalpha():
            # A word with punctuation around it ("kami,", "(IOM)") is that word; anything
            # else goes through the regular expressions below.
            core = chunk.strip(_EDGE_PUNCTUATION)
            if core.isalpha():
                chunk = core
        if chunk.isalpha():  # the common case: one plain word
            if len(chunk) == 1 or not chunk.isupper():
                append((chunk, starts))
            continue
        if _DIGIT.search(chunk):
            continue  # numbers, dates, codes such as BP2MI or "2.0"
        pieces = _LETTERS.findall(chunk)
        if len(pieces) == 2 and pieces[0].lower() == pieces[1].lower() and "-" in chunk:
            # Reduplication ("anak-anak", "ide-ide"): one word, scored as such.
            pieces = [f"{pieces[0]}-{pieces[1]}"]
        for i, piece in enumerate(pieces):
            if len(piece) > 1 and piece.isupper():
                continue  # an acronym
            append((piece, starts and i == 0))
    return out


def scores(text: str) -> tuple[float, int, int]:
    """Evidence for ``text``: (log-odds Indonesian vs English, words counted, listed words).

    Exposed for diagnostics and benchmarks; :func:`detect` is the decision.
    """
    return _scores(_words(text), _model())


def _scores(words: list[tuple[str, bool]], model: _Model) -> tuple[float, int, int]:
    """:func:`scores` of words already split by :func:`_words`."""
    # Running text: a capital inside a sentence marks a name, which says nothing about the
    # language around it. Title-case strings (labels, headings, names) keep every word.
    running = False
    for word, _ in words:
        if word[0].islower():
            running = True
            break
    neutral, cache = model.neutral, model.word_cache
    total = 0.0
    counted = listed = 0
    for word, starts in words:
        lower = word.lower()
        if lower in neutral:
            continue
        capital = running and word[0].isupper()
        if capital and not starts:
            continue  # a name or a title inside running text ("The Muppets", "Game of ...")
        known = cache.get(lower)
        score, is_listed = known if known is not None else _word_score(model, lower)
        if capital and not is_listed:
            # A capital at a sentence start may be a name as well as an ordinary word.
            score *= _START_CAPITAL_SHARE
        total += score
        counted += 1
        listed += is_listed
    return total, counted, listed


# Running text this long is usually decided by its listed words alone (see _quick_verdict).
_QUICK_MIN_CHARS = 100
_QUICK_SAMPLE_CHARS = 200
_QUICK_MIN_HITS = 4
_QUICK_RATIO = 4


def _quick_verdict(text: str, model: _Model) -> Lang | None:
    """Decide a long string from listed words in its opening characters, or None if unsure.

    Paragraphs are where detection time goes (a page has dozens); their first sentence or two
    hold several listed function words, and a clear majority settles it without the n-gram
    scoring. Capitalised words (names) are skipped, as in running text.
    """
    id_hits, en_hits = lower_word_hits(text[:_QUICK_SAMPLE_CHARS], model.id_words, model.en_words)
    if id_hits >= _QUICK_MIN_HITS and id_hits >= _QUICK_RATIO * en_hits:
        return "id"
    if en_hits >= _QUICK_MIN_HITS and en_hits >= _QUICK_RATIO * id_hits:
        return "en"
    return None


def detect(text: str) -> Lang | None:
    """Return "id" or "en" for a string in one of the site's languages, None when neutral.

    Neutral means no word carries language evidence: numbers, dates, acronyms, URLs, e-mail
    addresses, proper names ("2030", "BP2MI", "EMM 2.0", "Kori Schulman"). The same string
    always gets the same answer.
    """
    if not _ANY_LETTER.search(text):
        return None  # numbers, times, punctuation: nothing to score
    model = _model()
    if len(text) >= _QUICK_MIN_CHARS:
        quick = _quick_verdict(text, model)
        if quick is not None:
            return quick
    words = _words(text)
    total, counted, listed = _scores(words, model)
    if counted == 0:
        return None
    # A name's evidence is weak either way; the prior below is a tie-breaker, not evidence,
    # so it is left out of that test.
    if listed == 0 and abs(total) < model.name_min * counted and all(w[0].isupper() for w, _ in words):
        return None
    # Prior log-odds: the site's own strings are mostly Indonesian, which breaks ties.
    total += model.prior_id
    if total == 0.0:
        return None
    return "id" if total > 0 else "en"
