"""Tests for `extractor check`: one rule per test on plain strings, then catalogues and the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.check import (
    CHECK_IDS, check_catalogues, check_pair, findings_per_page, select_checks,
)
from extractor.checks.lexicon import Lexicon
from extractor.cli import main
from extractor.po import format_po, parse_po, read_po

ROOT = Path(__file__).resolve().parents[1]
LEXICON = Lexicon.load()


def found(msgid: str, msgstr: str) -> set[str]:
    """The check ids that fire on one pair."""
    return {check for check, _ in check_pair(msgid, msgstr, lexicon=LEXICON)}


def messages(msgid: str, msgstr: str, check: str) -> list[str]:
    return [m for c, m in check_pair(msgid, msgstr, [check], lexicon=LEXICON)]


def po(*entries: str) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
    return header + "".join("\n" + e for e in entries)


def entry(msgid: str, msgstr: str, extra: str = "", ref: str = "/id/berita/a:1") -> str:
    return f'{extra}#: {ref}\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'


# ------------------------------------------------------------------ numbers, dates, money

@pytest.mark.parametrize("msgid, msgstr", [
    ("Inflasi naik 3,6% tahun ini.", "Inflation rose 3.6% this year."),
    ("Sebanyak 12.818 orang dipulangkan.", "A total of 12,818 people were repatriated."),
    ("Acara pada 28 Oktober 2022.", "The event on 28 October 2022."),
    ("Acara pada 28 Oktober 2022.", "The event on October 28, 2022."),
    ("Dana sebesar Rp 1,5 miliar.", "Funds of IDR 1.5 billion."),
    ("Dana sebesar Rp1.500.000.", "Funds of Rp1,500,000."),
    ("Naik 3,6 persen.", "Up 3.6 percent."),
    ("Dimulai pukul 14.00 WIB.", "It started at 2 pm."),
    ("Selama tiga hari.", "For 3 days."),
    ("HUT ke-75 RI.", "Indonesia's 75th anniversary."),
])
def test_numbers_converted_to_english_notation_pass(msgid: str, msgstr: str) -> None:
    assert "numbers" not in found(msgid, msgstr)


def test_indonesian_decimal_comma_left_in_english_is_reported_with_the_fix() -> None:
    assert messages("Inflasi naik 3,6%.", "Inflation rose 3,6%.", "numbers") == [
        '"3,6%" keeps Indonesian notation: write "3.6%"']


def test_indonesian_thousands_dot_left_in_english_is_reported_with_the_fix() -> None:
    assert messages("Ada 12.818 orang.", "There are 12.818 people.", "numbers") == [
        '"12.818" keeps Indonesian notation: write "12,818"']


def test_indonesian_month_name_left_in_english_is_reported() -> None:
    assert messages("Pada 28 Oktober 2022.", "On 28 Oktober 2022.", "numbers") == [
        '"28 Oktober 2022" keeps Indonesian notation: write "28 October 2022"']


@pytest.mark.parametrize("msgid", ["Pada 28 Nopember 2022.", "Pada 28 Nop 2022.",
                                   "Pada 28 Pebruari 2022."])
def test_old_spellings_of_indonesian_months_are_dates(msgid: str) -> None:
    english = "On 28 February 2022." if "Pebruari" in msgid else "On 28 November 2022."
    assert messages(msgid, english, "numbers") == []


def test_changed_number_is_reported_with_both_values() -> None:
    assert messages("Lebih dari 2.000 orang.", "More than 3,000 people.", "numbers") == [
        '"2.000" became "3,000" (expected "2,000")']


def test_changed_money_scale_is_reported() -> None:
    assert "numbers" in found("Dana Rp 1,5 miliar.", "Funds of IDR 1.5 million.")


def test_number_added_in_translation_is_reported() -> None:
    assert messages("Pada tahun lalu.", "In 2021.", "numbers") == [
        '"2021" is in the translation but not in the source']


def test_codes_with_digits_are_names_not_numbers() -> None:
    assert "numbers" not in found("BP2MI dan COVID-19.", "BP2MI and COVID-19.")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_any_grouped_integer_converted_passes_and_left_as_is_fails(n: int) -> None:
    indonesian, english = f"{n:,}".replace(",", "."), f"{n:,}"
    assert messages(f"Ada {indonesian} orang.", f"There are {english} people.", "numbers") == []
    assert messages(f"Ada {indonesian} orang.", f"There are {indonesian} people.", "numbers")


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999.9"), places=1))
def test_any_decimal_percentage_converted_passes(value: Decimal) -> None:
    english = f"{value}%"
    assert messages(f"Naik {english.replace('.', ',')}.", f"Up {english}.", "numbers") == []


_TEXTY = st.text(alphabet=st.sampled_from(list("0123456789.,%-:/ ()\"“”<>@aAbBkeRpIDOMjutaOktober ")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXTY, _TEXTY)
def test_any_pair_gets_known_check_ids_without_crashing(msgid: str, msgstr: str) -> None:
    result = check_pair(msgid, msgstr, lexicon=LEXICON)
    assert all(check in CHECK_IDS and message for check, message in result)
    assert check_pair(msgid, msgstr, lexicon=LEXICON) == result


# ------------------------------------------------------------------ literals and names

def test_changed_url_is_reported() -> None:
    assert messages("Lihat https://indonesia.iom.int/id.", "See https://indonesia.iom.org/id.", "urls")


def test_identical_url_and_email_pass() -> None:
    assert "urls" not in found("Hubungi iomjakarta@iom.int atau https://iom.int/id.",
                               "Contact iomjakarta@iom.int or https://iom.int/id.")


def test_email_with_path_glued_on_is_reported() -> None:
    assert messages("Surel: a@iom.int", "E-mail: a@iom.int/en", "urls")


def test_missing_closing_placeholder_is_reported() -> None:
    assert messages("Baca <1>laporan</1> ini.", "Read <1>the report.", "placeholders") == [
        "placeholder </1> is missing"]


def test_misnested_placeholders_are_reported() -> None:
    assert messages("<1>a <2>b</2></1>", "<1>a <2>b</1></2>", "placeholders")


def test_moved_placeholders_pass() -> None:
    assert "placeholders" not in found("Baca <1>laporan lengkap</1> di sini.", "Read the <1>full report</1> here.")


def test_dropped_acronym_is_reported() -> None:
    assert messages("IOM dan BP2MI bekerja sama.", "IOM and the agency work together.", "names") == [
        'acronym "BP2MI" is missing from the translation']


def test_acronym_english_writes_differently_passes() -> None:
    assert "names" not in found("PBB dan LSM hadir.", "The UN and NGOs attended.")


def test_misspelled_person_name_is_reported() -> None:
    assert messages("Kepala Misi Louis Hoffmann hadir.", "Chief of Mission Louis Hofmann attended.",
                    "names") == ['name "Hoffmann" is spelled "Hofmann" in the translation']


def test_translated_place_and_title_words_are_not_names() -> None:
    assert "names" not in found("Pemerintah Jepang mendanai proyek di Jawa Timur.",
                                "The Government of Japan funded the project in East Java.")


# ------------------------------------------------------------------ language and copies

def test_indonesian_left_in_msgstr_is_reported() -> None:
    assert found("Pekerja migran pulang ke rumah.", "Pekerja migran kembali ke kampung halaman.") == {"language"}


def test_copy_of_indonesian_source_is_reported_once_as_identical() -> None:
    assert found("Baca selengkapnya", "Baca selengkapnya") == {"identical"}


def test_copy_of_names_and_acronyms_passes() -> None:
    assert found("IOM Indonesia", "IOM Indonesia") == set()


@pytest.mark.parametrize("same", ["Agenda", "2030 Agenda", "Indramayu", "Data"])
def test_copy_of_words_spelled_the_same_in_both_languages_passes(same: str) -> None:
    assert "identical" not in found(same, same)


def test_title_case_headline_words_are_not_taken_for_names() -> None:
    assert "names" not in found("Perubahan Iklim dan Bencana Picu Pengungsian Internal di Indonesia",
                                "Climate Change and Disasters Drive Internal Displacement in Indonesia")


# ------------------------------------------------------------------ surface

def test_trailing_space_added_is_reported() -> None:
    assert found("Berita terbaru", "Latest news ") == {"whitespace"}


def test_final_punctuation_changed_is_reported() -> None:
    assert messages("Apa itu migrasi aman?", "What is safe migration.", "punctuation") == [
        'the source ends with "?" but the translation ends with "."']


def test_punctuation_inside_closing_quote_is_looked_through() -> None:
    assert "punctuation" not in found('"Kami siap," kata dia.', '"We are ready," she said.')


def test_unclosed_bracket_is_reported() -> None:
    assert "brackets" in found("Kategori (3) rusak.", "Category (3 damaged.")


def test_quote_left_open_as_in_the_source_passes() -> None:
    assert "brackets" not in found('"Kami ingin setiap migran aman.', '"We want every migrant to be safe.')


def test_doubled_word_is_reported() -> None:
    assert messages("Pelatihan untuk polisi.", "Training for the the police.", "doubled") == ['doubled word "the the"']


def test_double_space_is_reported() -> None:
    assert "doubled" in found("Pelatihan untuk polisi.", "Training for  the police.")


def test_half_missing_translation_is_a_length_outlier() -> None:
    assert "length" in found("Para peserta belajar cara mengidentifikasi korban kerja paksa di atas kapal.",
                             "Participants learned how.")


def test_sentence_pasted_twice_is_a_length_outlier() -> None:
    assert "length" in found("Perempuan menghadapi risiko kekerasan yang lebih tinggi di pengungsian.",
                             "Women face a higher risk of violence in displacement. "
                             "Women face a higher risk of violence in displacement.")


def test_doubled_is_is_reported() -> None:
    assert "doubled" in found("Apa itu migrasi aman?", "What is is safe migration?")


def test_spelled_out_acronym_tolerates_spacing_and_case() -> None:
    assert "names" not in found("Perlindungan WNI di luar negeri.", "Protection of Indonesian  Citizens abroad.")


def test_short_labels_are_not_judged_on_length() -> None:
    assert "length" not in found("Penanggulangan Perdagangan Orang", "Counter-Trafficking")


# ------------------------------------------------------------------ catalogues

def test_same_msgid_translated_differently_is_reported_on_the_minority(tmp_path: Path) -> None:
    cats = {
        "a.po": parse_po(po(entry("Berita", "News"))),
        "b.po": parse_po(po(entry("Berita", "News"))),
        "c.po": parse_po(po(entry("Berita", "Latest news"))),
    }
    found_ = [f for f in check_catalogues(cats, lexicon=LEXICON) if f.check == "consistency"]
    assert [(f.file, f.message) for f in found_] == [("c.po", 'also translated as "News" (a.po:7)')]


def test_ignore_flag_silences_one_check_on_one_entry() -> None:
    cat = parse_po(po(entry("Ada 12.818 orang.", "There are 12.818 people.", "#, extractor-ignore:numbers\n"),
                      entry("Ada 2.818 orang.", "There are 2.818 people.")))
    assert [f.msgid for f in check_catalogues({"x.po": cat}, lexicon=LEXICON)] == ["Ada 2.818 orang."]


def test_ignore_translator_comment_survives_where_gettext_drops_flags() -> None:
    cat = parse_po(po(entry("Ada 12.818 orang", "There are 12.818 people.",
                            "# extractor-ignore: numbers, punctuation\n")))
    assert check_catalogues({"x.po": cat}, lexicon=LEXICON) == []


def test_untranslated_and_obsolete_entries_are_not_checked() -> None:
    text = po(entry("Baca selengkapnya", ""), '#~ msgid "Berita terbaru"\n#~ msgstr "Berita terbaru"\n')
    assert check_catalogues({"x.po": parse_po(text)}, lexicon=LEXICON) == []


def test_fuzzy_entries_are_checked() -> None:
    cat = parse_po(po(entry("Baca selengkapnya", "Baca selengkapnya", "#, fuzzy\n")))
    assert [f.check for f in check_catalogues({"x.po": cat}, lexicon=LEXICON)] == ["identical"]


def test_findings_are_counted_per_page() -> None:
    cat = parse_po(po(entry("Ada 12.818 orang.", "There are 12.818 people.", ref="/id/berita/a:3"),
                      entry("Ada 2.818 orang.", "There are 2.818 people", ref="/id/berita/a:4"),
                      entry("Berita", "Berita", ref="/id/kontak:1")))
    cats = {"x.po": cat}
    assert findings_per_page(check_catalogues(cats, lexicon=LEXICON), cats) == {
        "/id/berita/a": 3, "/id/kontak": 1}


def test_unknown_check_id_is_refused() -> None:
    with pytest.raises(ValueError, match="nosuch"):
        select_checks(["numbers", "nosuch"])


# ------------------------------------------------------------------ command line

@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(po(entry("Berita", "News"), entry("Apa itu migrasi?", "What is migration.")),
                                    encoding="utf-8")
    (folder / "content.po").write_text(po(entry("Ada 12.818 orang.", "There are 12.818 people.")), encoding="utf-8")
    return tmp_path / "locales"


def test_cli_prints_compiler_style_lines_sorted_by_file_and_exits_1_on_errors(
        locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--locales", str(locales)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        'locales/en/LC_MESSAGES/content.po:7: numbers: "12.818" keeps Indonesian notation: write "12,818"',
        'locales/en/LC_MESSAGES/site.po:11: punctuation: the source ends with "?" but the translation ends with "."',
    ]


def test_cli_warnings_alone_pass_unless_strict(locales: Path) -> None:
    assert main(["check", "--locales", str(locales), "--disable", "numbers"]) == 0
    assert main(["check", "--locales", str(locales), "--disable", "numbers", "--strict"]) == 1


def test_cli_enable_runs_only_the_named_checks(locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--locales", str(locales), "--enable", "punctuation", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {f["check"] for f in data["findings"]} == {"punctuation"}


def test_cli_json_lists_findings_and_summary(locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--locales", str(locales), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0] == {
        "file": "locales/en/LC_MESSAGES/content.po", "line": 7, "check": "numbers", "severity": "error",
        "message": '"12.818" keeps Indonesian notation: write "12,818"', "msgid": "Ada 12.818 orang."}
    assert (data["summary"]["errors"], data["summary"]["warnings"], data["summary"]["entries"]) == (1, 1, 3)


def _fresh_check(args: list[str], cwd: Path, seed: str) -> str:
    """`extractor check` output from a new Python process with ``seed`` as its hash seed, so
    set and dict order that changes between runs shows (one process always repeats itself)."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "extractor", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_cli_output_is_byte_identical_between_runs(locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--locales", str(locales), "--format", "json"])
    first = capsys.readouterr().out
    main(["check", "--locales", str(locales), "--format", "json"])
    assert capsys.readouterr().out == first
    args = ["--locales", "locales", "--format", "json"]
    assert _fresh_check(args, locales.parent, "1") == _fresh_check(args, locales.parent, "2") == first


