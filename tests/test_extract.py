"""`extractor extract` as a user runs it: sources, formats, exit codes and error lines."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from extractor.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "fixtures" / "site"
SEED = SITE / "id" / "news" / "iom-memfasilitasi-pemerintah-indonesia-dalam-pelatihan-essential-migration-management-emm-20.html"
PAGE_KEYS = {"source", "url", "lang", "title", "date", "nav", "breadcrumbs", "blocks", "alternates"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SEED), "--format", "json")
    page = json.loads(out)["pages"][0]
    assert code == 0 and set(page) == PAGE_KEYS
    assert set(page["nav"][0]) == {"label", "url", "description", "children"}
    assert set(page["blocks"][0]) == {"type", "text", "lang"}
    assert page["source"] == str(SEED)


def test_folder_expands_to_every_html_file_in_sorted_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SITE / "id"), "--format", "json")
    sources = [p["source"] for p in json.loads(out)["pages"]]
    expected = sorted(str(p) for p in (SITE / "id").rglob("*.html"))
    assert code == 0 and sources == expected


def test_text_outline_shows_nav_crumbs_and_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SEED))
    assert code == 0
    assert "title:  IOM memfasilitasi Pemerintah Indonesia" in out
    assert "date:   2022-10-28" in out
    assert "breadcrumbs: Beranda > Berita > IOM memfasilitasi" in out
    assert "- Kerja Kami (no link)" in out


def test_bad_sources_get_one_line_each_and_the_rest_still_extract(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    text = tmp_path / "notes.html"
    text.write_text("just a note, no markup at all\n")
    code, out, err = run(capsys, "extract", str(empty), str(SEED), str(binary), str(text),
                         str(tmp_path / "missing.html"), "--format", "json")
    assert code == 1
    assert len(json.loads(out)["pages"]) == 1
    lines = err.strip().splitlines()
    assert len(lines) == 4
    for path, words in [(empty, "empty"), (binary, "binary"), (text, "not an HTML"), (tmp_path / "missing.html", "no such file")]:
        assert any(line.startswith(f"extractor: {path}:") and words in line for line in lines), (path, lines)


def test_unreachable_url_is_named_and_exit_code_is_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", "http://127.0.0.1:9/id/", "--timeout", "2", "--format", "json")
    assert code == 1 and json.loads(out) == {"pages": []}
    assert err.count("\n") == 1 and "http://127.0.0.1:9/id/" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(SEED), "--format", "yaml"])
    assert exc.value.code == 2
    assert run(capsys, "extract")[0] == 2


def test_url_source_is_fetched_and_extracted(capsys: pytest.CaptureFixture[str], fixture_site_server) -> None:
    url = fixture_site_server.url("/id/siapa-kami.html")
    code, out, err = run(capsys, "extract", url, "--format", "json")
    page = json.loads(out)["pages"][0]
    assert code == 0, err
    assert page["source"] == url and page["title"] == "Siapa Kami"
    assert page["url"] == "https://indonesia.iom.int/id/siapa-kami"


def test_charset_only_in_http_header_decodes_right(capsys: pytest.CaptureFixture[str], fixture_site_server) -> None:
    code, out, err = run(capsys, "extract", fixture_site_server.url("/id/_fault/cp1252"), "--format", "json")
    page = json.loads(out)["pages"][0]
    assert code == 0, err
    text = " ".join(b["text"] for b in page["blocks"])
    assert "\u201c" in text and "\u00c3" not in text  # curly quotes, no mojibake


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = capsys.readouterr().out
    for option in ("--format", "--cache", "--profile", "--timeout", "SOURCE"):
        assert option in out
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    actions = commands.choices["extract"]._actions
    assert len(actions) > 1
    for action in actions:
        assert action.help and action.help.strip(), action.option_strings or action.dest
