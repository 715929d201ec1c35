"""The page model's rules, one behaviour per test, on small in-memory pages."""
from __future__ import annotations

import string
from pathlib import Path

import pytest
from lxml import etree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ParseError
from extractor.model import Page
from extractor.parse import parse_bytes
from extractor.profile import load_profile
from extractor.text import fold, is_folded


def page_of(body: str, head: str = "", lang: str = "id", profile: str = "iom-drupal",
            content_type: str | None = None) -> Page:
    html = f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    return parse_bytes(html.encode("utf-8"), "test.html", content_type=content_type,
                       profile=load_profile(profile))


def article(body: str, title: str = "Judul berita", meta: str = "") -> str:
    return (f'<main id="main-content"><article class="node node--view-mode-full">'
            f'<h1 class="page-title">{title}</h1><div class="node__meta">{meta}</div>'
            f'<div class="field field--name-body">{body}</div></article></main>')


def texts(page: Page) -> list[str]:
    return [b.text for b in page.blocks]


MEGA_MENU = """
<nav id="block-iom-main-menu" class="menu--main"><h2 class="visually-hidden">Navigasi utama</h2>
<ul class="menu"><li class="dropdown"><a href="/id/siapa-kami">Siapa Kami</a>
<div class="dropdown-menu mega-menu"><div class="mega-menu__intro"><h3 class="mega-menu__title">Siapa Kami</h3>
<p class="mega-menu__description">Organisasi Internasional untuk Migrasi (IOM) adalah bagian dari Sistem PBB.</p></div>
<ul><li><a href="/id/siapa-kami">Tentang</a></li><li><a href="https://www.iom.int/">IOM Global</a></li></ul></div></li>
<li><button type="button">Kerja Kami</button><div class="dropdown-menu"><h3>Kerja Kami</h3><p>Sebagai organisasi.</p>
<ul><li><a href="/id/apa">Apa yang kami lakukan</a></li></ul></div></li>
<li><a href="/id/data" title="Publikasi dan data">Data dan sumber informasi</a>
<a href="/id/data" class="visually-hidden">Data dan sumber informasi</a></li></ul></nav>
<div class="offcanvas" aria-hidden="true"><nav><ul><li><a href="/id/siapa-kami">Siapa Kami</a></li></ul></nav></div>
"""
HEAD = '<link rel="canonical" href="https://indonesia.iom.int/id/news/x">'


def test_dropdown_heading_is_not_glued_to_description() -> None:
    page = page_of(MEGA_MENU + article("<p>Isi.</p>"), HEAD)
    first = page.nav[0]
    assert first.label == "Siapa Kami"
    assert first.description == "Organisasi Internasional untuk Migrasi (IOM) adalah bagian dari Sistem PBB."
    assert [c.label for c in first.children] == ["Tentang", "IOM Global"]


def test_mobile_copies_and_hidden_duplicates_are_not_extra_nav_items() -> None:
    page = page_of(MEGA_MENU + article("<p>Isi.</p>"), HEAD)
    assert [n.label for n in page.nav] == ["Siapa Kami", "Kerja Kami", "Data dan sumber informasi"]


def test_parent_rendered_as_button_has_no_url() -> None:
    page = page_of(MEGA_MENU + article("<p>Isi.</p>"), HEAD)
    assert page.nav[1].url is None and page.nav[1].description == "Sebagai organisasi."


def test_link_title_attribute_is_the_description() -> None:
    page = page_of(MEGA_MENU + article("<p>Isi.</p>"), HEAD)
    assert page.nav[2].description == "Publikasi dan data"


def test_nav_urls_are_absolute_against_the_canonical_url() -> None:
    page = page_of(MEGA_MENU + article("<p>Isi.</p>"), HEAD)
    assert page.nav[0].url == "https://indonesia.iom.int/id/siapa-kami"


