"""Build the labelled set for `extractor check`: fixtures/check/check_set.po + labels.jsonl.

    .venv/bin/python benchmarks/make_check_set.py        # rewrites both files, byte-identical

Deterministic (fixed seed, no clock). Pairs come from benchmarks/check_pairs.py (hand-written
IOM-news Indonesian/English, plus sentence frames filled with numbers, dates, places and
people). Half of the entries get exactly one planted error of a known kind, chosen among the
kinds that can apply to the pair; the other half stay correct. The generator never calls the
checker, so the labels are independent of what `extractor check` happens to find.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_pairs import PAIRS, SLOTS, TEMPLATES  # noqa: E402
from extractor import dates  # noqa: E402
from extractor.po import Catalogue, Entry, format_po  # noqa: E402
from extractor.fsutil import atomic_write_text  # noqa: E402

SEED = 20221028
PER_TEMPLATE = 9
PER_KIND = 11
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "check"
KINDS = ("numbers", "urls", "placeholders", "names", "language", "identical", "whitespace",
         "punctuation", "brackets", "doubled", "length", "consistency")


def _usual_names(table: dict[str, int]) -> list[str]:
    """Each month's usual name, January first: the first one extractor.dates lists for it."""
    first: dict[int, str] = {}
    for name, month in table.items():
        first.setdefault(month, name.capitalize())
    return [first[m] for m in range(1, 13)]


MONTHS_ID = _usual_names(dates.MONTHS_ID)
MONTHS_EN = _usual_names(dates.MONTHS_EN)
PAGES = ("berita/pemulangan-nelayan", "berita/lokakarya-tppo", "berita/gempa-cianjur",
         "berita/migrasi-iklim", "berita/pengungsi-rohingya", "siaran-pers/nota-kesepahaman-bp2mi",
         "siaran-pers/hari-migran-internasional", "publikasi/laporan-dtm", "tentang-kami", "kontak")
SURNAMES = ("Hoffmann", "Labovitz", "Rhamdani", "Agustina", "Rofiatul", "Williams", "Laiskodat",
            "Nugraha", "Qoiriah", "Vitorino", "Marsudi", "Hasanah", "Mohammed")
SYNONYMS = (("said", "stated"), ("programme", "program"), ("migrant workers", "labour migrants"),
            ("Read more", "Continue reading"), ("Contact Us", "Get in Touch"), ("assisted", "helped"),
            ("received", "were given"), ("workshop", "seminar"), ("Publications", "Resources"),
            ("attended", "joined"), ("families", "households"), ("News", "Latest News"))


@dataclass(frozen=True)
class Item:
    msgid: str
    msgstr: str
    msgctxt: str | None = None
    kind: str = ""
    note: str = ""


def _count(rng: random.Random) -> tuple[str, str]:
    n = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 99999)])
    return f"{n:,}".replace(",", "."), f"{n:,}"


def _percent(rng: random.Random) -> tuple[str, str]:
    whole, tenth = rng.randint(2, 89), rng.randint(1, 9)
    if rng.random() < 0.5:
        return f"{whole},{tenth}%", f"{whole}.{tenth}%"
    if rng.random() < 0.5:
        return f"{whole},{tenth} persen", f"{whole}.{tenth} percent"
    return f"{whole}%", f"{whole}%"


def _date(rng: random.Random) -> tuple[str, str]:
    d, m, y = rng.randint(1, 28), rng.randint(0, 11), rng.randint(2018, 2023)
    english = f"{d} {MONTHS_EN[m]} {y}" if rng.random() < 0.8 else f"{MONTHS_EN[m]} {d}, {y}"
    return f"{d} {MONTHS_ID[m]} {y}", english


