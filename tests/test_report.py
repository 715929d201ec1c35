"""`extractor report`: pocount-exact counting, page and section views, every output format."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.cli import main
from extractor.report import ReportOptions, build_report, count_words, run_report
from extractor.state import STATE_FILE

POCOUNT = Path(sys.executable).parent / "pocount"
HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n' \
         '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
XSS = "<script>alert(1)</script>"


def q(text: str) -> str:
    """A PO string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def entry(msgid: str, msgstr: str = "", *, ctxt: str | None = None, fuzzy: bool = False,
          obsolete: bool = False, plural: str | None = None, forms: tuple[str, ...] = (),
          comments: tuple[str, ...] = (), refs: tuple[str, ...] = ()) -> str:
    lines = [f"#. {c}" for c in comments] + ([f"#: {' '.join(refs)}"] if refs else [])
    lines += ["#, fuzzy"] if fuzzy else []
    body = ([f"msgctxt {q(ctxt)}"] if ctxt is not None else []) + [f"msgid {q(msgid)}"]
    if plural is not None:
        body.append(f"msgid_plural {q(plural)}")
        body += [f"msgstr[{i}] {q(f)}" for i, f in enumerate(forms or ("", ""))]
    else:
        body.append(f"msgstr {q(msgstr)}")
    lines += [("#~ " + b) if obsolete else b for b in body]
    return "\n".join(lines) + "\n"


def write_po(path: Path, *entries: str, header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *entries]), encoding="utf-8")
    return path


CATALOGUES = {
    "mixed": [
        entry("Baca <1>laporan lengkap</1> di sini.", "Read the <1>full report</1> here.",
              comments=("prefill: https://indonesia.iom.int/news/foo (score 0.87)",)),
        entry("Jl. Sudirman No.5, Jakarta; 10.000 orang (3,6%) e.g.x", "Jl. Sudirman", fuzzy=True),
        entry("Fuzzy tanpa terjemahan", "", fuzzy=True),
        entry("Beranda", "", ctxt="menu"),
        entry("Beranda", "Home", ctxt="breadcrumb"),
        entry("Baris<br/>baru dan don't", "Line<br>new"),
        entry("lama sekali", "long ago", obsolete=True),
        entry("lama fuzzy", "old fuzzy", obsolete=True, fuzzy=True),
    ],
    "plural": [
        entry("satu berkas", plural="%d berkas", forms=("", "%d files")),
        entry("satu migran", plural="%d migran", forms=("one migrant", "%d migrants")),
        entry("dua hal", plural="%d hal", forms=("", "")),
        entry("satu laporan", plural="%d laporan", forms=("one report", "%d reports"), fuzzy=True),
        entry("tanpa konteks", "", ctxt="x"),
    ],
    "empty": [],
    "all-obsolete": [entry("hilang", "gone", obsolete=True)],
    "untranslated": [entry(f"Kalimat nomor {i} tentang IOM.") for i in range(5)],
}