def test_breadcrumbs_keep_unlinked_current_crumb_but_not_hidden_heading() -> None:
    crumbs = ('<nav class="breadcrumb"><h2 class="visually-hidden">Anda di sini</h2><ol>'
              '<li><a href="/id">Beranda</a></li><li><a href="/id/berita">Berita</a></li>'
              '<li>Judul berita</li></ol></nav>')
    assert page_of(crumbs + article("<p>Isi.</p>")).breadcrumbs == ("Beranda", "Berita", "Judul berita")


def test_title_is_the_h1_without_site_suffix_and_falls_back_to_title_tag() -> None:
    assert page_of(article("<p>Isi.</p>", title="Pelatihan EMM 2.0")).title == "Pelatihan EMM 2.0"
    page = page_of("<main><p>Isi.</p></main>", "<title>Berita Terbaru | IOM Indonesia</title>")
    assert page.title == "Berita Terbaru"


def test_lang_is_primary_subtag_lower_case() -> None:
    assert page_of("<p>x</p>", lang="id-ID").lang == "id"


def test_block_types_follow_the_markup() -> None:
    body = ("<h2>Sub judul</h2><p>Paragraf.</p><ul><li>Satu</li><li>Dua</li></ul>"
            "<blockquote><p>Kutipan satu.</p><p>Kutipan dua.</p></blockquote>"
            "<figure><img alt='teks alt' src='a.jpg'><figcaption>Keterangan foto</figcaption></figure>"
            "<table><caption>Tabel 1</caption><tr><th>Provinsi</th><th></th></tr><tr><td>Aceh</td><td>12</td></tr></table>")
    page = page_of(article(body))
    assert [(b.type, b.text) for b in page.blocks] == [
        ("heading", "Sub judul"), ("paragraph", "Paragraf."), ("list_item", "Satu"),
        ("list_item", "Dua"), ("quote", "Kutipan satu."), ("quote", "Kutipan dua."),
        ("caption", "Keterangan foto"), ("caption", "Tabel 1"), ("table_cell", "Provinsi"),
        ("table_cell", "Aceh"), ("table_cell", "12")]


def test_inline_markup_is_flattened_without_added_spaces() -> None:
    page = page_of(article("<p>Emisi CO<sub>2</sub> dan <b>B</b>P2MI&nbsp;&amp; <i>mitra</i>.</p>"))
    assert texts(page) == ["Emisi CO2 dan BP2MI & mitra."]


def test_br_becomes_one_space_and_is_kept_as_a_span() -> None:
    page = page_of(article("<p>Baris satu<br>baris dua <a href='/x'>tautan</a></p>"))
    block = page.blocks[0]
    assert block.text == "Baris satu baris dua tautan"
    kinds = {s.kind: s for s in block.spans}
    assert kinds["br"].start == kinds["br"].end == len("Baris satu")
    link = kinds["link"]
    assert block.text[link.start:link.end] == "tautan" and ("href", "/x") in link.attrs


_PIECES = st.sampled_from([" ", "  ", "\n", "\u00a0", "\u200b", "kata", "e\u0301", "<br>", "<img src=x>",
                           "<b> tebal </b>", "<i>miring</i>", "<span> </span>"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(_PIECES, max_size=4), st.lists(_PIECES, max_size=3)), min_size=1, max_size=4))
def test_link_spans_cover_exactly_their_link_text(runs: list[tuple[list[str], list[str]]]) -> None:
    # Text is folded as it is built; every span must still point at its element's text.
    html = "".join(f"{''.join(before)}<a href='/l{i}'>{''.join(inside)}</a>" for i, (before, inside) in enumerate(runs))
    page = page_of(article(f"<p>x {html} y</p>"))
    block = page.blocks[0]
    assert is_folded(block.text)
    links = [s for s in block.spans if s.kind == "link"]
    root = etree.fromstring(f"<p>{html}</p>", etree.HTMLParser())
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    want = [fold("".join(a.itertext())) for a in root.iter("a")]
    # (a link holding only whitespace keeps the one space it adds: a span with no words)
    assert [t for t in (block.text[s.start:s.end].strip() for s in links) if t] == [w for w in want if w]
    for s in block.spans:
        assert 0 <= s.start <= s.end <= len(block.text)
        if s.kind == "br":
            assert s.start == len(block.text) or block.text[s.start] == " "


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2007\u202f\u3000\u200b\ufeffaB\u00e9e\u0301\u2028")), max_size=30))
def test_fold_is_the_whitespace_rule_of_the_model(text: str) -> None:
    # fold takes a fast path (str.split) for what the rule's regular expression folds.
    import re
    import unicodedata
    rule = re.compile(r"[\s\u00a0\u200b\u2007\u202f\ufeff]+")
    assert fold(text) == rule.sub(" ", unicodedata.normalize("NFC", text)).strip()