def _amount(rng: random.Random) -> tuple[str, str]:
    kind = rng.randint(0, 3)
    if kind == 0:
        whole, tenth = rng.randint(1, 9), rng.randint(1, 9)
        return f"Rp {whole},{tenth} miliar", f"IDR {whole}.{tenth} billion"
    if kind == 1:
        n = rng.randint(10, 900)
        return f"Rp{n} juta", f"IDR {n} million"
    if kind == 2:
        n = rng.randint(100, 9999) * 1000
        return f"Rp {n:,}".replace(",", "."), f"Rp {n:,}"
    n = rng.randint(10, 500) * 1000
    return f"USD {n:,}".replace(",", "."), f"USD {n:,}"


def _fill(rng: random.Random, template: tuple[str, str]) -> tuple[str, str]:
    values: dict[str, str] = {}
    values["n"], values["n_en"] = _count(rng)
    values["p"], values["p_en"] = _percent(rng)
    values["d"], values["d_en"] = _date(rng)
    values["amount"], values["amount_en"] = _amount(rng)
    values["prov"], values["prov_en"] = rng.choice(SLOTS["prov"])
    values["who"], values["who_en"] = rng.choice(SLOTS["who"])
    values["city"] = rng.choice(SLOTS["city"])
    values["year"] = str(rng.randint(2015, 2023))
    hour, minute = rng.randint(8, 16), rng.choice([0, 15, 30])
    values["time"], values["time_en"] = f"{hour:02d}.{minute:02d}", f"{hour:02d}:{minute:02d}"
    mag = f"{rng.randint(4, 7)},{rng.randint(1, 9)}"
    values["mag"], values["mag_en"] = mag, mag.replace(",", ".")
    return template[0].format(**values), template[1].format(**values)


def pairs(rng: random.Random) -> list[tuple[str, str]]:
    """The hand-written pairs plus PER_TEMPLATE distinct fillings of each frame."""
    out = list(PAIRS)
    seen = {p[0] for p in out}
    for template in TEMPLATES:
        made, tries = 0, 0
        while made < PER_TEMPLATE:
            tries += 1
            if tries > 1000:
                raise ValueError(f"frame has too few distinct fillings: {template[0]}")
            pair = _fill(rng, template)
            if pair[0] not in seen:
                seen.add(pair[0])
                out.append(pair)
                made += 1
    return out


_NUMBER = re.compile(r"(?<![\w.<>/-])\d+(?:[.,]\d+)*")
_WORD = re.compile(r"(?<=\s)[a-z]{2,}(?=\s)")


