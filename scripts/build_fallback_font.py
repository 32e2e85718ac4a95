"""Rebuild the fallback font: Noto Sans CJK JP Regular cut down to what Japanese text needs.

    apt-get install fonts-noto-cjk          # the source (Debian; OFL 1.1)
    .venv/bin/python scripts/build_fallback_font.py [--source NotoSansCJK-Regular.ttc]

IPAexGothic, the app's face, covers JIS X 0208 but not the JIS X 0213 additions, so names such
as 𠮷田 (U+20BB7) or 﨑 rendered as boxes. The fallback keeps every character of JIS X 0213:2004
(which contains JIS X 0208), the Windows code page 932 extensions (NEC and IBM kanji, ①, ㈱ —
what customer lists exported from Windows tools carry), every ideograph of the supplementary
planes that the JP face draws (CJK Extension B and later: that is where the variants of family
names beyond JIS live — 𠮷 itself is not in JIS X 0213 but in Adobe-Japan1 — +0.65 MB), ASCII,
half-width katakana and the Japanese punctuation blocks, with the OpenType features Japanese
layout uses: vertical forms (``vert``/``vrt2``, for postcards written top to bottom),
proportional and half-width metrics (``palt``/``halt`` and their vertical twins), kerning.
``locl`` is left out on purpose: in the JP face it only switches to Chinese and Korean glyph
forms, and would double the file. The character set is computed from Python's own codecs,
so the script needs nothing but fontTools (a test dependency) and the source font.

The family name stays "Noto Sans CJK JP" (the licence reserves only the name "Source").
The licence text is ``resources/fonts/OFL-NotoSansCJK.txt``; see ``resources/fonts/README.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "resources" / "fonts" / "NotoSansJP-JIS2004-Regular.otf"
SOURCES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
)
FAMILY = "Noto Sans CJK JP"
FEATURES = [
    "ccmp", "kern", "palt", "halt", "liga",
    "vert", "vrt2", "vkrn", "vpal", "vhal",
]
SUPPLEMENTARY = 0x20000  # CJK Unified Ideographs Extension B onwards
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (¥, ×, ÷, accented names)
    (0x2000, 0x206F),  # general punctuation (‐, —, ‥, …, ※)
    (0x2100, 0x218F),  # letter-like symbols and Roman numerals (℡, №, Ⅻ)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions (Ainu)
    (0x3200, 0x33FF),  # enclosed CJK and compatibility (㈱, ㍻, ㌔)
    (0xFF00, 0xFFEF),  # full-width forms and half-width katakana
)


def jis_characters() -> set[str]:
    """Every character of JIS X 0213:2004 (planes 1 and 2) and of Windows-31J (cp932)."""
    chars: set[str] = set()
    rows = range(0xA1, 0xFF)
    for first in rows:  # EUC-JIS-2004 plane 1 (JIS X 0208 + 0213 plane 1)
        for second in rows:
            chars.update(_decode(bytes((first, second)), "euc_jis_2004"))
            chars.update(_decode(bytes((0x8F, first, second)), "euc_jis_2004"))  # plane 2
    for first in [*range(0x81, 0xA0), *range(0xE0, 0xFD)]:  # cp932 double-byte area
        for second in [*range(0x40, 0x7F), *range(0x80, 0xFD)]:
            chars.update(_decode(bytes((first, second)), "cp932"))
    for low, high in EXTRA_RANGES:
        chars.update(map(chr, range(low, high + 1)))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def _decode(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)  # some JIS X 0213 cells are two code points (か゚)
    except UnicodeDecodeError:
        return ""


def open_source(path: Path) -> TTFont:
    """The Japanese face of the collection (or the font itself for an .otf)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(path)
    for font in TTCollection(path).fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{path} has no face named {FAMILY!r}")


def build(source: Path, output: Path = OUTPUT) -> tuple[int, int, int]:
    """Write the subset; returns (characters asked, characters kept, bytes)."""
    font = open_source(source)
    cmap = font.getBestCmap()
    wanted = jis_characters() | {chr(code) for code in cmap if code >= SUPPLEMENTARY}
    codepoints = sorted({ord(c) for c in wanted if ord(c) in cmap})
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]  # keep the copyright, licence and trademark notices
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(output)
    return len(wanted), len(codepoints), output.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc (or the JP .otf)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    source = args.source or next((p for p in SOURCES if p.exists()), None)
    if source is None:
        print("Noto Sans CJK not found: apt-get install fonts-noto-cjk, or pass --source",
              file=sys.stderr)
        return 2
    asked, kept, size = build(source, args.output)
    missing = asked - kept
    print(f"{args.output.name}: {kept} characters ({missing} of the {asked} asked are not in "
          f"{source.name}), {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
