"""Control characters (C0 but tab and line feed, DEL, C1): what no stored text keeps and no
terminal is shown raw. An ESC or an OSC sequence (`ESC ] 52 ; …` writes the clipboard) in a
file name or an author field must not reach the terminal of whoever reads the warehouse."""
from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str, keep_lines: bool = False) -> str:
    """Text with each control character written out (ESC as `\\x1b`), for names that must
    stay distinct (file names, URLs) and for what a terminal shows. keep_lines: tabs and
    line feeds stay as they are."""
    pattern = CONTROL if keep_lines else _ANY_CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
