"""Things a translation must carry over unchanged: URLs, e-mails, placeholders, brackets, names.

>>> urls("Lihat https://indonesia.iom.int/id.", "See https://indonesia.iom.int/.")
['URL "https://indonesia.iom.int/id" is missing or changed (found "https://indonesia.iom.int/")']
"""
from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from extractor import langid
from extractor.checks.lexicon import Lexicon
from extractor.placeholders import PLACEHOLDER as PLACEHOLDER_RE, nesting_fault

URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'“”]+", re.IGNORECASE)
# A path glued to an address ("name@iom.int/en") is part of the (broken) address.
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b(?:/[^\s<>\"'“”]*)?")
_URL_TAIL = ".,;:!?)]}"


def _clean_url(url: str) -> str:
    # A sentence's final punctuation or a closing bracket is not part of the address.
    while url and url[-1] in _URL_TAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_urls(text: str) -> list[str]:
    """URLs and e-mail addresses in ``text``, in order, without trailing punctuation."""
    found = [_clean_url(m.group()) for m in URL_RE.finditer(text)]
    masked = URL_RE.sub(" ", text)
    return found + [_clean_url(m.group()) for m in EMAIL_RE.finditer(masked)]


def mask_literals(text: str) -> str:
    """``text`` with URLs, e-mails and placeholders replaced by spaces (offsets change)."""
    # Cheap membership tests first: most strings have none of these.
    if "://" in text or "www." in text.lower():
        text = URL_RE.sub(" ", text)
    if "@" in text:
        text = EMAIL_RE.sub(" ", text)
    return PLACEHOLDER_RE.sub(" ", text) if "<" in text else text


def urls(msgid: str, msgstr: str) -> list[str]:
    """Every URL and e-mail address of the msgid appears verbatim in the msgstr, and no other."""
    if not any(mark in text for text in (msgid, msgstr.lower()) for mark in ("://", "www.", "@")):
        return []
    source, target = Counter(find_urls(msgid)), Counter(find_urls(msgstr))
    missing = sorted((source - target).elements())
    extra = sorted((target - source).elements())
    messages = []
    for i, url in enumerate(missing):
        kind = "e-mail address" if "@" in url and "://" not in url else "URL"
        if i < len(extra):
            messages.append(f'{kind} "{url}" is missing or changed (found "{extra[i]}")')
        else:
            messages.append(f'{kind} "{url}" is missing from the translation')
    for url in extra[len(missing):]:
        messages.append(f'"{url}" is in the translation but not in the source')
    return messages


def placeholders(msgid: str, msgstr: str) -> list[str]:
    """The msgstr has the same numbered tags as the msgid, each pair opened before it closes."""
    if "<" not in msgid and "<" not in msgstr:
        return []
    source = Counter(m.group() for m in PLACEHOLDER_RE.finditer(msgid))
    target = Counter(m.group() for m in PLACEHOLDER_RE.finditer(msgstr))
    messages = [f"placeholder {tag} is missing" for tag in sorted((source - target).elements())]
    messages += [f"placeholder {tag} is not in the source" for tag in sorted((target - source).elements())]
    if messages:
        return messages
    fault = nesting_fault(msgstr, closing_empty_ok=True)  # </n/> matches the source: let it be
    if fault is None:
        return []
    if fault.kind == "unclosed":
        return [f"placeholder <{fault.number}> is never closed"]
    return [f"placeholder </{fault.number}> closes before <{fault.number}> opens or out of order"]


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("‘", "’"))


_BRACKET_CHARS = re.compile(r'[()\[\]{}“”‘’"]')


def _balance(text: str) -> dict[str, int]:
    text = PLACEHOLDER_RE.sub(" ", text)
    # A ’ between letters is an apostrophe (IOM’s), not a closing quote.
    text = re.sub(r"(?<=\w)’(?=\w)|(?<=s)’", "", text)
    counts = {o + c: text.count(o) - text.count(c) for o, c in _PAIRS}
    counts['"'] = text.count('"') % 2
    return counts


def brackets(msgid: str, msgstr: str) -> list[str]:
    """Brackets and double quotes are balanced in the msgstr as they are in the msgid.

    A segment may legitimately open a quotation that a later segment closes, so the msgstr
    is compared with the msgid's own balance rather than with zero.
    """
    if not _BRACKET_CHARS.search(msgid) and not _BRACKET_CHARS.search(msgstr):
        return []
    source, target = _balance(msgid), _balance(msgstr)
    messages = []
    for pair in source:
        if source[pair] != target[pair]:
            if pair == '"':
                messages.append('double quotes are unbalanced compared with the source')
            else:
                delta = target[pair] - source[pair]
                what = f'unclosed "{pair[0]}"' if delta > 0 else f'unmatched "{pair[1]}"'
                messages.append(f"{what} compared with the source")
    return messages


