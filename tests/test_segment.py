"""Sentence segmentation: rules, hard cases, linear time, Page -> Segments, the CLI."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import benchmark_module

from extractor.model import Block, NavItem, Page, Span
from extractor.segment import segment_page, sentence_spans, split_sentences
from extractor.text import fold

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "segment"
DATA = ROOT.parent / "shared" / "data"


def check(text: str, *expected: str, lang: str = "id") -> None:
    assert split_sentences(text, lang) == list(expected)


def bench() -> ModuleType:
    """benchmarks/segment.py: the same gold readers, sets and scoring as the table."""
    return benchmark_module("segment")


# --- Indonesian rules, one per test -------------------------------------------------------------

def test_sentence_final_abbreviation_before_capital_ends_sentence() -> None:
    check("Peserta membawa KTP, KK, dll. Dokumen diperiksa.",
          "Peserta membawa KTP, KK, dll.", "Dokumen diperiksa.")


def test_sentence_final_abbreviation_before_lower_case_continues() -> None:
    check("Buku, pena, dsb. juga dibagikan.", "Buku, pena, dsb. juga dibagikan.")


def test_company_suffix_tbk_ends_sentence() -> None:
    check("Ia bekerja di PT Maju Tbk. Perusahaan itu besar.",
          "Ia bekerja di PT Maju Tbk.", "Perusahaan itu besar.")


def test_academic_degree_ends_sentence_before_capital() -> None:
    check("Laporan ditulis Ahmad, M.Si. Ia peneliti.", "Laporan ditulis Ahmad, M.Si.", "Ia peneliti.")


def test_degree_followed_by_lower_case_continues() -> None:
    check("Dibuka oleh Budi, S.H. dari dinas.", "Dibuka oleh Budi, S.H. dari dinas.")


def test_titles_never_end_a_sentence() -> None:
    check("Hadir Dr. Ani, Prof. Ir. Budi dan Bpk. Joko.", "Hadir Dr. Ani, Prof. Ir. Budi dan Bpk. Joko.")


def test_initial_before_name_does_not_split() -> None:
    check("Sambutan oleh A. Hasanah hari ini.", "Sambutan oleh A. Hasanah hari ini.")


def test_region_and_street_abbreviations_do_not_split() -> None:
    check("Kantor di Jl. Sudirman No. 5, Kec. Setiabudi, Kab. Bogor, Prov. Jawa Barat.",
          "Kantor di Jl. Sudirman No. 5, Kec. Setiabudi, Kab. Bogor, Prov. Jawa Barat.")


def test_currency_abbreviation_before_amount_does_not_split() -> None:
    check("Biayanya Rp. 12.818 per orang.", "Biayanya Rp. 12.818 per orang.")


def test_decimal_comma_and_thousands_dots_do_not_split() -> None:
    check("Naik 3,6% menjadi 12.818 orang. Turun lagi.", "Naik 3,6% menjadi 12.818 orang.", "Turun lagi.")


def test_dateline_stays_in_first_sentence() -> None:
    check("Jakarta, 28/10/2022, Migrasi aman adalah hak. Acara dimulai.",
          "Jakarta, 28/10/2022, Migrasi aman adalah hak.", "Acara dimulai.")


def test_date_range_and_month_abbreviation_do_not_split() -> None:
    check("Acara 24 – 26 Okt. 2022 di Bali.", "Acara 24 – 26 Okt. 2022 di Bali.")


def test_quotation_with_comma_inside_continues_with_speech_verb() -> None:
    check('"Kami siap membantu," ujarnya. Ia tersenyum.', '"Kami siap membantu," ujarnya.', "Ia tersenyum.")


def test_question_inside_quotes_followed_by_lower_case_continues() -> None:
    check('"Apa kabar?" tanya dia. Semua diam.', '"Apa kabar?" tanya dia.', "Semua diam.")


def test_closing_quote_and_bracket_after_full_stop_stay_with_sentence() -> None:
    check('Ia berkata, "Selesai." (Semua setuju.) Lalu pulang.',
          'Ia berkata, "Selesai."', "(Semua setuju.)", "Lalu pulang.")


def test_ellipsis_before_capital_ends_sentence() -> None:
    check("Ia dijanjikan gaji tinggi... Kenyataannya tidak.", "Ia dijanjikan gaji tinggi...", "Kenyataannya tidak.")


def test_ellipsis_before_lower_case_continues() -> None:
    check("Ia terdiam… lalu bicara.", "Ia terdiam… lalu bicara.")


def test_url_and_email_do_not_split_and_can_end_a_sentence() -> None:
    check("Lihat https://iom.int/id. Tulis ke info@iom.int. Terima kasih.",
          "Lihat https://iom.int/id.", "Tulis ke info@iom.int.", "Terima kasih.")


def test_numbered_items_keep_their_number() -> None:
    check("Langkahnya berikut. 1. Isi formulir. 2. Kirim.",
          "Langkahnya berikut.", "1. Isi formulir.", "2. Kirim.")


def test_lettered_items_keep_their_letter() -> None:
    check("Syaratnya dua. a. Sehat. b. Dewasa.", "Syaratnya dua.", "a. Sehat.", "b. Dewasa.")


def test_sentence_starting_with_prefixed_lower_case_term_splits() -> None:
    check("Bawa dokumen. e-KTP wajib dibawa.", "Bawa dokumen.", "e-KTP wajib dibawa.")


def test_lower_case_start_after_sentence_final_abbreviation_splits() -> None:
    check("Bawa KK, ijazah, dll. e-KTP juga.", "Bawa KK, ijazah, dll.", "e-KTP juga.")


def test_sentence_starting_with_lower_case_title_splits() -> None:
    check("Pemeriksaan dimulai. dr. Siti memimpin.", "Pemeriksaan dimulai.", "dr. Siti memimpin.")


def test_sentence_starting_with_digit_splits() -> None:
    check("Tahun lalu sulit. 2023 lebih baik.", "Tahun lalu sulit.", "2023 lebih baik.")


def test_whitespace_inside_sentence_is_folded() -> None:
    check("  Satu\n dua\u00a0 tiga.\t Empat.  ", "Satu dua tiga.", "Empat.")


def test_text_without_punctuation_is_one_sentence() -> None:
    check("Siapa Kami", "Siapa Kami")


def test_empty_text_has_no_sentence() -> None:
    check("   ")


def test_english_rules_apply_to_english() -> None:
    check("Mr. Smith arrived at 9 a.m. He left early, etc. Then rain.",
          "Mr. Smith arrived at 9 a.m.", "He left early, etc.", "Then rain.", lang="en")


def test_unknown_language_is_an_error() -> None:
    from extractor.errors import SegmentError

    with pytest.raises(SegmentError, match="no segmentation rules"):
        split_sentences("Bonjour.", "fr")


# --- Hard cases and real text ---------------------------------------------------------------

@pytest.mark.parametrize("lang,name", [("id", "id-hard.txt"), ("en", "en-hard.txt")])
def test_hard_case_file_is_segmented_as_gold(lang: str, name: str) -> None:
    wrong = [para for para in bench().gold_file(FIXTURES / name)
             if split_sentences(" ".join(para), lang) != para]
    assert wrong == []


def _ud_f1(set_name: str) -> float:
    b = bench()
    load = {"gsd": b.gsd_paragraphs, "gsd-adj": b.gsd_adjudicated, "pud": b.pud_paragraphs}[set_name]
    f1, *_ = b.score(lambda t: split_sentences(t, "id"), load())
    return f1


@pytest.mark.parametrize("set_name,floor", [("gsd-adj", 0.99), ("pud", 0.99), ("gsd", 0.94)])
def test_f1_on_ud_indonesian_stays_above_floor(set_name: str, floor: float) -> None:
    if not DATA.is_dir():
        pytest.skip("../shared/data not present: UD Indonesian GSD/PUD needed")
    # Floors at the target (0.99) or just under the measured figure (raw GSD, whose
    # units often hold two sentences: README, Figures): a rule that loses boundaries fails.
    assert _ud_f1(set_name) >= floor


# --- Invariants and bad input ------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. ?!…\"”)(\nAZ19,e-K")), max_size=80))
def test_sentences_are_the_folded_input_in_order(text: str) -> None:
    sentences = split_sentences(text)
    assert " ".join(sentences) == fold(text)
    assert all(s and s == fold(s) for s in sentences)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", ["kata ", ".", "a.b.c", "))))."])
def test_ten_megabyte_paragraph_without_sentence_breaks_is_fast(unit: str) -> None:
    text = unit * (10_000_000 // len(unit))
    t0 = time.perf_counter()
    spans = sentence_spans(text)
    assert time.perf_counter() - t0 < 10
    assert len(spans) == 1


@pytest.mark.timeout(30)
@pytest.mark.parametrize("unit", ["a. ", "Satu. ", "dll. x ", "kata ... "])
def test_time_grows_linearly_with_candidate_boundaries(unit: str) -> None:
    def seconds(n: int) -> float:
        text = unit * (n // len(unit))
        t0 = time.perf_counter()
        sentence_spans(text)
        return time.perf_counter() - t0

    small, big = seconds(20_000), seconds(400_000)
    # 20x the input may take at most 80x the time (slack for a busy machine); quadratic
    # behaviour would take ~400x.
    assert big < max(1.0, small * 80)


# --- Page -> Segments --------------------------------------------------------------------------

def _page(**kw: object) -> Page:
    base = dict(source="t.html", url=None, lang="id", title=None, date=None)
    base.update(kw)
    return Page(**base)  # type: ignore[arg-type]


def test_page_strings_come_in_page_order_with_anchors_and_roles() -> None:
    nav = (NavItem("Siapa Kami", None, description="Tentang IOM. Misi kami.",
                   children=(NavItem("Mitra Kami", "/mitra"),)),
           NavItem("Hubungi Kami", "/kontak"))
    page = _page(nav=nav, breadcrumbs=("Beranda", "Berita"), title="Berita Terbaru",
                 footer=("Kebijakan Privasi",),
                 blocks=(Block("heading", "Siaran Pers", "id", anchor="h1"),
                         Block("paragraph", "Satu kalimat. Dua kalimat.", "id", anchor="p1")))
    got = [(s.role, s.anchor, s.text) for s in segment_page(page)]
    assert got == [
        ("menu", "nav.1", "Siapa Kami"),
        ("menu_description", "nav.1.desc.1", "Tentang IOM."),
        ("menu_description", "nav.1.desc.2", "Misi kami."),
        ("menu", "nav.1.1", "Mitra Kami"),
        ("menu", "nav.2", "Hubungi Kami"),
        ("breadcrumb", "crumb.1", "Beranda"),
        ("breadcrumb", "crumb.2", "Berita"),
        ("title", "title", "Berita Terbaru"),
        ("footer", "footer.1", "Kebijakan Privasi"),
        ("heading", "h1.1", "Siaran Pers"),
        ("paragraph", "p1.1", "Satu kalimat."),
        ("paragraph", "p1.2", "Dua kalimat."),
    ]


def test_heading_and_table_cell_are_one_segment_each() -> None:
    page = _page(blocks=(Block("heading", "Satu. Dua.", "id", anchor="h1"),
                         Block("table_cell", "Tiga. Empat.", "id", anchor="t1")))
    assert [s.text for s in segment_page(page)] == ["Satu. Dua.", "Tiga. Empat."]


def test_language_neutral_sentence_of_indonesian_block_has_no_lang() -> None:
    page = _page(blocks=(Block("paragraph", "Migrasi aman untuk semua orang. 2030.", "id", anchor="p1"),))
    assert [(s.text, s.lang) for s in segment_page(page)] == [
        ("Migrasi aman untuk semua orang.", "id"), ("2030.", None)]


def test_english_sentence_in_indonesian_block_is_tagged_english() -> None:
    text = ("Kami bekerja keras untuk para pekerja migran dan keluarga mereka di seluruh "
            "Indonesia setiap hari. This is the summary.")
    page = _page(blocks=(Block("paragraph", text, "id", anchor="p1"),))
    assert [s.lang for s in segment_page(page)] == ["id", "en"]


def test_declared_block_language_wins_over_detection() -> None:
    page = _page(blocks=(Block("paragraph", "Dokumen BP2MI.", "en", anchor="p1", lang_declared=True),))
    assert [s.lang for s in segment_page(page)] == ["en"]


def test_detected_block_language_does_not_override_each_sentence() -> None:
    text = "Migrasi adalah bagian dari sejarah manusia. The training was attended by many agencies."
    page = _page(blocks=(Block("paragraph", text, "id", anchor="p1"),))
    assert [s.lang for s in segment_page(page)] == ["id", "en"]


def test_span_crossing_sentence_boundary_is_clipped_to_each_sentence() -> None:
    text = "Satu dua. Tiga empat."
    bold = Span("bold", text.index("dua"), text.index("Tiga") + 4, "b")
    page = _page(blocks=(Block("paragraph", text, "id", spans=(bold,), anchor="p1"),))
    first, second = segment_page(page)
    assert first.text[first.spans[0].start:first.spans[0].end] == "dua."
    assert second.text[second.spans[0].start:second.spans[0].end] == "Tiga"


def test_line_break_at_sentence_edge_is_dropped_and_inside_kept() -> None:
    text = "Satu dua. Tiga empat."
    spans = (Span("br", 9, 9, "br"), Span("br", 14, 14, "br"))
    page = _page(blocks=(Block("paragraph", text, "id", spans=spans, anchor="p1"),))
    first, second = segment_page(page)
    assert first.spans == ()
    assert [(s.kind, s.start) for s in second.spans] == [("br", 4)]


def test_link_spans_are_rebased_to_the_sentence() -> None:
    text = "Lihat laporan. Baca  panduan kami."
    link = Span("link", text.index("panduan"), text.index("panduan") + 7, "a", (("href", "/p"),))
    page = _page(blocks=(Block("paragraph", text, "id", spans=(link,), anchor="p1"),))
    second = segment_page(page)[1]
    assert second.text == "Baca panduan kami."
    assert second.text[second.spans[0].start:second.spans[0].end] == "panduan"
    assert second.spans[0].attrs == (("href", "/p"),)


# --- The command line ---------------------------------------------------------------------------

def _cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "extractor", "segment", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=60)


def test_cli_prints_sentences_and_blank_line_between_paragraphs() -> None:
    done = _cli(stdin="Satu dll. Dua.\n\n\nTiga\n empat.\n".encode())
    assert done.returncode == 0
    assert done.stdout.decode() == "Satu dll.\nDua.\n\nTiga empat.\n"


def test_cli_empty_input_prints_nothing() -> None:
    done = _cli("-")
    assert (done.returncode, done.stdout) == (0, b"")


def test_cli_undecodable_input_names_file_and_byte_offset(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Satu.\n\xff dua.")
    done = _cli(str(bad))
    assert done.returncode == 1 and done.stdout == b""
    message = done.stderr.decode().strip()
    assert len(message.splitlines()) == 1
    assert str(bad) in message and re.search(r"byte offset 6\b", message)


def test_cli_english_rules_with_lang_option() -> None:
    done = _cli("--lang", "en", stdin=b"Mr. Smith came. He left.")
    assert done.stdout.decode() == "Mr. Smith came.\nHe left.\n"