def test_boilerplate_never_reaches_blocks() -> None:
    body = ("<p>Isi berita.</p><script>var a='Siapa';</script><style>p{}</style>"
            "<noscript>Aktifkan JavaScript</noscript><div class='visually-hidden'>tersembunyi</div>"
            "<div style='display: none'>juga tersembunyi</div><p hidden>hid</p>"
            "<form class='newsletter-signup'><label>Surel</label></form>"
            "<script type='application/ld+json'>{\"headline\": \"x\"}</script>")
    html = (article(body) + '<div id="sliding-popup" class="eu-cookie-compliance-banner"><p>Kami menggunakan cookie</p></div>'
            '<footer class="site-footer"><p>Hubungi kami</p></footer>')
    assert texts(page_of(html)) == ["Isi berita."]


def test_share_links_tags_and_related_news_are_not_blocks() -> None:
    html = ('<main id="main-content"><article class="node node--view-mode-full"><h1 class="page-title">J</h1>'
            '<div class="field--name-body"><p>Isi.</p></div><div class="field--name-field-tags"><a>Migrasi</a></div>'
            '<div class="share-buttons"><a>Twitter</a></div><div class="related-news"><h2>Berita terkait</h2>'
            '<p>Teaser lain.</p></div></article></main>')
    assert texts(page_of(html)) == ["Isi."]


def test_unclosed_inline_tag_does_not_glue_paragraph_to_list() -> None:
    page = page_of(article("<p>Teks <b>tebal<ul><li>satu<li>dua</ul>"))
    assert texts(page) == ["Teks tebal", "satu", "dua"]


def test_malformed_word_markup_is_tolerated() -> None:
    body = ("<P CLASS=MsoNormal><SPAN STYLE='mso-bidi-font-family:Calibri'>Paragraf Word<o:p></o:p></SPAN>"
            "<P>Kedua tanpa penutup<DIV>Blok<LI>butir")
    assert texts(page_of(article(body))) == ["Paragraf Word", "Kedua tanpa penutup", "Blok", "butir"]


def test_lang_attribute_wins_over_detection() -> None:
    page = page_of(article('<p lang="en">Siapa Kami adalah organisasi.</p>'))
    assert page.blocks[0].lang == "en"


def test_english_paragraph_on_indonesian_page_is_english() -> None:
    page = page_of(article("<p>Migration is a fundamental part of human history and it benefits everyone.</p>"
                           "<p>Migrasi adalah bagian dari sejarah manusia dan bermanfaat bagi semua.</p>"))
    assert [b.lang for b in page.blocks] == ["en", "id"]


@pytest.mark.parametrize("meta, expected", [
    ('<time datetime="2022-10-27T17:00:00Z">28 Oktober 2022</time>', "2022-10-28"),
    ("<time>23 Okt 2023</time>", "2023-10-23"),
    ("<time>Kamis, 18 Januari 2024</time>", "2024-01-18"),
    ('<time datetime="2024-01-18T09:00:00+07:00"></time>', "2024-01-18"),
])
def test_date_is_the_local_publication_date(meta: str, expected: str) -> None:
    assert page_of(article("<p>Isi.</p>", meta=meta)).date == expected


def test_english_visible_date_is_read() -> None:
    assert page_of(article("<p>Text.</p>", meta="<time>October 28, 2022</time>"), lang="en").date == "2022-10-28"


