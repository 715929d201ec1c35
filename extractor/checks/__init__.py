"""Check families used by `extractor.check`, one module per kind of evidence.

Every function here takes plain strings (the Indonesian msgid and the English msgstr) and
returns a list of one-line messages, empty when the pair passes. Nothing here reads files.
"""
