"""The sync run: sources -> pages -> segments -> templates -> PO files merged, all or nothing.

``sync`` extracts the configured sources, segments every page, builds one template per domain
(``locales/<domain>.pot``), merges it into ``locales/<lang>/LC_MESSAGES/<domain>.po`` with
msgmerge semantics (:mod:`extractor.merge`) and writes the sync state. Every input catalogue is
read and every output computed before the first write, so a malformed file stops the run with
``file:line: message`` and nothing written; each write is atomic; a lock file keeps two syncs
from interleaving. A file whose bytes would not change is not touched (its mtime is kept), and
POT-Creation-Date only moves when the template's content does.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

from extractor.catalogue import (
    CatalogueOptions, PageRecord, TemplateEntry, build_templates, page_record,
    prefill_notes,
)
from extractor.config import Config
from extractor.errors import CatalogueError
from extractor.extract import ExtractOptions, extract_sources
from extractor.fsutil import atomic_write_bytes
from extractor.merge import Counts, MergeOptions, MergeReport, merge
from extractor.model import Page, Segment
from extractor.po import Catalogue, Entry, format_po, parse_po_bytes
from extractor.profile import Profile, profile_for
from extractor.segment import segment_page
from extractor.state import STATE_FILE, build_state, dump_state, read_state

LOCK_FILE = ".extractor.lock"
# Plural-Forms for a new catalogue, by target language; others get the Germanic default.
_PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "ja": "nplurals=1; plural=0;",
                 "zh": "nplurals=1; plural=0;", "fr": "nplurals=2; plural=(n > 1);"}
_DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class SyncOptions:
    """What to sync and how. Paths are absolute; ``sources`` as the user gave them."""

    root: Path
    sources: tuple[str, ...]
    locales: Path
    catalogue: CatalogueOptions = CatalogueOptions()
    project: str = "extractor"
    profile: str | Profile = "iom-drupal"
    # A crawl cache (`extractor crawl --cache DIR`) whose source-language pages are synced too.
    cache: Path | None = None
    check: bool = False
    dry_run: bool = False
    lock_timeout: float = 10.0
    # The time a changed template is stamped with; None means the current time.
    now: datetime | None = None

    @classmethod
    def from_config(cls, config: Config, sources: Sequence[str] = (), *, check: bool = False,
                    dry_run: bool = False, now: datetime | None = None,
                    lock_timeout: float = 10.0, cache: str | Path | None = None) -> "SyncOptions":
        """Options from the project configuration; ``sources`` replace the configured ones."""
        return cls(
            root=config.root,
            sources=tuple(str(Path(s).resolve()) if not s.startswith(("http://", "https://"))
                          else s for s in sources) or tuple(str(config.path(s)) for s in config.sources),
            locales=config.path(config.locales),
            catalogue=CatalogueOptions.from_config(config),
            project=config.project_name,
            profile=profile_for(config),
            cache=Path(cache).resolve() if cache else (config.path(config.cache) if config.cache else None),
            check=check,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            now=now,
        )


@dataclass(frozen=True)
class FileChange:
    """What the run does (or would do) to one file: ``create``, ``update`` or ``unchanged``."""

    path: Path
    action: str


@dataclass(frozen=True)
class DomainReport:
    """One domain's template and catalogue: file actions, strings added and removed, counts."""

    domain: str
    template: FileChange
    catalogue: FileChange
    added: tuple[str, ...]
    removed: tuple[str, ...]
    merge: MergeReport

    @property
    def before(self) -> Counts:
        return self.merge.before

    @property
    def after(self) -> Counts:
        return self.merge.after

    @property
    def unexplained_loss(self) -> int:
        """Translated entries lost beyond those whose strings left the site (should be 0)."""
        return self.merge.translated_drop_unexplained


@dataclass(frozen=True)
class SyncReport:
    """What a sync found and did. ``written`` is False for --check and --dry-run."""

    pages: int
    domains: tuple[DomainReport, ...]
    state: FileChange
    written: bool

    @property
    def changes(self) -> tuple[FileChange, ...]:
        files = [f for d in self.domains for f in (d.template, d.catalogue)] + [self.state]
        return tuple(f for f in files if f.action != "unchanged")

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(
            f"{d.catalogue.path}: translated entries dropped by {d.before.translated - d.after.translated}"
            f" but only {d.merge.removed_translated} translated string(s) left the site:"
            f" {d.unexplained_loss} translation(s) lost their place; check the merge"
            for d in self.domains if d.unexplained_loss
        )