def test_dateline_gives_the_date_day_first_on_indonesian_pages() -> None:
    page = page_of(article("<p>Jakarta, 05/10/2022, Migrasi internasional terus meningkat.</p>"))
    assert page.date == "2022-10-05"


def test_last_updated_and_copyright_are_not_publication_dates() -> None:
    html = article("<p>Isi tanpa tanggal.</p>") + "<footer><p>Terakhir diperbarui: 2 Februari 2024</p><p>© 2024 IOM</p></footer>"
    assert page_of(html).date is None


def test_alternates_from_hreflang_links_include_the_page_itself() -> None:
    head = (HEAD + '<link rel="alternate" hreflang="en" href="https://indonesia.iom.int/news/x">'
            '<link rel="alternate" hreflang="id" href="/id/news/x">')
    assert page_of(article("<p>x</p>"), head).alternates == {
        "en": "https://indonesia.iom.int/news/x", "id": "https://indonesia.iom.int/id/news/x"}


def test_alternates_fall_back_to_the_language_switcher() -> None:
    switcher = ('<div class="language-switcher-language-url"><ul><li><a href="/news/x" hreflang="en">English</a></li>'
                '<li><a href="/id/news/x" hreflang="id">Bahasa Indonesia</a></li></ul></div>')
    page = page_of(switcher + article("<p>x</p>"), HEAD)
    assert page.alternates == {"en": "https://indonesia.iom.int/news/x", "id": "https://indonesia.iom.int/id/news/x"}


def test_listing_items_are_separate_blocks() -> None:
    rows = "".join(
        f'<div class="views-row"><article class="node--view-mode-teaser"><h3><a href="/id/news/{i}">Judul {i}</a></h3>'
        f'<div class="node__meta"><time>2{i} Oktober 2022</time></div><div class="teaser"><p>Ringkasan {i}.</p></div></article></div>'
        for i in range(1, 4))
    page = page_of(f'<main id="main-content"><h1 class="page-title">Berita</h1><div class="view">{rows}</div></main>')
    assert page.title == "Berita"
    assert texts(page)[:3] == ["Judul 1", "21 Oktober 2022", "Ringkasan 1."]
    assert len(page.blocks) == 9


def test_windows_1252_declared_by_http_equiv_decodes_right() -> None:
    html = ('<html lang="id"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
            '<body><main><p>\u201cKutipan\u201d \u2013 Jos\u00e9</p></main></body></html>')
    page = parse_bytes(html.encode("cp1252"), "x.html")
    assert page.blocks[0].text == "\u201cKutipan\u201d \u2013 Jos\u00e9"
    assert (page.encoding, page.encoding_source) == ("cp1252", "meta")


def test_http_header_charset_wins_over_meta() -> None:
    html = '<html><head><meta charset="utf-8"></head><body><main><p>Jos\u00e9</p></main></body></html>'
    page = parse_bytes(html.encode("cp1252"), "x", content_type="text/html; charset=windows-1252")
    assert page.blocks[0].text == "Jos\u00e9" and page.encoding_source == "http-header"


def test_undeclared_legacy_encoding_is_detected() -> None:
    html = "<html><body><main><p>Organisasi \u201cmigrasi\u201d yang manusiawi dan teratur \u2013 Jos\u00e9.</p></main></body></html>"
    page = parse_bytes(html.encode("cp1252"), "x")
    assert page.encoding_source == "detected" and "\u201cmigrasi\u201d" in page.blocks[0].text