@pytest.fixture()
def catalogues(tmp_path: Path) -> dict[str, Path]:
    return {name: write_po(tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{name}.po", *entries)
            for name, entries in CATALOGUES.items()}


def pocount_csv(paths: list[Path]) -> dict[str, dict[str, int]]:
    out = subprocess.run([str(POCOUNT), "--csv", *map(str, paths)], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return {row["Filename"]: {k: int(v) for k, v in row.items() if k != "Filename"}
            for row in csv.DictReader(io.StringIO(out))}


@pytest.mark.skipif(not POCOUNT.exists(), reason="pocount (translate-toolkit) not installed in the venv")
def test_counts_match_pocount_on_fuzzy_obsolete_plural_and_empty_catalogues(catalogues):
    theirs = pocount_csv(sorted(catalogues.values()))
    report = build_report(next(iter(catalogues.values())).parent.parent.parent)
    ours = {c.path: c.tally for c in report.catalogues}
    assert set(ours) == set(theirs)
    for path, t in ours.items():
        p = theirs[path]
        assert (t.total, t.translated, t.fuzzy, t.untranslated) == (
            p["Total Message"], p["Translated Messages"], p["Fuzzy Messages"],
            p["Untranslated Messages"]), path
        assert (t.total_words, t.translated_words, t.fuzzy_words, t.untranslated_words,
                t.translated_target_words) == (
            p["Total Source Words"], p["Translated Source Words"], p["Fuzzy Source Words"],
            p["Untranslated Source Words"], p["Translated Target Words"]), path


def test_obsolete_entries_are_counted_apart_and_prefill_is_counted(catalogues):
    report = build_report(catalogues["mixed"].parent.parent.parent)
    mixed = next(c for c in report.catalogues if c.domain == "mixed")
    assert mixed.tally.obsolete == 2
    assert mixed.tally.prefilled == 1
    assert report.total.prefilled == 1


_WORDS = st.sampled_from(["Baca", "laporan", "IOM", "3,6%", "10.000", "e.g.", "don't", "<1>",
                          "</1>", "<br/>", "Jl.", "migran-pekerja", "é", "—", "(BP2MI)", "a.b",
                          "x_y", "2022", "\u00a0", "?", "1.5"])
_TEXT = st.lists(_WORDS, max_size=8).map(" ".join)


@st.composite
def _entries(draw: st.DrawFn) -> str:
    plural = draw(st.booleans())
    kw = dict(ctxt=draw(st.none() | st.sampled_from(["menu", "title"])),
              fuzzy=draw(st.booleans()), obsolete=draw(st.booleans()))
    if plural:
        return entry(draw(_TEXT), plural=draw(_TEXT), forms=(draw(_TEXT), draw(_TEXT)), **kw)
    return entry(draw(_TEXT), draw(st.just("") | _TEXT), **kw)


@pytest.mark.skipif(not POCOUNT.exists(), reason="pocount (translate-toolkit) not installed in the venv")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_entries(), max_size=8))
def test_counts_match_pocount_for_any_catalogue(tmp_path_factory, entries):
    from translate.tools.pocount import calcstats

    folder = tmp_path_factory.mktemp("loc")
    # Unique msgctxt+msgid, as in any valid catalogue: number the msgids.
    numbered = [re.sub(r'^((?:#~ )?msgid) "', lambda m, i=i: f'{m.group(1)} "{i} ', e, count=1,
                       flags=re.M) for i, e in enumerate(entries)]
    path = write_po(folder / "en" / "LC_MESSAGES" / "c.po", *numbered)
    ours = build_report(folder).catalogues[0].tally
    theirs = calcstats(str(path))
    assert (ours.total, ours.translated, ours.fuzzy, ours.untranslated, ours.total_words,
            ours.translated_words, ours.fuzzy_words, ours.translated_target_words) == (
        theirs["total"], theirs["translated"], theirs["fuzzy"], theirs["untranslated"],
        theirs["totalsourcewords"], theirs["translatedsourcewords"], theirs["fuzzysourcewords"],
        theirs["translatedtargetwords"])


def test_words_are_counted_like_pocount_without_markup():
    assert count_words("Baca <1>laporan lengkap</1> di sini.") == 5
    assert count_words("satu<br/>dua") == 2