@contextmanager
def sync_lock(locales: Path, timeout: float, exclusive: bool = True) -> Iterator[None]:
    """Hold ``locales/.extractor.lock`` (exclusive to write, shared to read) for the block.

    Waits up to ``timeout`` seconds for another sync, then raises CatalogueError naming the
    lock file. A read-only run does not create the lock file (it writes nothing).
    """
    path = locales / LOCK_FILE
    if not exclusive and not path.exists():
        yield
        return
    try:
        if exclusive:
            locales.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+b" if exclusive else "rb")
    except OSError as exc:
        raise CatalogueError(f"cannot open the lock file: {exc.strerror}", str(path)) from exc
    with fh:
        deadline = time.monotonic() + timeout
        while not _try_lock(fh.fileno(), exclusive):
            if time.monotonic() >= deadline:
                raise CatalogueError(
                    f"another extractor sync is running (waited {timeout:g} s for its lock)",
                    str(path))
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fh.fileno())


def _try_lock(fd: int, exclusive: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks one byte, exclusively
        import msvcrt
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def _read(path: Path) -> tuple[bytes | None, Catalogue | None]:
    """A catalogue file's bytes and parse (read once), or (None, None) when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise CatalogueError(f"cannot read: {exc.strerror}", str(path)) from exc
    return data, parse_po_bytes(data, str(path))


def _stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _generator() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"extractor {version('extractor')}"
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "extractor"


def _template(domain: str, entries: tuple[TemplateEntry, ...], options: SyncOptions,
              created: str) -> Catalogue:
    what = "site chrome (menus, breadcrumbs, footer)" if domain == options.catalogue.chrome_domain \
        else "page content (titles and body text)"
    return Catalogue(
        header=(
            ("Project-Id-Version", options.project),
            ("POT-Creation-Date", created),
            ("PO-Revision-Date", created),
            ("Last-Translator", ""),
            ("Language-Team", ""),
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("X-Generator", _generator()),
            ("X-Source-Language", options.catalogue.source_lang),
            ("X-Domain", domain),
        ),
        header_comments=(f"{options.project}: {what}, extracted by `extractor sync`.",
                         "Regenerate with `extractor sync`; do not edit the template by hand."),
        entries=tuple(Entry(msgid=e.msgid, msgctxt=e.msgctxt, references=e.references,
                            extracted_comments=e.comments) for e in entries),
    )


def keep_prefill_marks(merged: Catalogue, old: Catalogue) -> Catalogue:
    """Put back the ``prefill:`` comments the template's extracted comments replaced.

    A pre-filled suggestion stays marked as one until a translator touches it (edits the
    msgstr or clears the fuzzy flag); without this, every plain sync after ``sync --prefill``
    would rewrite the catalogues and ``sync --check`` would never pass.
    """
    marks = {(e.key, e.obsolete): (e.msgstr, prefill_notes(e)) for e in old.entries if e.fuzzy}
    entries = []
    for e in merged.entries:
        kept = marks.get((e.key, e.obsolete))
        if kept and kept[1] and e.fuzzy and e.msgstr == kept[0] and not prefill_notes(e):
            e = replace(e, extracted_comments=e.extracted_comments + kept[1])
        entries.append(e)
    return replace(merged, entries=tuple(entries))


def _new_catalogue(template: Catalogue, lang: str) -> Catalogue:
    """The empty catalogue a first sync merges into (what msginit would start from)."""
    header: list[tuple[str, str]] = []
    for name, value in template.header:
        header.append((name, lang if name == "Language" else value))
        if name == "Content-Transfer-Encoding":
            header.append(("Plural-Forms", _PLURAL_FORMS.get(lang, _DEFAULT_PLURAL_FORMS)))
    domain = template.header_value("X-Domain")
    return Catalogue(header=tuple(header),
                     header_comments=(f"{lang} translation of the {domain} strings.",))


def _change(path: Path, old: bytes | None, new: bytes) -> FileChange:
    return FileChange(path, "create" if old is None else "unchanged" if old == new else "update")


def _plan_domain(domain: str, entries: tuple[TemplateEntry, ...], options: SyncOptions,
                 now: datetime) -> tuple[DomainReport, dict[Path, bytes]]:
    """The new template and catalogue of one domain (bytes), and what changes; writes nothing.

    The template keeps the old POT-Creation-Date when nothing else in it changed.
    """
    cat = options.catalogue
    pot_path = options.locales / f"{domain}.pot"
    po_path = options.locales / cat.target_lang / "LC_MESSAGES" / f"{domain}.po"
    pot_bytes, old_pot = _read(pot_path)
    po_bytes, old_po = _read(po_path)
    template, new_pot = None, b""
    old_date = old_pot.header_value("POT-Creation-Date") if old_pot is not None else None
    if old_date:
        template = _template(domain, entries, options, old_date)
        new_pot = format_po(template).encode("utf-8")
        if new_pot != pot_bytes:
            template = None
    if template is None:  # new or changed content: stamp it now
        template = _template(domain, entries, options, _stamp(now))
        new_pot = format_po(template).encode("utf-8")
    base = old_po if old_po is not None else _new_catalogue(template, cat.target_lang)
    merged, merge_report = merge(base, template, MergeOptions())
    if old_po is not None:
        merged = keep_prefill_marks(merged, old_po)
    outputs = {pot_path: new_pot,
               po_path: format_po(merged).encode("utf-8")}
    old_active = old_po.active if old_po is not None else ()
    old_keys = {e.key for e in old_active}
    new_keys = {e.key for e in template.entries}
    report = DomainReport(
        domain=domain,
        template=_change(pot_path, pot_bytes, outputs[pot_path]),
        catalogue=_change(po_path, po_bytes, outputs[po_path]),
        added=tuple(e.msgid for e in template.entries if e.key not in old_keys),
        removed=tuple(e.msgid for e in old_active if e.key not in new_keys),
        merge=merge_report,
    )
    return report, outputs


def sync_records(records: Sequence[PageRecord], options: SyncOptions) -> SyncReport:
    """Bring the catalogues and the state in line with ``records``; see the module docstring.

    Under the lock, every input is read and every output computed before the first write.
    """
    cat = options.catalogue
    now = options.now or datetime.now(timezone.utc)
    templates = build_templates(records, cat)
    read_only = options.check or options.dry_run
    with sync_lock(options.locales, options.lock_timeout, exclusive=not read_only):
        outputs: dict[Path, bytes] = {}
        reports: list[DomainReport] = []
        for domain in dict.fromkeys((cat.chrome_domain, cat.content_domain)):
            report, files = _plan_domain(domain, templates.domains.get(domain, ()), options, now)
            reports.append(report)
            outputs.update(files)
        state_path = options.locales / STATE_FILE
        previous = read_state(state_path)
        old_state = state_path.read_bytes() if previous is not None else None
        outputs[state_path] = dump_state(build_state(templates.pages, previous)).encode("utf-8")
        result = SyncReport(len(records), tuple(reports),
                            _change(state_path, old_state, outputs[state_path]),
                            written=not read_only)
        if result.written:
            for change in result.changes:
                try:
                    atomic_write_bytes(change.path, outputs[change.path])
                except OSError as exc:
                    raise CatalogueError(f"cannot write: {exc.strerror}", str(change.path)) from exc
    return result


def gather_pages(sources: Sequence[str], profile: str | Profile, wording: str,
                 cache: Path | None = None, langs: Sequence[str] = ()) -> tuple[list[Page], dict[str, list[Page]]]:
    """The pages of ``sources``, and the pages of a crawl cache in each of ``langs`` (by language).

    A crawl holds both languages; each caller takes the ones it needs. Any source that could
    not be read stops the caller: the first error is raised as CatalogueError with the message
    ``wording.format(message=..., more=...)`` (``more``: " (and N more)" or "").
    """
    result = extract_sources(list(sources), ExtractOptions(profile=profile))
    pages = list(result.pages)
    errors = list(result.errors)
    cached: dict[str, list[Page]] = {lang: [] for lang in langs}
    if cache is not None:
        crawl = extract_sources([], ExtractOptions(profile=profile, cache=str(cache)))
        for page in crawl.pages:
            if page.lang in cached:
                cached[page.lang].append(page)
        errors += crawl.errors
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogueError(wording.format(message=first.message, more=more), first.where, first.line)
    return pages, cached


def sync_pages(options: SyncOptions, other_langs: Sequence[str] = ()) -> tuple[list[Page], dict[str, list[Page]]]:
    """The pages a sync catalogues (the sources' and the crawl cache's source-language pages),
    and the cache's pages in ``other_langs`` by language; any failing source stops the sync.

    A page that could not be read would otherwise turn all its strings obsolete.
    """
    lang = options.catalogue.source_lang
    pages, cached = gather_pages(options.sources, options.profile,
                                 "{message}{more}; sync stopped, nothing written", options.cache,
                                 (lang, *(o for o in other_langs if o != lang)))
    pages += cached.pop(lang)
    if not pages:
        raise CatalogueError("no pages found; sync stopped, nothing written",
                             ", ".join(options.sources) or str(options.cache))
    return pages, cached


def page_records(pages: Sequence[Page], segments: Sequence[Sequence[Segment]],
                 options: SyncOptions) -> tuple[PageRecord, ...]:
    """The catalogue records of ``pages``, given each page's segments (same order)."""
    return tuple(page_record(p, s, options.catalogue, options.root) for p, s in zip(pages, segments))


def extract_records(options: SyncOptions) -> tuple[PageRecord, ...]:
    """Extract and segment every source; any failing source stops the sync (nothing written)."""
    pages, _ = sync_pages(options)
    return page_records(pages, [segment_page(p) for p in pages], options)


def sync(options: SyncOptions) -> SyncReport:
    """Extract, segment, catalogue and merge: the whole `extractor sync` run."""
    return sync_records(extract_records(options), options)