def test_findings_on_the_labelled_set_do_not_depend_on_the_hash_seed() -> None:
    # Every kind of finding, consistency across entries included.
    args = ["--locales", "fixtures/check", "--format", "json"]
    first = _fresh_check(args, ROOT, "1")
    assert json.loads(first)["findings"]
    assert _fresh_check(args, ROOT, "2") == first


def test_cli_unknown_check_id_is_a_usage_error(locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--locales", str(locales), "--disable", "nosuch"])
    assert exc.value.code == 2
    assert "unknown check id(s): nosuch" in capsys.readouterr().err


def test_cli_missing_locales_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--locales", str(tmp_path / "nope")]) == 1
    assert capsys.readouterr().err.strip() == f"extractor: {tmp_path / 'nope'}: no such locales folder"


def test_readme_lists_every_check_with_its_severity() -> None:
    from extractor.check import CHECKS
    readme = (ROOT / "README.md").read_text("utf-8")
    assert all(f"| `{c.id}` | {c.severity} |" in readme for c in CHECKS)


def test_cli_malformed_catalogue_is_one_line_error_naming_file_and_line(
        locales: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = locales / "en" / "LC_MESSAGES" / "bad.po"
    bad.write_text(po(entry("Berita", "News")) + 'msgid "unterminated\n', encoding="utf-8")
    assert main(["check", "--locales", str(locales)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err == "extractor: locales/en/LC_MESSAGES/bad.po:9: unterminated string\n"


def test_plural_forms_are_checked_against_singular_and_plural_msgid() -> None:
    text = po('#: /id/a:1\nmsgid "%d orang"\nmsgid_plural "%d orang"\n'
              'msgstr[0] "%d person"\nmsgstr[1] "%d people."\n')
    assert [f.check for f in check_catalogues({"x.po": parse_po(text)}, lexicon=LEXICON)] == ["punctuation"]


def test_cli_help_explains_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert all(f"  {check_id} " in out for check_id in CHECK_IDS)


# ------------------------------------------------------------------ the labelled set

def _score() -> tuple[float, float]:
    cat = read_po(ROOT / "fixtures" / "check" / "check_set.po")
    labels = [json.loads(line) for line in (ROOT / "fixtures" / "check" / "labels.jsonl").read_text("utf-8").splitlines()]
    by_line = {e.line: (e.msgctxt, e.msgid) for e in cat.entries}
    got: dict[tuple, set[str]] = {}
    for f in check_catalogues({"set": cat}, lexicon=LEXICON):
        got.setdefault(by_line[f.line], set()).add(f.check)
    tp = fp = fn = 0
    for label in labels:
        want = {label["kind"]} if label["kind"] else set()
        have = got.get((label["msgctxt"], label["msgid"]), set())
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
    return tp / (tp + fp), tp / (tp + fn)


def test_labelled_set_precision_and_recall_stay_above_095() -> None:
    precision, recall = _score()
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_labelled_set_is_what_the_generator_makes() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_check_set as gen
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    import random
    rng = random.Random(gen.SEED)
    items = gen.build(rng)
    assert format_po(gen.catalogue(items, rng)) == (ROOT / "fixtures" / "check" / "check_set.po").read_text("utf-8")
