"""Integrity of the bundled fixture site (fixtures/site) and the generic-theme pages.

These tests guard the fixtures themselves, not the extractor: every page parses, every
hreflang/canonical URL resolves to a file of the right language, the sitemap lists exactly the
pages, and the deliberate traps (windows-1252 bytes, a page without a twin) stay in place.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SITE = FIXTURES / "site"
GENERIC = FIXTURES / "generic"
ORIGIN = "https://indonesia.iom.int"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "iom-id-news-emm-training.txt"

PAGES = sorted(SITE.rglob("*.html"))
ID_PAGES = [p for p in PAGES if p.relative_to(SITE).parts[0] == "id"]
NO_TWIN = SITE / "id/news/pengumuman-lowongan-konsultan.html"
CP1252_PAGE = SITE / "id/news/kisah-pendamping-korban-perdagangan-orang-di-kupang.html"
NO_TIME_PAGE = SITE / "id/news/perubahan-iklim-dan-bencana-picu-pengungsian-internal-di-indonesia.html"
WORD_PAGE = SITE / "id/news/bp2mi-dan-iom-perkuat-pelindungan-pekerja-migran-indonesia-di-jawa-barat.html"
SEED_PAGE = SITE / "id/news/iom-memfasilitasi-pemerintah-indonesia-dalam-pelatihan-essential-migration-management-emm-20.html"

# Class names specific to the IOM theme; the generic pages must not lean on any of them.
IOM_ONLY_CLASSES = {
    "menu--main", "mega-menu", "mega-menu__description", "field--name-body",
    "node--type-news-article", "breadcrumb__list", "field--name-field-published-date",
    "eu-cookie-compliance-banner", "language-switcher-language-url", "share-buttons",
    "related-news", "views-row", "site-header", "site-footer", "node__meta", "main-content",
    "mobile-menu", "utility-nav", "field--name-title",
}


def file_for_url(url: str) -> Path:
    """Map a site URL to its saved file: /id -> id/index.html, / -> en/index.html,
    /id/x -> id/x.html, /x -> en/x.html (English lives at the site root)."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN, url
    path = parts.path.rstrip("/")
    if path == "/id":
        return SITE / "id/index.html"
    if path == "":
        return SITE / "en/index.html"
    if path.startswith("/id/"):
        return SITE / (path[1:] + ".html")
    return SITE / ("en" + path + ".html")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def hreflangs(doc: lxml.html.HtmlElement) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def test_the_site_has_indonesian_and_english_pages() -> None:
    assert len(ID_PAGES) >= 10
    assert len(PAGES) - len(ID_PAGES) >= 9


