"""PO model, reader and writer (extractor.po): strict reading, msgcat-identical writing."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extractor.errors import CatalogueError
from extractor.po import Catalogue, Entry, format_po, parse_po, read_po, write_po

from gettext_tools import msgcat, msgfmt_check, needs_gettext

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
HEADER = (("Project-Id-Version", "extractor"), ("Language", "en"),
          ("Content-Type", "text/plain; charset=UTF-8"))


def sentences() -> list[str]:
    conllu = SHARED / "ud-pud" / "id_pud-ud-test.conllu"
    if not conllu.exists():
        pytest.skip(f"../shared/data not present: {conllu}")
    return [line[len("# text = "):] for line in conllu.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")]


def random_text(rng: random.Random) -> str:
    """Text built from the pieces that decide where gettext breaks lines."""
    pieces = ["Organisasi", "Internasional", "untuk", "Migrasi", "(IOM)", "laporan-laporan",
              "2024", "50%", "$100", "<1>baca</1>", "<2/>", "https://www.iom.int/id/berita?x=1&y=2",
              "\"kutip\"", "'satu'", "a.b.c.", "3,5", "tab\there", "back\\slash", "#tag", "—",
              "–", "…", "«id»", "¿", "日本語", "Ünïcödé", "e-mail", "foo/bar", "[x]", "{y}"]
    seps = [" ", " ", " ", "  ", "", "\n", "-", "/", ". ", ", "]
    return "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 40)))


def like(msgid: str, text: str) -> str:
    """``text`` starting and ending with a newline exactly when ``msgid`` does (msgfmt -c)."""
    text = text.strip("\n") or "x"
    return ("\n" if msgid.startswith("\n") else "") + text + ("\n" if msgid.endswith("\n") else "")


def random_catalogue(rng: random.Random, n: int) -> Catalogue:
    entries: dict[str, Entry] = {}
    while len(entries) < n:
        msgid = random_text(rng)
        k = rng.random()
        entries[msgid] = Entry(
            msgid=msgid,
            msgstr=like(msgid, random_text(rng)) if k < 0.7 else "",
            msgctxt=rng.choice([None, None, "menu", "breadcrumb"]),
            flags=("fuzzy",) if k < 0.2 else (),
            references=tuple(f"id/page-{rng.randint(1, 99)}.html#p{rng.randint(1, 9)}"
                             for _ in range(rng.randint(0, 9))),
            extracted_comments=("paragraph",) if k < 0.5 else (),
            translator_comments=("checked by Rina",) if k < 0.1 else (),
            previous_msgid=random_text(rng) if k < 0.15 else None,
            obsolete=0.9 < k)
    # An entry's key only needs to be unique among its kind; keep them unique overall.
    unique = {(e.msgctxt, e.msgid): e for e in entries.values()}
    return Catalogue(header=HEADER, entries=tuple(unique.values()))


@needs_gettext
@pytest.mark.parametrize("seed", range(4))
def test_random_catalogue_is_written_exactly_as_msgcat_writes_it(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "random.po"
    write_po(path, random_catalogue(random.Random(seed), 250))
    assert msgcat(path) == path.read_text(encoding="utf-8")
    msgfmt_check(path)


@needs_gettext
def test_real_indonesian_sentences_are_wrapped_as_msgcat_wraps_them(tmp_path: Path) -> None:
    pud = sentences()
    entries = tuple(Entry(msgid=s, msgstr=pud[(i * 7) % len(pud)], references=(f"pud#{i}",))
                    for i, s in enumerate(dict.fromkeys(pud)))
    path = tmp_path / "pud.po"
    write_po(path, Catalogue(header=HEADER, entries=entries))
    assert msgcat(path) == path.read_text(encoding="utf-8")


@needs_gettext
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(msgid=st.text(st.characters(max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc", "Cn", "Co", "So"))
                     | st.sampled_from(" \n\t\"\\-/.,<>%"), min_size=1, max_size=200))
def test_any_printable_string_round_trips_through_msgcat(tmp_path: Path, msgid: str) -> None:
    path = tmp_path / "any.po"
    cat = Catalogue(header=HEADER, entries=(Entry(msgid=msgid, msgstr=msgid.upper()),))
    path.write_text(format_po(cat), encoding="utf-8")
    assert msgcat(path) == path.read_text(encoding="utf-8")
    assert read_po(path).entries[0].msgstr == msgid.upper()


@needs_gettext
def test_msgcat_output_reads_back_to_the_same_catalogue(tmp_path: Path) -> None:
    cat = random_catalogue(random.Random(9), 120)
    path = tmp_path / "a.po"
    path.write_text(msgcat_input := format_po(cat), encoding="utf-8")
    again = parse_po(msgcat(path))
    assert format_po(again) == msgcat_input


def test_parsed_entry_keeps_every_part_and_its_line() -> None:
    cat = parse_po('msgid ""\nmsgstr "Language: en\\n"\n\n'
                   "# translator\n#. extracted\n#: a.html#p1 b.html#p2\n#, fuzzy, python-format\n"
                   '#| msgid "old"\nmsgctxt "menu"\nmsgid "Ber"\n"ita"\nmsgstr "News"\n\n'
                   '#~ msgid "Lama"\n#~ msgstr "Old"\n')
    e, gone = cat.entries
    assert (e.msgctxt, e.msgid, e.msgstr, e.line) == ("menu", "Berita", "News", 9)
    assert e.references == ("a.html#p1", "b.html#p2")
    assert e.flags == ("fuzzy", "python-format") and e.fuzzy and not e.translated
    assert (e.translator_comments, e.extracted_comments, e.previous_msgid) == (
        ("translator",), ("extracted",), "old")
    assert gone.obsolete and gone.msgstr == "Old" and cat.header_value("language") == "en"


def test_plural_entry_round_trips() -> None:
    text = ('msgid "satu berkas"\nmsgid_plural "%d berkas"\n'
            'msgstr[0] "one file"\nmsgstr[1] "%d files"\n')
    cat = parse_po(text)
    assert cat.entries[0].msgstr_plural == ((0, "one file"), (1, "%d files"))
    assert format_po(cat) == text


@pytest.mark.parametrize("text, line, message", [
    ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message definition"),
    ('msgid "a"\nmsgtsr "b"\n', 2, "unknown keyword"),
    ('msgstr "b"\n', 1, "msgstr without msgid"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "invalid escape"),
    ('msgid "a"\n', 1, "missing msgstr"),
    ('msgid "a"\nmsgstr "b" "c"\n', 2, "unescaped double quote"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 1, "msgid_plural without msgstr[N]"),
    ('msgid "a"\nmsgstr "b"\n"c\n', 3, "unterminated string"),
])
def test_syntax_error_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogueError) as err:
        parse_po(text, "bad.po")
    assert str(err.value).startswith(f"bad.po:{line}: {message}")


def test_missing_file_error_names_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="nope.po: no such file"):
        read_po(tmp_path / "nope.po")


def test_undecodable_file_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgid "caf\xe9"\nmsgstr ""\n')
    with pytest.raises(CatalogueError, match=r"latin.po:4: invalid"):
        read_po(path)


@needs_gettext
def test_flags_are_ordered_and_unknown_flags_dropped_like_msgcat(tmp_path: Path) -> None:
    path = tmp_path / "flags.po"
    path.write_text('msgid "x %d"\nmsgstr "y %d"\n\n'
                    '#, no-wrap, extractor-english, python-brace-format, c-format, fuzzy\n'
                    'msgid "z"\nmsgstr "w"\n', encoding="utf-8")
    ours = format_po(read_po(path))
    assert ours == msgcat(path)
    assert "#, fuzzy, c-format, python-brace-format, no-wrap\n" in ours


def test_fuzzy_flag_is_not_written_on_an_untranslated_entry() -> None:
    cat = Catalogue(entries=(Entry("Berita", flags=("fuzzy",)),))
    assert "fuzzy" not in format_po(cat)


def test_obsolete_entries_go_last_and_untranslated_ones_are_dropped() -> None:
    cat = Catalogue(entries=(Entry("Lama", "Old", obsolete=True), Entry("Baru", "New"),
                             Entry("Kosong", obsolete=True)))
    assert format_po(cat) == 'msgid "Baru"\nmsgstr "New"\n\n#~ msgid "Lama"\n#~ msgstr "Old"\n'


def test_long_reference_list_wraps_at_79_columns() -> None:
    refs = tuple(f"id/berita/halaman-yang-cukup-panjang-{i}.html#p{i}" for i in range(6))
    text = format_po(Catalogue(entries=(Entry("Berita", references=refs),)))
    ref_lines = [line for line in text.splitlines() if line.startswith("#:")]
    assert len(ref_lines) > 1 and all(len(line) <= 79 for line in ref_lines)
    assert parse_po(text).entries[0].references == refs


def test_write_po_leaves_an_unchanged_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "site.po"
    cat = Catalogue(header=HEADER, entries=(Entry("Berita", "News"),))
    assert write_po(path, cat) is True
    before = path.stat().st_mtime_ns
    assert write_po(path, parse_po(path.read_text(encoding="utf-8"))) is False
    assert path.stat().st_mtime_ns == before
    assert write_po(path, cat.with_header(Language="id")) is True
    assert read_po(path).header_value("Language") == "id"


def test_with_header_keeps_field_order_and_appends_new_fields() -> None:
    cat = Catalogue(header=HEADER).with_header(Language="id", Plural_Forms="nplurals=1; plural=0;")
    assert [k for k, _ in cat.header] == ["Project-Id-Version", "Language", "Content-Type",
                                          "Plural-Forms"]
    assert cat.header_value("plural-forms") == "nplurals=1; plural=0;"


def shipped_catalogues() -> list[tuple[str, str]]:
    """Indonesian .po files inside the wheels `benchmarks/merge.py` downloads (if it has run)."""
    import zipfile
    wheels = sorted((Path(__file__).resolve().parents[1] / "benchmarks" / ".work" / "wheels").glob("*/*.whl"))
    found = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as z:
            found += [(f"{wheel.name}:{n}", z.read(n).decode("utf-8")) for n in sorted(z.namelist())
                      if "/locale/id/LC_MESSAGES/" in n and n.endswith(".po")]
    return found


@needs_gettext
def test_shipped_django_and_sphinx_catalogues_are_rewritten_byte_identical_to_msgcat(tmp_path: Path) -> None:
    catalogues = shipped_catalogues()
    if not catalogues:
        pytest.skip("no cached wheels: run .venv/bin/python benchmarks/merge.py --skip-synthetic once")
    path = tmp_path / "shipped.po"
    for name, text in catalogues:
        path.write_text(text, encoding="utf-8")
        assert format_po(parse_po(text, name)) == msgcat(path), name
