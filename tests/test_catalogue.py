"""Pages -> template entries: domains, references, comments, placeholders (extractor.catalogue)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from extractor.catalogue import (
    ENGLISH_MARK, CatalogueOptions, build_templates, page_path, page_record, page_section,
)
from extractor.model import NavItem, Page, Segment, Span
from extractor.placeholders import PLACEHOLDER, is_balanced, render, to_placeholders

SITE = "https://example.org"
NAV = (
    NavItem("Siapa Kami", None, "Organisasi migrasi PBB.", (
        NavItem("Tentang", f"{SITE}/id/tentang"),
    )),
    NavItem("Media", None, None, (NavItem("Berita", f"{SITE}/id/berita"),)),
)
OPTIONS = CatalogueOptions()


def chrome() -> list[Segment]:
    return [
        Segment("Siapa Kami", "id", "menu", "nav.1"),
        Segment("Organisasi migrasi PBB.", "id", "menu_description", "nav.1.d"),
        Segment("Tentang", "id", "menu", "nav.1.1"),
        Segment("Media", "id", "menu", "nav.2"),
        Segment("Berita", "id", "menu", "nav.2.1"),
    ]


def page(path: str, title: str, body: list[Segment], crumbs: tuple[str, ...] = ()) -> tuple[Page, list[Segment]]:
    p = Page(source=f"site{path}.html", url=f"{SITE}{path}", lang="id", title=title, date=None,
             nav=NAV, breadcrumbs=crumbs, alternates={"id": f"{SITE}{path}", "en": f"{SITE}/en{path[3:]}"})
    segs = chrome() + [Segment(c, "id", "breadcrumb", f"crumb.{i}") for i, c in enumerate(crumbs, 1)]
    segs += [Segment(title, "id", "title", "title")] + body
    return p, segs


def templates(*pages: tuple[Page, list[Segment]], options: CatalogueOptions = OPTIONS):
    return build_templates([page_record(p, s, options) for p, s in pages], options)


def entry(t, domain: str, msgid: str):
    found = [e for e in t.domains[domain] if e.msgid == msgid]
    assert len(found) == 1, (msgid, t.domains[domain])
    return found[0]


def test_chrome_string_is_one_entry_referencing_every_page():
    t = templates(page("/id/berita", "Berita", []), page("/id/tentang", "Tentang Kami", []))
    e = entry(t, "site", "Siapa Kami")
    assert e.references == ("/id/berita:nav.1", "/id/tentang:nav.1")
    assert e.comments == ("menu",)
    assert [x.msgid for x in t.domains["site"]][:2] == ["Siapa Kami", "Organisasi migrasi PBB."]


def test_title_and_body_go_to_the_content_domain():
    t = templates(page("/id/berita", "Berita Terkini", [Segment("Migrasi aman.", "id", "paragraph", "p1.1")]))
    assert [e.msgid for e in t.domains["content"]] == ["Berita Terkini", "Migrasi aman."]
    assert entry(t, "content", "Migrasi aman.").comments == ("paragraph on “Berita Terkini”",)
    assert not any(e.msgid == "Migrasi aman." for e in t.domains["site"])


def test_current_page_breadcrumb_is_the_title_entry_not_chrome():
    t = templates(page("/id/berita/a", "Banjir di Jawa", [], crumbs=("Beranda", "Berita", "Banjir di Jawa")))
    e = entry(t, "content", "Banjir di Jawa")
    assert e.references == ("/id/berita/a:crumb.3", "/id/berita/a:title")
    assert not any(x.msgid == "Banjir di Jawa" for x in t.domains["site"])
    assert entry(t, "site", "Berita").references == ("/id/berita/a:nav.2.1", "/id/berita/a:crumb.2")


def test_string_on_many_pages_names_a_few_and_counts_the_rest():
    pages = [page(f"/id/p{i}", f"Judul {i}", [Segment("Disclaimer yang sama.", "id", "paragraph", "p1.1")])
             for i in range(8)]
    e = entry(templates(*pages), "content", "Disclaimer yang sama.")
    assert len(e.references) == 8
    assert e.comments[-1] == "… and on 3 more page(s)" and len(e.comments) == 6


def test_language_neutral_strings_are_not_catalogued():
    t = templates(page("/id/x", "Judul", [Segment("EMM 2.0", None, "paragraph", "p1.1")]))
    assert all(e.msgid != "EMM 2.0" for d in t.domains.values() for e in d)


def test_english_string_on_indonesian_page_is_marked_for_auditors():
    t = templates(page("/id/x", "Judul", [Segment("Read more here.", "en", "paragraph", "p1.1")]))
    comments = entry(t, "content", "Read more here.").comments
    assert any(c.startswith(f"{ENGLISH_MARK}:") for c in comments)
    assert not any(ENGLISH_MARK in c for c in entry(t, "content", "Judul").comments)


def test_references_and_entry_order_do_not_depend_on_input_order():
    a = page("/id/a", "A", [Segment("Sama.", "id", "paragraph", "p2.1"), Segment("Dua.", "id", "paragraph", "p10.1")])
    b = page("/id/b", "B", [Segment("Sama.", "id", "paragraph", "p1.1")])
    assert templates(a, b) == templates(b, a)
    t = templates(b, a)
    assert entry(t, "content", "Sama.").references == ("/id/a:p2.1", "/id/b:p1.1")
    assert [e.msgid for e in t.domains["content"]] == ["A", "Sama.", "Dua.", "B"]


def test_context_roles_split_a_string_by_role():
    opts = CatalogueOptions(context_roles=frozenset({"breadcrumb"}))
    t = templates(page("/id/x", "Judul", [], crumbs=("Berita", "Judul")), options=opts)
    keys = {(e.msgctxt, e.msgid) for e in t.domains["site"] if e.msgid == "Berita"}
    assert keys == {(None, "Berita"), ("breadcrumb", "Berita")}


def test_default_has_no_msgctxt():
    t = templates(page("/id/x", "Judul", [], crumbs=("Berita", "Judul")))
    assert all(e.msgctxt is None for d in t.domains.values() for e in d)


def test_inline_markup_becomes_numbered_placeholders_without_attributes():
    text = "Baca laporan lengkap di sini. Baris"
    spans = (Span("link", 5, 20, "a", (("href", "/r.pdf"), ("class", "x"))), Span("br", 29, 29, "br"))
    msgid, found = to_placeholders(text, spans)
    assert msgid == "Baca <1>laporan lengkap</1> di sini.<2/> Baris"
    assert "href" not in msgid
    assert found[0].attrs == (("href", "/r.pdf"), ("class", "x"))
    assert render(msgid, found) == 'Baca <a href="/r.pdf" class="x">laporan lengkap</a> di sini.<br> Baris'


def test_link_around_the_whole_string_stays_out_of_the_msgid_but_is_kept():
    msgid, found = to_placeholders("Selengkapnya", (Span("link", 0, 12, "a", (("href", "/x"),)),))
    assert msgid == "Selengkapnya"
    assert found[0].whole and found[0].attrs == (("href", "/x"),)
    assert render("Read more", found) == '<a href="/x">Read more</a>'


def test_placeholder_comment_tells_translators_what_each_number_is():
    body = [Segment("Baca laporan.", "id", "paragraph", "p1.1", (Span("bold", 5, 12, "strong"),))]
    comments = entry(templates(page("/id/x", "Judul", body)), "content", "Baca <1>laporan</1>.").comments
    assert any("<1>…</1> (bold)" in c for c in comments)


def test_nested_and_crossing_spans_stay_balanced():
    text = "satu dua tiga empat"
    msgid, _ = to_placeholders(text, (Span("link", 0, 13, "a"), Span("bold", 5, 19, "b")))
    assert is_balanced(msgid)
    assert PLACEHOLDER.sub("", msgid) == text


@given(st.text(alphabet="ab ", min_size=0, max_size=30),
       st.lists(st.tuples(st.integers(-2, 35), st.integers(-2, 35), st.sampled_from(["link", "bold", "br"])),
                max_size=6))
def test_any_spans_give_balanced_placeholders_and_keep_the_text(text, raw):
    spans = tuple(Span(kind, s, e if kind != "br" else s, kind) for s, e, kind in raw)
    msgid, found = to_placeholders(text, spans)
    assert is_balanced(msgid)
    assert PLACEHOLDER.sub("", msgid) == text
    assert [p.number for p in found] == list(range(1, len(found) + 1))


def test_section_is_the_top_menu_item_holding_the_page_url():
    p, _ = page("/id/berita", "Berita", [])
    assert page_section(p) == "Media"
    article, _ = page("/id/berita/banjir", "Banjir", [])
    assert page_section(article) == "Media"
    other, _ = page("/id/lain", "Lain", [], crumbs=("Beranda", "Tentang", "Lain"))
    assert page_section(other) == "Siapa Kami"
    lost, _ = page("/id/lain", "Lain", [])
    assert page_section(lost) is None


def test_page_record_keeps_counterpart_and_page_order():
    p, segs = page("/id/berita", "Berita", [Segment("Satu.", "id", "paragraph", "p1.1")])
    rec = page_record(p, segs, OPTIONS)
    assert rec.counterpart == f"{SITE}/en/berita"
    assert [s.anchor for s in rec.strings][-2:] == ["title", "p1.1"]


def test_page_path_without_url_is_source_relative_and_has_no_spaces(tmp_path):
    p = Page(source=str(tmp_path / "my page.html"), url=None, lang="id", title=None, date=None)
    assert page_path(p, tmp_path) == "my%20page.html"
