"""Check families used by `extractor.check`, one module per kind of evidence.

Every check function takes plain strings (the Indonesian msgid and the English msgstr, plus
the word lists of :class:`~extractor.checks.lexicon.Lexicon` where it needs them) and returns
a list of one-line messages, empty when the pair passes. Only ``lexicon`` reads files (the
packaged word lists).
"""