def _plant(kind: str, msgid: str, msgstr: str, rng: random.Random, others: list[str]) -> tuple[str, str] | None:
    """(new msgstr, note) with one error of ``kind``, or None when it cannot apply."""
    if kind == "numbers":
        nums = list(_NUMBER.finditer(msgstr))
        if not nums or not _NUMBER.search(msgid):
            return None
        months = [m for m in MONTHS_EN if m in msgstr]
        seps = [m for m in nums if re.search(r"[.,]", m.group())]
        way = rng.choice(["digit"] + ["month"] * bool(months) + ["notation"] * bool(seps) * 2)
        if way == "month":
            m = months[0]
            return msgstr.replace(m, MONTHS_ID[MONTHS_EN.index(m)], 1), f"month {m} left in Indonesian"
        if way == "notation":
            m = rng.choice(seps)
            swapped = m.group().translate(str.maketrans({".": ",", ",": "."}))
            return msgstr[: m.start()] + swapped + msgstr[m.end():], f"{m.group()} written {swapped}"
        m = rng.choice(nums)
        digits = m.group()
        i = max(i for i, ch in enumerate(digits) if ch.isdigit())
        changed = digits[:i] + str((int(digits[i]) + rng.randint(1, 8)) % 10) + digits[i + 1:]
        return msgstr[: m.start()] + changed + msgstr[m.end():], f"{digits} changed to {changed}"
    if kind == "urls":
        if "iom.int" not in msgstr:
            return None
        web = "://" in msgstr or "www." in msgstr
        way = rng.choice(["domain"] + ["path"] * web + ["mail"] * ("@" in msgstr))
        if way == "domain":
            return msgstr.replace("iom.int", "iom.org", 1), "iom.int became iom.org"
        if way == "mail":
            return re.sub(r"(\w)@", r"\1s@", msgstr, count=1), "letter added to e-mail address"
        if "/id" in msgstr:
            return msgstr.replace("/id", "", 1), "/id dropped from URL"
        return msgstr.replace("iom.int", "iom.int/en", 1), "/en added to URL"
    if kind == "placeholders":
        if "<1>" not in msgstr:
            return None
        way = rng.choice(["drop-close", "renumber", "drop-all"])
        if way == "drop-close":
            return msgstr.replace("</1>", "", 1), "</1> dropped"
        if way == "renumber":
            return msgstr.replace("<1>", "<3>").replace("</1>", "</3>"), "<1> renumbered <3>"
        return re.sub(r"</?1>", "", msgstr), "<1> and </1> dropped"
    if kind == "names":
        acronyms = [a for a in ("BP2MI", "GCM", "DTM", "IOM") if re.search(rf"\b{a}\b", msgstr) and a in msgid]
        surnames = [s for s in SURNAMES if s in msgstr and s in msgid]
        if not acronyms and not surnames:
            return None
        if surnames and (not acronyms or rng.random() < 0.5):
            s = rng.choice(surnames)
            if re.search(r"(.)\1", s):
                wrong = re.sub(r"(.)\1", r"\1", s, count=1)
            else:
                wrong = s[:2] + s[3] + s[2] + s[4:]
            return msgstr.replace(s, wrong), f"{s} misspelled {wrong}"
        a = rng.choice(acronyms)
        instead = {"IOM": "agency", "BP2MI": "agency"}.get(a, "")
        new = re.sub(rf"(\b[Tt]he )?\b{a}\b ?", lambda m: (m.group(1) or "the ") + instead + " " if instead else "",
                     msgstr, count=1)
        new = re.sub(r" ?\(\)", "", new.replace(" )", ")")).replace("  ", " ").strip()
        return new or msgstr, f"{a} dropped"
    if kind == "language":
        if len(msgid.split()) < 4 or "<" in msgid:
            return None
        way = rng.choice(["other", "stripped"])
        if way == "other" or msgid.rstrip(".?!") == msgid:
            return rng.choice(others), "Indonesian of another entry pasted"
        return msgid.rstrip(".?!"), "Indonesian source copied without final punctuation"
    if kind == "identical":
        return (msgid, "source copied") if msgid != msgstr else None
    if kind == "whitespace":
        way = rng.choice(["trail", "lead", "newline"])
        return {"trail": (msgstr + " ", "trailing space added"), "lead": (" " + msgstr, "leading space added"),
                "newline": (msgstr + "\n", "trailing newline added")}[way]
    if kind == "punctuation":
        if msgstr.endswith("."):
            way = rng.choice(["drop", "bang", "comma"])
            new = msgstr[:-1] + {"drop": "", "bang": "!", "comma": ","}[way]
            return new, f"final . became {new[-1] if way != 'drop' else 'nothing'}"
        if msgstr.endswith(("?", "!", ":")):
            return msgstr[:-1] + ".", f"final {msgstr[-1]} became ."
        return (msgstr + ".", "final . added") if msgstr[-1:].isalnum() else None
    if kind == "brackets":
        if msgstr.count(")") == 1:
            return msgstr.replace(")", "", 1), ") dropped"
        if msgstr.count('"') == 2:
            i = msgstr.rindex('"')
            return msgstr[:i] + msgstr[i + 1:], "closing quote dropped"
        return None
    if kind == "doubled":
        words = list(_WORD.finditer(msgstr))
        if len(msgstr.split()) < 4:
            return None
        if words and rng.random() < 0.7:
            w = rng.choice(words)
            return msgstr[: w.end()] + " " + w.group() + msgstr[w.end():], f'"{w.group()}" doubled'
        spaces = [m.start() for m in re.finditer(" ", msgstr)]
        i = rng.choice(spaces)
        return msgstr[:i] + " " + msgstr[i:], "double space"
    if kind == "length":
        words = msgstr.split()
        if len(words) < 8 or re.search(r"[\d<(\"@/]", msgstr):
            return None
        if rng.random() < 0.5:
            return msgstr + " " + msgstr, "translation pasted twice"
        keep = words[: max(3, int(len(words) * 0.35))]
        if any(w[0].isupper() for w in words[len(keep):]):
            return msgstr + " " + msgstr, "translation pasted twice"
        return " ".join(keep).rstrip(",;") + msgstr[-1], "second part of the sentence dropped"
    raise ValueError(kind)