_ACRONYM_RE = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9&]*[A-Z0-9](?:-\d+)?(?![\w-])")
_CAPWORD_RE = re.compile(r"(?<![\w-])[A-Z][a-zà-ÿ]+(?:-[A-Z]?[a-zà-ÿ]+)*(?![\w-])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*|\s[-–—]\s)$")


def _acronyms(text: str, lexicon: Lexicon) -> list[str]:
    found = []
    for m in _ACRONYM_RE.finditer(text):
        token = m.group()
        if sum(ch.isupper() for ch in token) < 2:
            continue
        if token.lower() in lexicon.id_words:  # a word in an all-caps heading
            continue
        found.append(token)
    return found


def _ordinary(word: str, lexicon: Lexicon) -> bool:
    """A capitalised word that is an ordinary Indonesian word (a title, an institution)."""
    if any(p in lexicon.id_words for p in word.lower().split("-")):
        return True
    total, _, listed = langid.scores(word)
    return bool(listed) and total > 0


def _name_runs(text: str, lexicon: Lexicon) -> list[list[str]]:
    """Runs of adjacent capitalised words that are not ordinary Indonesian words."""
    runs: list[list[str]] = []
    last_end = -2
    for m in _CAPWORD_RE.finditer(text):
        word = m.group()
        if _SENTENCE_START_RE.search(text[: m.start()]) or _ordinary(word, lexicon):
            continue
        if runs and text[last_end:m.start()].strip() == "":
            runs[-1].append(word)
        else:
            runs.append([word])
        last_end = m.end()
    return runs


def _title_case(text: str) -> bool:
    """True for a headline in title case: no final full stop, 3+ words of 4+ letters, all
    capitalised ("Perubahan Iklim dan Bencana Picu Pengungsian Internal di Indonesia")."""
    if text.rstrip().endswith("."):
        return False
    long_words = [w for w in _ANY_WORD.findall(text) if len(w) >= 4]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


_ANY_WORD = re.compile(r"[^\W\d_]+")


def _phrase(words: str) -> str:
    """A regex for ``words`` as whole words, any run of whitespace between them."""
    return r"(?<![\w-])" + r"\s+".join(map(re.escape, words.split())) + r"(?![\w-])"


def _present(forms: tuple[str, ...], target: str) -> bool:
    # A name may take an English suffix (Indonesia -> Indonesian, Hoffmann -> Hoffmann's).
    return any(re.search(rf"(?<![\w-]){re.escape(f)}", target) for f in forms)


def names(msgid: str, msgstr: str, lexicon: Lexicon) -> list[str]:
    """Acronyms (IOM, BP2MI) and names of people and places in the msgid appear in the msgstr.

    An Indonesian acronym English writes differently (PBB -> UN) may appear as any of its
    listed English forms; likewise names (Jepang -> Japan). A capitalised word that is not an
    ordinary Indonesian word (lexicon in extractor/data/check, or a word extractor.langid
    knows) must be kept when it does not look Indonesian (Hoffmann), or when another word of
    the same name is kept and the msgstr spells it differently (Benny Rhamdani -> Benny Ramdani).
    """
    text = mask_literals(msgid)
    if sum(map(str.isupper, text)) > 0.6 * max(1, sum(map(str.isalpha, text))):
        return []  # an all-caps heading: every word looks like an acronym
    target = mask_literals(msgstr)
    messages = []
    for token in dict.fromkeys(_acronyms(text, lexicon)):
        expansions = lexicon.acronyms.get(token, ())
        # The acronym itself must match exactly; a spelled-out form may change case.
        if not (re.search(rf"(?<![\w-]){re.escape(token)}s?(?![\w-])", target)
                or any(re.search(_phrase(f), target, re.IGNORECASE) for f in expansions)):
            messages.append(f'acronym "{token}" is missing from the translation')
    if _title_case(text):
        return messages  # a headline capitalises every word: names cannot be told apart
    target_words = _CAPWORD_RE.findall(target)
    for run in _name_runs(text, lexicon):
        kept = [w for w in run if _present((w,) + lexicon.names.get(w, ()), target)]
        for word in dict.fromkeys(run):
            if word in kept:
                continue
            near = [w for w in target_words if w != word and fuzz.ratio(w, word) >= 85]
            # Exonyms differ by a letter too (Rusia -> Russia), so a near spelling counts as a
            # misspelling only inside a name whose other words were kept.
            if langid.scores(word)[0] < 0 or (kept and near and word not in lexicon.names):
                if near:
                    messages.append(f'name "{word}" is spelled "{near[0]}" in the translation')
                else:
                    messages.append(f'name "{word}" is missing from the translation')
    return messages