@pytest.mark.parametrize("path", PAGES + sorted(GENERIC.glob("*.html")), ids=lambda p: p.name)
def test_every_page_parses_with_a_title_and_a_lang(path: Path) -> None:
    doc = parse(path)
    assert doc.findtext(".//title").strip()
    assert doc.get("lang") in {"id", "en"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_canonical_url_resolves_to_the_page_itself(path: Path) -> None:
    (canonical,) = parse(path).xpath("//head/link[@rel='canonical']/@href")
    assert file_for_url(canonical) == path


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_html_lang_matches_the_folder(path: Path) -> None:
    assert parse(path).get("lang") == path.relative_to(SITE).parts[0]


@pytest.mark.parametrize("path", [p for p in ID_PAGES if p != NO_TWIN], ids=lambda p: str(p.relative_to(SITE)))
def test_indonesian_page_has_an_english_twin_that_links_back(path: Path) -> None:
    links = hreflangs(parse(path))
    assert file_for_url(links["id"]) == path
    twin = file_for_url(links["en"])
    assert twin.is_file(), f"{path.name}: hreflang=en points to missing {twin}"
    twin_doc = parse(twin)
    assert twin_doc.get("lang") == "en"
    assert file_for_url(hreflangs(twin_doc)["id"]) == path


def test_page_without_twin_lists_only_its_own_language() -> None:
    assert set(hreflangs(parse(NO_TWIN))) == {"id"}


def test_every_english_page_has_an_indonesian_twin() -> None:
    for path in PAGES:
        if path.relative_to(SITE).parts[0] == "en":
            assert file_for_url(hreflangs(parse(path))["id"]).is_file(), path


def test_windows_1252_page_is_not_utf8_and_declares_its_charset_only_by_http_equiv() -> None:
    raw = CP1252_PAGE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "José" in text and "“" in text and "–" in text
    assert re.search(r'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', text)
    assert "<meta charset" not in text.lower()


def test_other_pages_are_valid_utf8() -> None:
    for path in PAGES + sorted(GENERIC.glob("*.html")):
        if path != CP1252_PAGE:
            path.read_bytes().decode("utf-8")


def test_sitemap_lists_exactly_the_pages_with_lastmod() -> None:
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(SITE / "sitemap.xml").getroot()
    urls = root.findall("sm:url", ns)
    assert all(u.findtext("sm:lastmod", namespaces=ns) for u in urls)
    listed = [file_for_url(u.findtext("sm:loc", namespaces=ns)) for u in urls]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == PAGES


def test_robots_txt_points_to_the_sitemap() -> None:
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in (SITE / "robots.txt").read_text()


def test_dateline_only_article_has_no_time_element_nor_published_meta() -> None:
    doc = parse(NO_TIME_PAGE)
    assert not doc.xpath("//time")
    assert not doc.xpath("//meta[@property='article:published_time']")
    first = doc.cssselect(".field--name-body p")[0].text_content()
    assert re.match(r"Jakarta, \d\d/\d\d/\d{4}, ", first)


@pytest.mark.parametrize("path", sorted(GENERIC.glob("*.html")), ids=lambda p: p.name)
def test_generic_pages_use_none_of_the_iom_theme_classes(path: Path) -> None:
    used = {c for el in parse(path).xpath("//*[@class]") for c in el.get("class").split()}
    assert not used & IOM_ONLY_CLASSES


def test_seed_article_body_is_the_seed_text_with_the_glued_word_fixed() -> None:
    if not SEED.is_file():
        pytest.skip("../shared/seed not present: cannot compare with the original text")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    title = "IOM memfasilitasi Pemerintah Indonesia dalam Pelatihan Essential of Migration Management (EMM) 2.0"
    expected = [line.replace("migranberkontribusi", "migran berkontribusi") for line in lines[lines.index(title) + 1:]]
    body = parse(SEED_PAGE).cssselect(".field--name-body")[0]
    visible = [
        " ".join(p.text_content().split())
        for p in body.xpath("./p[not(@hidden)][not(@style)]")
    ]
    assert visible == expected


@pytest.mark.parametrize(
    ("path", "local_day"),
    [(SEED_PAGE, "28 Oktober 2022"), (WORD_PAGE, "Kamis, 18 Januari 2024")],
    ids=["seed", "word"],
)
def test_utc_stored_date_falls_on_the_previous_day_in_utc_but_the_shown_day_in_jakarta(path: Path, local_day: str) -> None:
    (time,) = parse(path).cssselect(".field--name-field-published-date time")
    assert time.text == local_day
    utc = datetime.fromisoformat(time.get("datetime").replace("Z", "+00:00"))
    jakarta = utc.astimezone(timezone(timedelta(hours=7)))
    assert utc.day != jakarta.day
    assert str(jakarta.day) in local_day and str(jakarta.year) in local_day


def test_word_pasted_page_keeps_its_malformed_markup() -> None:
    raw = WORD_PAGE.read_text(encoding="utf-8")
    for needle in ("<P CLASS=MsoNormal>", "<A HREF=/id/berita>", "<o:p></o:p>", "<!--[if gte mso 9]>",
                   "<span style='mso-bidi-font-family:Calibri'>", "<LI CLASS=MsoNormal>", "<DIV CLASS=WordCell>"):
        assert needle in raw
    assert raw.count("<P ") > raw.count("</P>") and "</LI>" not in raw and "</DIV>" not in raw