def build(rng: random.Random) -> list[Item]:
    """All entries in file order: planted and clean pairs, then repeated msgids in context."""
    base = pairs(rng)
    rng.shuffle(base)
    # Indonesian sentences a translator might paste by mistake: plain running text.
    others = [p[0] for p in base if len(p[0].split()) >= 6 and not re.search(r"[\d<@]", p[0])]
    items: list[Item | None] = [None] * len(base)
    for kind in KINDS[:-1]:
        planted = 0
        for i, (msgid, msgstr) in enumerate(base):
            if planted == PER_KIND:
                break
            if items[i] is not None:
                continue
            result = _plant(kind, msgid, msgstr, rng, [o for o in others if o != msgid])
            if result is not None and result[0] != msgstr:
                items[i] = Item(msgid, result[0], None, kind, result[1])
                planted += 1
    clean = [Item(m, s) for i, (m, s) in enumerate(base) if items[i] is None]
    entries = [item or Item(*base[i]) for i, item in enumerate(items)]
    repeats: list[Item] = []
    for item in clean:
        subs = [(a, b) for a, b in SYNONYMS if a in item.msgstr]
        planted = sum(r.kind == "consistency" for r in repeats)
        if subs and planted < PER_KIND:
            a, b = subs[0]
            repeats.append(Item(item.msgid, item.msgstr.replace(a, b, 1), "sidebar", "consistency",
                                f'"{a}" became "{b}" in a second place'))
    for item in clean[-6:]:
        repeats.append(Item(item.msgid, item.msgstr, "sidebar"))
    return entries + repeats


def catalogue(items: list[Item], rng: random.Random) -> Catalogue:
    entries = []
    for n, item in enumerate(items):
        page = rng.choice(PAGES)
        flags = ("fuzzy",) if rng.random() < 0.1 else ()
        entries.append(Entry(msgid=item.msgid, msgstr=item.msgstr, msgctxt=item.msgctxt, flags=flags,
                             references=(f"/id/{page}:{n % 7 + 1}",)))
    header = (("Project-Id-Version", "extractor check set"), ("PO-Revision-Date", "2023-01-31 09:00+0700"),
              ("Last-Translator", "IOM Indonesia translators"), ("Language-Team", "English"), ("Language", "en"),
              ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
              ("Content-Transfer-Encoding", "8bit"), ("Plural-Forms", "nplurals=2; plural=(n != 1);"))
    return Catalogue(header=header, entries=tuple(entries))


def write(out: Path, seed: int = SEED) -> tuple[int, int]:
    """Write check_set.po and labels.jsonl for ``seed`` into ``out``; return (entries, planted)."""
    rng = random.Random(seed)
    items = build(rng)
    atomic_write_text(out / "check_set.po", format_po(catalogue(items, rng)))
    labels = "".join(json.dumps({"msgctxt": i.msgctxt, "msgid": i.msgid, "kind": i.kind, "note": i.note},
                                ensure_ascii=False) + "\n" for i in items)
    atomic_write_text(out / "labels.jsonl", labels)
    return len(items), sum(bool(i.kind) for i in items)


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the labelled set for `extractor check`.")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (default: fixtures/check)")
    args = parser.parse_args()
    entries, planted = write(args.out, args.seed)
    print(f"{entries} entries, {planted} with a planted error, {entries - planted} clean -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
