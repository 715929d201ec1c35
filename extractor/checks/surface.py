"""The shape of a translation: language, untranslated copies, whitespace, punctuation,
doubled words and length.

>>> punctuation("Apa itu migrasi aman?", "What is safe migration.")
['the source ends with "?" but the translation ends with "."']
"""
from __future__ import annotations

import re

from extractor import langid
from extractor.checks.lexicon import Lexicon

_CLOSERS = "\"'”’»)]}"
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")
_FINAL = ".?!:;,"


def untranslated(msgid: str, msgstr: str) -> bool:
    """True when the msgstr is a copy of the msgid (whitespace aside)."""
    return msgid.strip() == msgstr.strip()


_ANY_WORD = re.compile(r"[^\W\d_]+")


def identical(msgid: str, msgstr: str, lexicon: Lexicon) -> list[str]:
    """A msgstr equal to its msgid is reported when the msgid is Indonesian text: langid says
    so and it has a known Indonesian word. Names, acronyms, numbers, English labels and words
    spelled the same in both languages (Agenda, Data, Indramayu) legitimately stay the same."""
    if not untranslated(msgid, msgstr) or langid.detect(msgid) != "id":
        return []
    words = _ANY_WORD.findall(msgid)
    if any(w.lower() in lexicon.id_words or langid.scores(w)[2] for w in words):
        return ["the translation is a copy of the Indonesian source"]
    return []


_LOWER_WORD = re.compile(r"(?<![\w@./-])[a-z]+(?![\w@/-])")


def language(msgid: str, msgstr: str, lexicon: Lexicon) -> list[str]:
    """The msgstr reads as English: Indonesian text there is an untranslated string (a copy
    of the msgid is reported by ``identical`` instead).

    extractor.langid decides; names alone ("Media contact: Ariani Hasanah") are not enough,
    so the msgstr must also have more common Indonesian words than English ones in lower case.
    """
    if untranslated(msgid, msgstr):
        return []
    words = _LOWER_WORD.findall(msgstr)
    indonesian = sum(w in lexicon.id_words for w in words)
    # The cheap word count first: most English strings stop here without running langid.
    if indonesian > sum(w in lexicon.en_words for w in words) and langid.detect(msgstr) == "id":
        return ["the translation is Indonesian, not English"]
    return []


def whitespace(msgid: str, msgstr: str) -> list[str]:
    """Leading and trailing whitespace of the msgstr equals the msgid's."""
    messages = []
    lead_s, lead_t = msgid[: len(msgid) - len(msgid.lstrip())], msgstr[: len(msgstr) - len(msgstr.lstrip())]
    trail_s, trail_t = msgid[len(msgid.rstrip()):], msgstr[len(msgstr.rstrip()):]
    if lead_s != lead_t:
        messages.append(f"leading whitespace {lead_t!r} differs from the source's {lead_s!r}")
    if trail_s != trail_t:
        messages.append(f"trailing whitespace {trail_t!r} differs from the source's {trail_s!r}")
    return messages


def final_punctuation(text: str) -> str:
    """The sentence-final mark of ``text`` ("." "?" "!" ":" ";" "," "..."), or "" for none.

    Closing quotes and brackets are looked through: '"Kami siap," kata dia.' ends with ".".
    """
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1].rstrip()
    if _ELLIPSIS.search(text):
        return "..."
    return text[-1] if text and text[-1] in _FINAL else ""


def punctuation(msgid: str, msgstr: str) -> list[str]:
    """The msgstr ends with the same kind of final punctuation as the msgid."""
    source, target = final_punctuation(msgid), final_punctuation(msgstr)
    if source == target:
        return []
    said = f'ends with "{target}"' if target else "has no final punctuation"
    if source:
        return [f'the source ends with "{source}" but the translation {said}']
    return [f'the source has no final punctuation but the translation {said}']


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)\s+\1(?![\w-])", re.IGNORECASE)
# English where a repeated word is grammatical.
_REPEATABLE = frozenset({"had", "that", "bye", "very", "so", "no", "yes"})


def doubled(msgid: str, msgstr: str) -> list[str]:
    """No word written twice in a row ("the the") and no double space inside the msgstr,
    unless the msgid has the same."""
    messages = []
    source = {m.group(1).lower() for m in _DOUBLED.finditer(msgid)}
    for m in _DOUBLED.finditer(msgstr):
        word = m.group(1).lower()
        if word not in _REPEATABLE and word not in source:
            messages.append(f'doubled word "{m.group()}"')
    if "  " in msgstr.strip() and "  " not in msgid.strip():
        messages.append("double space inside the translation")
    return messages


# Calibrated on the 996 UD PUD id/en sentence pairs of 24+ characters (an independent,
# professionally translated corpus): English/Indonesian length runs 0.65-1.33 for 99% of
# them (median 0.93); about 1 pair in 200 falls outside these bounds. Short strings vary
# too much to judge, and labels and headings (under 5 words) compress freely.
MIN_RATIO, MAX_RATIO, MIN_CHARS, MIN_WORDS = 0.6, 1.5, 24, 5


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def _repeated_sentence(text: str) -> str:
    """A sentence of 20+ characters that ``text`` contains twice, or ""."""
    seen: set[str] = set()
    for sentence in _SENTENCE_BREAK.split(text.strip()):
        if len(sentence) >= 20 and sentence in seen:
            return sentence
        seen.add(sentence)
    return ""


def length(msgid: str, msgstr: str) -> list[str]:
    """The msgstr's length is within 0.6-1.5 times the msgid's (sentences of 5+ words), and
    it does not say the same sentence twice: otherwise part of the text is usually missing
    or pasted twice."""
    a, b = len(msgid.strip()), len(msgstr.strip())
    if max(a, b) < MIN_CHARS or len(msgid.split()) < MIN_WORDS:
        return []
    repeated = _repeated_sentence(msgstr)
    if repeated and not _repeated_sentence(msgid):
        return [f'the translation says "{repeated[:40]}..." twice: is text pasted twice?']
    ratio = b / a
    if ratio < MIN_RATIO:
        return [f"the translation is {ratio:.2f} times as long as the source: is part of it missing?"]
    if ratio > MAX_RATIO:
        return [f"the translation is {ratio:.2f} times as long as the source: is text repeated or added?"]
    return []
