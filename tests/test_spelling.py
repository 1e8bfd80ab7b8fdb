"""One spelling for the whole interface and every document: the tone mark sits where current administrative
documents put it ("Ủy ban", "hóa", "thủy", "khỏe", "tùy" — Decree 30/2020 writes "Ủy ban nhân dân"), never the
older placement ("Uỷ ban", "hoá", "thuỷ", "khoẻ", "tuỳ"). The rule: in a syllable ending in the vowel pair oa, oe
or uy, the mark goes on the first vowel; "quý" is not such a pair (qu is the consonant)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every text a user or a reader of our documents sees: the catalogues, the templates, the code (document
# wording, demo data, enum labels), the front-end script and the docs.
SOURCES = [
    *ROOT.glob("traceapp/translations/*/LC_MESSAGES/messages.po"),
    *ROOT.glob("templates/**/*.html"),
    *ROOT.glob("traceapp/**/*.py"),
    *ROOT.glob("traceapp/static/js/*.js"),
    *ROOT.glob("tests/**/*.py"),
    *ROOT.glob("bench/*.py"),
    *ROOT.glob("docs/*.md"),
    ROOT / "README.md",
]
# A whole word (letters only) ending in o or u (not after q) followed by a vowel carrying the tone mark.
OLD_PLACEMENT = re.compile(r"(?<![^\W\d_])[^\W\d_]*?(?<![qQ])(?:o[áàảãạ]|o[éèẻẽẹ]|u[ýỳỷỹỵ])(?![^\W\d_])", re.I)


def old_placements(text: str) -> list[str]:
    return [match.group(0) for match in OLD_PLACEMENT.finditer(text)]


def test_the_rule_tells_the_two_spellings_apart():
    assert old_placements("Ủy ban nhân dân, văn hóa, thủy sản, sức khỏe, tùy chọn, quý III") == []
    assert old_placements("Uỷ ban, văn hoá, thuỷ sản, sức khoẻ, tuỳ chọn") == ["Uỷ", "hoá", "thuỷ", "khoẻ", "tuỳ"]
    assert old_placements("UỶ BAN NHÂN DÂN; HOÁ ĐƠN; hoàn thành; khoán; quý; xoá") == ["UỶ", "HOÁ", "xoá"]


def test_every_text_uses_one_spelling():
    found = {
        path.relative_to(ROOT).as_posix(): sorted(set(old_placements(path.read_text(encoding="utf-8"))))
        for path in SOURCES
        if path.name != Path(__file__).name
    }
    assert {path: words for path, words in found.items() if words} == {}