def test_json_catalogue_objects_have_the_issue_shape_and_coverage_is_a_fraction(catalogues, capsys):
    locales = catalogues["mixed"].parent.parent.parent
    assert main(["report", "--locales", str(locales), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for c in data["catalogues"]:
        assert set(c) == {"path", "language", "total", "translated", "fuzzy", "untranslated",
                          "obsolete", "coverage"}
        assert 0 <= c["coverage"] <= 1
        assert c["language"] == "en"
    mixed = next(c for c in data["catalogues"] if c["path"].endswith("mixed.po"))
    assert mixed["coverage"] == pytest.approx(mixed["translated"] / mixed["total"], abs=1e-6)
    assert {"summary", "words", "pages", "sections", "notes"} <= set(data)


def test_fail_under_exits_1_below_and_0_at_or_above(catalogues, capsys):
    locales = str(catalogues["mixed"].parent.parent.parent)
    coverage = build_report(Path(locales)).total.coverage * 100
    assert main(["report", "--locales", locales, "--fail-under", f"{coverage + 0.5:.2f}"]) == 1
    assert "below" in capsys.readouterr().err
    assert main(["report", "--locales", locales, "--fail-under", f"{coverage - 0.5:.2f}"]) == 0


def test_fail_under_outside_0_to_100_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--locales", str(tmp_path), "--fail-under", "150"])
    assert exc.value.code == 2


# ---------------------------------------------------------------- pages and sections

def make_site(tmp_path: Path, title: str = "Berita IOM") -> Path:
    """Two catalogues plus the state file sync writes: three pages in two sections and one
    page outside any section."""
    locales = tmp_path / "locales"
    lc = locales / "en" / "LC_MESSAGES"
    write_po(lc / "site.po",
             entry("Berita", "News", ctxt="menu", refs=("/id/news/a:nav.1", "/id/news/b:nav.1")),
             entry("Tentang Kami", "", refs=("/id/news/a:nav.2",)))
    write_po(lc / "content.po",
             entry("Migran pulang.", "Migrants return.", refs=("/id/news/a:p1",),
                   comments=("prefill: https://indonesia.iom.int/news/a (score 0.91)",)),
             entry("Laporan baru.", "New report.", fuzzy=True, refs=("/id/news/a:p2",)),
             entry(XSS, "", refs=("/id/news/b:p1",)),
             entry("Read the report", "", refs=("/id/about:p1",)))

    def s(domain: str, msgid: str, lang: str = "id", ctxt: str | None = None) -> dict:
        return {"domain": domain, "msgctxt": ctxt, "msgid": msgid, "lang": lang, "anchor": "p1"}

    pages = [
        {"path": "/id/news/a", "source": "a.html", "url": "https://indonesia.iom.int/id/news/a",
         "title": title, "lang": "id", "section": "Berita",
         "counterpart": "https://indonesia.iom.int/news/a",
         "strings": [s("site", "Berita", ctxt="menu"), s("site", "Tentang Kami"),
                     s("content", "Migran pulang."), s("content", "Laporan baru.")],
         "new_or_changed": ["Laporan baru."]},
        {"path": "/id/news/b", "source": "b.html", "url": "https://indonesia.iom.int/id/news/b",
         "title": XSS, "lang": "id", "section": "Berita", "counterpart": None,
         "strings": [s("site", "Berita", ctxt="menu"), s("content", XSS)], "new_or_changed": []},
        {"path": "/id/about", "source": "c.html", "url": "javascript:alert(2)",
         "title": "Tentang", "lang": "id", "section": None, "counterpart": None,
         "strings": [s("content", "Read the report", lang="en"), s("content", "Hilang dari PO")],
         "new_or_changed": []},
    ]
    (locales / STATE_FILE).write_text(json.dumps({"version": 1, "pages": pages}), encoding="utf-8")
    return locales


def test_page_view_shows_counterpart_or_missing_other_language_and_new_strings(tmp_path):
    report = build_report(make_site(tmp_path))
    pages = {p.path: p for p in report.pages}
    a, b, about = pages["/id/news/a"], pages["/id/news/b"], pages["/id/about"]
    assert (a.tally.total, a.tally.translated, a.tally.fuzzy) == (4, 2, 1)
    assert a.new_or_changed == ("Laporan baru.",) and a.tally.prefilled == 1
    assert b.counterpart is None and a.counterpart == "https://indonesia.iom.int/news/a"
    assert [s.msgid for s in about.other_language] == ["Read the report"]
    assert {s.msgid: s.status for s in about.strings}["Hilang dari PO"] == "missing"


def test_section_counts_a_string_shared_by_its_pages_once(tmp_path):
    report = build_report(make_site(tmp_path))
    berita = next(s for s in report.sections if s.label == "Berita")
    assert berita.pages == 2
    assert berita.tally.total == 5  # "Berita" menu item appears on both pages, counted once
    assert berita.missing_counterparts == 1
    assert [s.label for s in report.sections] == ["Berita", None]


def test_without_state_the_report_is_by_catalogue_and_says_so(catalogues, capsys):
    locales = catalogues["mixed"].parent.parent.parent
    assert main(["report", "--locales", str(locales), "--by", "page"]) == 0
    out = capsys.readouterr().out
    assert "Catalogue" in out.splitlines()[2]
    assert "no sync state" in out and "catalogue only" in out


def test_text_fits_100_columns_and_has_no_colour_off_a_terminal(tmp_path, capsys):
    locales = make_site(tmp_path, title="T" * 300)
    state = json.loads((locales / STATE_FILE).read_text(encoding="utf-8"))
    page = state["pages"][0]
    page.update(path="/id/" + "sangat-panjang-" * 12, section="Bagian " * 20,
                counterpart="https://indonesia.iom.int/" + "very-long-" * 12)
    (locales / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    for view in ("catalogue", "page", "section"):
        assert main(["report", "--locales", str(locales), "--by", view]) == 0
        out = capsys.readouterr().out
        assert "\033[" not in out
        assert max(len(line) for line in out.splitlines()) <= 100, view


def _run_on_terminal(args: list[str], env: dict[str, str]) -> str:
    master, slave = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "extractor", *args], stdout=slave, timeout=60,
                       env=env, cwd=Path(__file__).resolve().parents[1], check=True)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(master)


def test_colours_only_on_a_terminal_and_never_with_no_color(tmp_path):
    locales = str(make_site(tmp_path))
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\033[" in _run_on_terminal(["report", "--locales", locales], env)
    assert "\033[" not in _run_on_terminal(["report", "--locales", locales], {**env, "NO_COLOR": "1"})


def test_output_file_is_written_whole_and_matches_stdout_byte_for_byte(tmp_path, capsys):
    locales = str(make_site(tmp_path))
    for fmt in ("text", "json", "csv", "markdown", "html"):
        assert main(["report", "--locales", locales, "--format", fmt, "--by", "page"]) == 0
        printed = capsys.readouterr().out
        target = tmp_path / f"out.{fmt}"
        assert main(["report", "--locales", locales, "--format", fmt, "--by", "page",
                     "-o", str(target)]) == 0
        assert target.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


_RENDER_ALL = """
import json, sys
from pathlib import Path
from extractor.report import ReportOptions, run_report
locales, view, formats = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
print(json.dumps({f: run_report(ReportOptions(locales=locales, format=f, view=view)).rendered
                  for f in formats}))
"""


def _fresh_renders(locales: Path, view: str, formats: tuple[str, ...], seed: str) -> dict[str, str]:
    """Each format rendered by a new Python process with ``seed`` as its hash seed, so set and
    dict order that changes between runs shows (one process always repeats itself)."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _RENDER_ALL, str(locales), view, *formats],
                          env=env, cwd=Path(__file__).resolve().parents[1], capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_same_catalogues_give_byte_identical_reports(tmp_path):
    locales = make_site(tmp_path)
    formats = ("text", "json", "csv", "markdown", "html")
    here = {}
    for fmt in formats:
        a = run_report(ReportOptions(locales=locales, format=fmt, view="section")).rendered
        b = run_report(ReportOptions(locales=locales, format=fmt, view="section")).rendered
        assert a == b
        here[fmt] = a
    assert _fresh_renders(locales, "section", formats, "1") == _fresh_renders(locales, "section", formats, "2") == here


def test_csv_rows_carry_the_same_counts_as_json(tmp_path):
    locales = make_site(tmp_path)
    rows = list(csv.DictReader(io.StringIO(
        run_report(ReportOptions(locales=locales, format="csv", view="page")).rendered)))
    data = json.loads(run_report(ReportOptions(locales=locales, format="json")).rendered)
    assert [(r["path"], int(r["translated"])) for r in rows] == [
        (p["path"], p["translated"]) for p in data["pages"]]


def test_markdown_cells_cannot_break_the_table_or_inject_html(tmp_path):
    locales = make_site(tmp_path, title="a | b")
    (locales / "en" / "LC_MESSAGES" / "content.po").rename(locales / "en" / "LC_MESSAGES" / "x|<b>.po")
    md = run_report(ReportOptions(locales=locales, format="markdown")).rendered
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert len({len(re.split(r"(?<!\\)\|", line)) for line in rows}) == 1
    assert "<b>" not in md


def test_html_escapes_titles_and_msgids_and_links_only_safe_urls(tmp_path):
    html = run_report(ReportOptions(locales=make_site(tmp_path), format="html")).rendered
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert html.count("<script") == 1  # our own, nothing from the pages


def test_html_is_self_contained(tmp_path):
    html = run_report(ReportOptions(locales=make_site(tmp_path), format="html")).rendered
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\bsrc\s*=", html)
    assert "@import" not in html and "url(" not in html


def test_malformed_catalogue_is_one_line_naming_the_file(tmp_path, capsys):
    write_po(tmp_path / "en" / "LC_MESSAGES" / "bad.po", 'msgid "unterminated\nmsgstr ""\n')
    assert main(["report", "--locales", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "bad.po" in err


def test_missing_locales_folder_is_an_error(tmp_path, capsys):
    assert main(["report", "--locales", str(tmp_path / "nope")]) == 1
    assert "nope" in capsys.readouterr().err


def test_broken_state_file_is_an_error_naming_it(tmp_path, capsys):
    locales = make_site(tmp_path)
    (locales / STATE_FILE).write_text("{not json", encoding="utf-8")
    assert main(["report", "--locales", str(locales)]) == 1
    assert STATE_FILE in capsys.readouterr().err


def test_pages_count_check_findings_in_their_strings_unless_checks_are_off(tmp_path):
    locales = tmp_path / "locales"
    write_po(locales / "en" / "LC_MESSAGES" / "content.po",
             entry("Sebanyak 12.818 orang pulang.", "A total of 12.818 people returned.",
                   refs=("/id/news/a:p1",)),
             entry("Migran pulang.", "Migrants return.", refs=("/id/news/b:p1",)))
    pages = [{"path": path, "url": "", "title": path, "lang": "id", "section": "Berita",
              "counterpart": None, "new_or_changed": [],
              "strings": [{"domain": "content", "msgctxt": None, "msgid": msgid, "lang": "id",
                           "anchor": "p1"}]}
             for path, msgid in (("/id/news/a", "Sebanyak 12.818 orang pulang."),
                                 ("/id/news/b", "Migran pulang."))]
    (locales / STATE_FILE).write_text(json.dumps({"version": 1, "pages": pages}), encoding="utf-8")
    assert [p.findings for p in build_report(locales).pages] == [1, 0]
    assert [p.findings for p in build_report(locales, checks=False).pages] == [None, None]