@pytest.mark.parametrize("bad", [b"\x93", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82"])
def test_bytes_invalid_in_declared_utf8_become_replacement_characters(bad: bytes) -> None:
    # libxml2 reads UTF-8 pages undecoded; a page it flags is decoded by Python instead.
    html = b'<html><head><meta charset="utf-8"></head><body><main><p>caf\xc3\xa9 ' + bad + b' akhir</p></main></body></html>'
    text = parse_bytes(html, "x").blocks[0].text
    assert text == fold(html.decode("utf-8", errors="replace").split("<p>")[1].split("</p>")[0])
    assert "\ufffd" in text and text.startswith("caf\u00e9") and text.endswith("akhir")


def test_utf8_byte_order_mark_and_utf16_pages_read_right() -> None:
    html = "<html><body><main><p>Jos\u00e9 \u2013 migran</p></main></body></html>"
    for data in (b"\xef\xbb\xbf" + html.encode("utf-8"), html.encode("utf-16")):
        page = parse_bytes(data, "x")
        assert page.blocks[0].text == "Jos\u00e9 \u2013 migran" and page.encoding_source == "bom"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"   \n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b'{"pages": []}', "not an HTML document"), (b"just some words, no markup", "not an HTML document"),
])
def test_bad_input_raises_parse_error_naming_the_source(data: bytes, message: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_bytes(data, "bad.html")
    assert message in str(err.value) and str(err.value).startswith("bad.html:")


_TAGS = ["p", "div", "span", "b", "a", "li", "ul", "h2", "table", "td", "tr", "br", "blockquote",
         "script", "nav", "main", "article", "h1", "time", "sub", "font", "P", "LI"]
_fragment = st.recursive(
    st.text(alphabet=string.ascii_letters + " \u00a0\t\n&;<>\"'/=Ééü", max_size=20),
    lambda inner: st.builds(lambda tag, kids, close: f"<{tag}>{''.join(kids)}" + (f"</{tag}>" if close else ""),
                            st.sampled_from(_TAGS), st.lists(inner, max_size=4), st.booleans()),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment, min_size=1, max_size=5))
def test_arbitrary_html_never_crashes_and_blocks_are_folded(parts: list[str]) -> None:
    html = "<html><body>" + "".join(parts) + "</body></html>"
    try:
        page = parse_bytes(html.encode("utf-8"), "fuzz.html")
    except ParseError:
        return  # a clear, named refusal is the promised behaviour for non-HTML
    for block in page.blocks:
        assert is_folded(block.text), block
        for span in block.spans:
            assert 0 <= span.start <= span.end <= len(block.text)



def test_control_characters_next_to_hidden_elements_do_not_crash() -> None:
    page = page_of(article("<p>Awal <span hidden>x</span>\x01akhir\x02 teks.</p>"))
    assert texts(page) == ["Awal akhir teks."]


def test_malformed_link_urls_are_kept_as_written() -> None:
    head = '<link rel="canonical" href="http://[broken">'
    nav = '<nav id="block-iom-main-menu"><ul><li><a href="http://[x">Berita</a></li></ul></nav>'
    page = page_of(nav + article("<p>Isi.</p>"), head)
    assert page.url == "http://[broken" and page.nav[0].url == "http://[x"


_FIXTURE_PAGES = sorted((Path(__file__).resolve().parents[1] / "fixtures").rglob("*.html"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(_FIXTURE_PAGES) - 1), st.floats(0, 1), st.floats(0, 1), st.binary(max_size=40))
def test_damaged_real_pages_give_a_model_or_a_parse_error(which: int, cut: float, at: float, junk: bytes) -> None:
    data = _FIXTURE_PAGES[which].read_bytes()
    data = data[: int(len(data) * max(cut, 0.05))]
    pos = int(len(data) * at)
    data = data[:pos] + junk + data[pos:]
    try:
        page = parse_bytes(data, "damaged.html", profile=load_profile("iom-drupal"))
    except ParseError:
        return
    for block in page.blocks:
        assert is_folded(block.text)


def test_read_blocks_on_its_own_finds_lang_attributes() -> None:
    # Without a document index the reader finds lang-marked elements itself.
    from extractor.blocks import read_blocks
    root = etree.fromstring("<html lang='id'><body><div><p lang='en'>Hello there, world</p>"
                            "<p>Halo dunia kami yang indah</p></div></body></html>", etree.HTMLParser())
    blocks, _ = read_blocks(root.find("body/div"), "id")
    assert [(b.lang, b.lang_declared) for b in blocks] == [("en", True), ("id", False)]
