"""Bytes to text: UTF-8 when it is, else the encoding charset-normalizer detects, named in a note."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# <meta charset="windows-1256"> or <meta http-equiv="Content-Type" content="text/html; charset=...">
DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


# English text with a few accented names (under this share of its bytes outside ASCII) that is not
# UTF-8 is windows-1252 (a superset of Latin-1's letters); charset-normalizer, given so few
# telling bytes, ranks Japanese or Central European code pages first
WESTERN_SHARE = 0.05


@dataclass
class Decoded:
    text: str
    note: str | None = None  # how the text was decoded, when it was not UTF-8


def decode(data: bytes) -> Decoded:
    """The text: UTF-8; else in the charset an HTML page declares; else as charset-normalizer
    detects (a page of English with a few Arabic names is too little to detect reliably: the
    declaration, which Arabic sites give, comes first)."""
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        first_bad = error.start
    declared = _declared(data)
    if declared:
        return Decoded(
            data.decode(declared), f"not UTF-8 (byte {first_bad}); read as {declared}, as the page declares"
        )
    if sum(byte > 127 for byte in data) < WESTERN_SHARE * len(data):
        try:  # a few accented names in English text: what they almost always are
            return Decoded(data.decode("cp1252"), f"not UTF-8 (byte {first_bad}); read as cp1252, as "
                           "English text with a few letters outside ASCII almost always is")  # fmt: skip
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return Decoded(
            str(best), f"not UTF-8 (byte {first_bad}); read as {best.encoding}, the encoding detected"
        )
    # nothing fits every byte: windows-1252 decodes all but five, which are replaced and counted
    text = data.decode("cp1252", errors="replace")
    return Decoded(
        text,
        f"not UTF-8 (byte {first_bad}) and no encoding detected; read as cp1252 with "
        f"{text.count(chr(0xFFFD))} undecodable byte(s) replaced",
    )


def _declared(data: bytes) -> str | None:
    """The charset an HTML page declares, when Python knows it and it decodes the page."""
    found = DECLARED.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        codecs.lookup(name)
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return name
