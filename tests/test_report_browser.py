"""The HTML report in a real browser: headless Debian Chromium driven by Playwright.

Skipped (with the reason) only when /usr/bin/chromium is absent; `.ci/run` installs it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.report import ReportOptions, run_report
from test_report import XSS, make_site  # tests/ is on sys.path (rootdir-less test modules)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium not installed (/usr/bin/chromium); .ci/run installs it"),
    pytest.mark.timeout(90),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=30_000)
        yield b
        b.close()


@pytest.fixture()
def opened(browser, tmp_path):
    """The report of a small site opened from file://, with every console message kept."""
    report = tmp_path / "report.html"
    run_report(ReportOptions(locales=make_site(tmp_path), format="html", output=report))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    yield page, problems, dialogs, tmp_path
    page.close()


def _column(page, table_id: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def test_chart_has_a_bar_per_section_and_tables_render_rows(opened):
    page, problems, _, tmp_path = opened
    bars = page.eval_on_selector_all("#section-chart g.bar", "gs => gs.map(g => g.dataset.label)")
    assert bars == ["Berita", "(no section)"]
    assert page.locator("#pages tbody tr").count() == 3
    assert page.locator("#sections tbody tr").count() == 2
    assert page.locator("#catalogues tbody tr").count() == 2
    assert page.locator("#section-chart rect.done").first.bounding_box()["width"] > 0
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert problems == []


def test_clicking_a_header_sorts_and_clicking_again_reverses(opened):
    page, problems, _, _ = opened
    header = page.locator("#pages thead th", has_text="Coverage")
    header.click()
    ascending = _column(page, "pages", 4)
    assert ascending == sorted(ascending, key=lambda v: float(v.rstrip("%")))
    header.click()
    assert _column(page, "pages", 4) == ascending[::-1]
    assert header.get_attribute("aria-sort") == "descending"
    assert problems == []


def test_typing_in_the_filter_box_hides_rows_that_do_not_match(opened):
    page, problems, _, _ = opened
    page.locator('input[data-table="pages"]').type("berita")
    assert page.locator("#pages tbody tr:not([hidden])").count() == 2
    assert page.locator("#pages-count").inner_text() == "2 of 3 rows"
    page.locator('input[data-table="pages"]').fill("")
    assert page.locator("#pages tbody tr:not([hidden])").count() == 3
    assert problems == []


def test_script_in_a_title_or_msgid_shows_as_text_and_never_runs(opened):
    page, problems, dialogs, _ = opened
    page.locator("#untranslated summary").nth(1).click()
    assert page.get_by_text(XSS, exact=True).count() >= 2  # the page title and the msgid
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert dialogs == [] and problems == []


def test_untranslated_strings_link_to_their_page(opened):
    page, _, _, _ = opened
    links = page.eval_on_selector_all("#untranslated summary a", "as => as.map(a => a.href)")
    assert "https://indonesia.iom.int/id/news/a" in links
    assert not any(link.startswith("javascript:") for link in links)
