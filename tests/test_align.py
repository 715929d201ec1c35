"""Alignment: anchors, links, scores, the `extractor align` command and page pairing."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.align import align_texts
from extractor.align_pages import align_sources, align_structured
from extractor.anchors import anchors
from extractor.cli import main
from extractor.errors import AlignError
from extractor.model import Page, Segment
from extractor.pairing import pair_pages
from extractor.parse import parse_file
from extractor.profile import load_profile
from extractor.segment import segment_page

from gettext_tools import msgfmt_check

ROOT = Path(__file__).resolve().parents[1]
PUD = ROOT.parent / "shared" / "data" / "ud-pud"
THRESHOLD = 0.6

ID = [
    "IOM Indonesia menyelenggarakan pelatihan bagi 45 petugas imigrasi di Jakarta pada 12 Agustus 2023.",
    "Pelatihan ini didanai oleh Pemerintah Australia melalui program senilai 3,6 juta dolar.",
    "Menurut data BNPB, sebanyak 12.818 orang mengungsi akibat banjir di Kalimantan Selatan.",
    "Para peserta belajar tentang pelindungan pekerja migran dan pencegahan perdagangan orang.",
    "Informasi lebih lanjut dapat diperoleh melalui iomjakarta@iom.int atau https://indonesia.iom.int/id.",
    "Kegiatan ini merupakan bagian dari komitmen IOM untuk mendukung migrasi yang aman dan teratur.",
]
EN = [
    "IOM Indonesia held a training for 45 immigration officers in Jakarta on 12 August 2023.",
    "The training was funded by the Government of Australia through a programme worth 3.6 million dollars.",
    "According to BNPB data, 12,818 people were displaced by floods in South Kalimantan.",
    "Participants learned about the protection of migrant workers and the prevention of human trafficking.",
    "More information is available from iomjakarta@iom.int or https://indonesia.iom.int/id.",
    "This activity is part of IOM's commitment to supporting safe and orderly migration.",
]
UNRELATED_EN = [
    "The museum reopened its west wing after a long renovation of the old roof.",
    "Visitors can now see paintings that had been kept in storage for years.",
    "A new café on the ground floor serves coffee and light lunches every day.",
    "Guided tours start at the main entrance on the hour throughout the weekend.",
    "School groups are asked to book their visit at least a week ahead.",
    "The gift shop sells prints, postcards and books about local history.",
]


def write_txt(path: Path, paragraphs: list[str]) -> Path:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def links(src: list[str], tgt: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(l.source, l.target) for l in align_texts(src, tgt)]


def test_indonesian_decimal_comma_meets_english_decimal_point() -> None:
    assert anchors("naik 3,6% tahun ini", "id") == anchors("up 3.6% this year", "en")


def test_indonesian_thousands_dot_meets_english_thousands_comma() -> None:
    assert anchors("12.818 orang", "id") == anchors("12,818 people", "en")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "5", "25", "125"]))
def test_a_number_in_indonesian_notation_meets_the_same_number_in_english(whole: int, frac: str) -> None:
    english = f"{whole:,}" + (f".{frac}" if frac else "")
    indonesian = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert anchors(f"sebanyak {indonesian} orang", "id") == anchors(f"some {english} people", "en")


def test_month_and_weekday_names_meet_across_languages() -> None:
    assert anchors("Senin, 12 Agustus 2023", "id") == anchors("Monday, 12 August 2023", "en")


def test_acronyms_urls_and_emails_are_anchors() -> None:
    found = anchors("Hubungi IOM di info@iom.int atau https://www.iom.int/.", "id")
    assert {"acr:IOM", "mail:info@iom.int", "url:iom.int"} <= set(found)


def test_parallel_paragraphs_link_one_to_one_with_high_scores() -> None:
    result = align_texts(ID, EN)
    assert [(l.source, l.target) for l in result] == [((i,), (i,)) for i in range(len(ID))]
    assert all(l.score >= THRESHOLD for l in result)


def test_two_indonesian_sentences_translated_as_one_give_a_two_to_one_link() -> None:
    src = ID[:2] + [ID[2] + " " + ID[3]] + ID[4:]
    assert ((2,), (2, 3)) in links(src, EN)
    tgt = EN[:2] + [EN[2] + " " + EN[3]] + EN[4:]
    assert ((2, 3), (2,)) in links(ID, tgt)


def test_sentence_missing_from_the_translation_is_a_one_to_zero_link() -> None:
    result = links(ID, EN[:2] + EN[3:])
    assert ((2,), ()) in result
    assert ((3,), (2,)) in result


def test_sentence_only_in_the_translation_is_a_zero_to_one_link() -> None:
    result = links(ID[:2] + ID[3:], EN)
    assert ((), (2,)) in result


def test_unrelated_texts_have_no_link_above_the_threshold() -> None:
    assert all(l.score < THRESHOLD for l in align_texts(ID, UNRELATED_EN))


texts = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40), max_size=12)


@settings(max_examples=60, deadline=None)
@given(texts, texts)
def test_every_segment_of_both_sides_is_in_exactly_one_link_in_order(src: list[str], tgt: list[str]) -> None:
    result = align_texts(src, tgt)
    assert [i for l in result for i in l.source] == list(range(len(src)))
    assert [j for l in result for j in l.target] == list(range(len(tgt)))
    assert all(0.0 <= l.score <= 1.0 for l in result)
    assert all(len(l.source) <= 2 and len(l.target) <= 2 for l in result)


def test_alignment_time_grows_about_linearly_with_length() -> None:
    rng = random.Random(5)
    order = list(range(len(ID)))
    src: list[str] = []
    tgt: list[str] = []
    for _ in range(200):
        rng.shuffle(order)
        src.extend(ID[k] for k in order)
        tgt.extend(EN[k] for k in order)
    start = time.perf_counter()
    result = align_texts(src, tgt)
    assert time.perf_counter() - start < 20
    assert sum(1 for l in result if l.source == l.target) >= 0.95 * len(src)


def test_align_json_pairs_every_paragraph_and_joins_n_to_m_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_txt(tmp_path / "id.txt", ID[:4] + ID[5:])
    tgt = write_txt(tmp_path / "en.txt", EN[:2] + [EN[2] + " " + EN[3]] + EN[4:])
    # Indonesian 2 and 3 translated as one English paragraph; English 4 has no Indonesian.
    assert main(["align", str(src), str(tgt), "--format", "json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert {"id", "en", "score"} == set(pairs[0])
    assert [(p["id"], p["en"]) for p in pairs] == [
        (ID[0], EN[0]), (ID[1], EN[1]), (ID[2] + " " + ID[3], EN[2] + " " + EN[3]), ("", EN[4]),
        (ID[5], EN[5]),
    ]
    assert pairs[3]["score"] == 0.0


def test_a_txt_paragraph_is_one_segment_never_re_split(tmp_path: Path) -> None:
    para = ID[0] + " " + ID[1]
    src = write_txt(tmp_path / "id.txt", [para, ID[2]])
    tgt = write_txt(tmp_path / "en.txt", [EN[0] + " " + EN[1], EN[2]])
    pairs = align_sources(src, tgt)
    assert [p.source for p in pairs] == [para, ID[2]]


def test_align_po_output_is_a_catalogue_msgfmt_accepts(tmp_path: Path) -> None:
    src = write_txt(tmp_path / "id.txt", ID)
    tgt = write_txt(tmp_path / "en.txt", EN)
    out = subprocess.run([sys.executable, "-m", "extractor", "align", str(src), str(tgt), "--format", "po"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    (tmp_path / "a.po").write_text(out.stdout, encoding="utf-8")
    msgfmt_check(tmp_path / "a.po")
    assert f'msgstr "{EN[0]}"' in out.stdout.replace('"\n"', "")


def test_both_sides_in_one_language_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_txt(tmp_path / "a.txt", EN)
    tgt = write_txt(tmp_path / "b.txt", UNRELATED_EN)
    assert main(["align", str(src), str(tgt)]) == 1
    err = capsys.readouterr().err
    assert "same language" in err and "a.txt" in err


def test_an_empty_side_is_a_clear_error(tmp_path: Path) -> None:
    src = write_txt(tmp_path / "id.txt", ID)
    tgt = write_txt(tmp_path / "en.txt", [])
    with pytest.raises(AlignError, match="no text"):
        align_sources(src, tgt)


def test_wildly_different_lengths_are_a_clear_error(tmp_path: Path) -> None:
    src = write_txt(tmp_path / "id.txt", ID * 6)
    tgt = write_txt(tmp_path / "en.txt", EN[:1])
    with pytest.raises(AlignError, match="differ too much in length"):
        align_sources(src, tgt)


def test_pud_documents_align_with_link_f1_of_at_least_095() -> None:
    if not PUD.exists():
        pytest.skip("../shared/data not present: the PUD parallel treebanks are needed")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import align as bench  # benchmarks/align.py builds the corpus
    finally:
        sys.path.pop(0)
    tasks = [bench.perturb(d, random.Random(7 + k)) for k, d in enumerate(bench.documents())]
    assert bench.f1(tasks, bench.ours)[2] >= 0.95
    assert bench.f1(bench.page_sized(tasks), bench.ours)[2] >= 0.95


SITE = ROOT / "fixtures" / "site"


def site_pages(lang: str) -> list[Page]:
    profile = load_profile("iom-drupal")
    return [parse_file(p, profile) for p in sorted((SITE / lang).rglob("*.html"))]


def test_menu_items_align_by_position_in_the_menu_tree() -> None:
    pairs = align_sources(SITE / "id" / "siapa-kami.html", SITE / "en" / "who-we-are.html")
    by_anchor = {p.source_segments[0].anchor: p for p in pairs if p.source_segments}
    assert (by_anchor["nav.1"].source, by_anchor["nav.1"].target) == ("Siapa Kami", "Who We Are")
    assert (by_anchor["nav.2.1"].source, by_anchor["nav.2.1"].target) == ("Apa yang kami lakukan", "What we do")
    assert by_anchor["crumb.1"].target == "Home"
    assert by_anchor["title"].target == "Who We Are"
    assert all(by_anchor[a].score >= THRESHOLD for a in ("nav.1", "nav.2.1", "crumb.1", "title"))


def test_untranslated_paragraph_of_an_html_page_is_left_unaligned() -> None:
    pairs = align_sources(
        SITE / "id" / "news" / "bp2mi-dan-iom-perkuat-pelindungan-pekerja-migran-indonesia-di-jawa-barat.html",
        SITE / "en" / "news" / "bp2mi-and-iom-strengthen-protection-indonesian-migrant-workers-west-java.html")
    missing = [p for p in pairs if p.source.startswith("Akademisi Universitas Padjadjaran")]
    assert len(missing) == 1 and missing[0].target == "" and missing[0].score == 0.0


def test_pages_pair_through_hreflang_and_a_page_without_twin_is_listed() -> None:
    pairing = pair_pages(site_pages("id"), site_pages("en"))
    names = {Path(p.source.source).name: Path(p.target.source).name for p in pairing.pairs}
    assert names["siapa-kami.html"] == "who-we-are.html"
    assert len(pairing.pairs) == 9
    assert pairing.unpaired_source == ("https://indonesia.iom.int/id/news/pengumuman-lowongan-konsultan",)


def test_switcher_pointing_at_the_home_page_is_not_a_twin() -> None:
    page = Page("a.html", "https://example.org/id/berita/lowongan", "id", "Lowongan", None,
                alternates={"en": "https://example.org/"})
    home = Page("home.html", "https://example.org/", "en", "Home", None)
    assert pair_pages([page], [home]).unpaired_source == ("https://example.org/id/berita/lowongan",)


def test_without_alternates_the_site_url_pattern_pairs_pages() -> None:
    page = Page("a.html", "https://example.org/id/siapa-kami", "id", "Siapa Kami", None)
    twin = Page("b.html", "https://example.org/siapa-kami/", "en", "Who We Are", None)
    pairing = pair_pages([page], [twin])
    assert [(p.target.source, p.how) for p in pairing.pairs] == [("b.html", "url-pattern")]


def test_every_segment_of_every_fixture_pair_is_in_exactly_one_pair() -> None:
    for pair in pair_pages(site_pages("id"), site_pages("en")).pairs:
        src, tgt = segment_page(pair.source), segment_page(pair.target)
        pairs = align_structured(src, tgt)
        assert sorted(s.anchor for p in pairs for s in p.source_segments) == sorted(s.anchor for s in src)
        assert sorted(s.anchor for p in pairs for s in p.target_segments) == sorted(s.anchor for s in tgt)
        assert all(p.source_segments or p.target_segments for p in pairs)


def test_breadcrumb_trails_of_different_length_match_home_and_current_page() -> None:
    src = [Segment("Beranda", "id", "breadcrumb", "crumb.1"), Segment("Berita", "id", "breadcrumb", "crumb.2"),
           Segment("Lowongan Konsultan", "id", "breadcrumb", "crumb.3")]
    tgt = [Segment("Home", "en", "breadcrumb", "crumb.1"), Segment("Consultant Vacancy", "en", "breadcrumb", "crumb.2")]
    pairs = [(p.source, p.target) for p in align_structured(src, tgt)]
    assert pairs == [("Beranda", "Home"), ("Berita", ""), ("Lowongan Konsultan", "Consultant Vacancy")]
