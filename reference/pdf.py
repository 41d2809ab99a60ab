"""HTML laid out as PDF by WeasyPrint with DejaVu Sans embedded for Cyrillic: the one
place that knows where the fonts are. Pure Python (no Django): commission.protocol and
the application card both use it."""

from __future__ import annotations

from pathlib import Path

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")


def font_faces(family: str) -> str:
    """``@font-face`` rules of ``family`` (regular and bold) from the embedded fonts."""
    regular = (FONT_DIRECTORY / "DejaVuSans.ttf").as_uri()
    bold = (FONT_DIRECTORY / "DejaVuSans-Bold.ttf").as_uri()
    return (
        f'@font-face {{ font-family: "{family}"; src: url("{regular}"), local("DejaVu Sans"); }}\n'
        f'@font-face {{ font-family: "{family}"; font-weight: bold;\n'
        f'             src: url("{bold}"), local("DejaVu Sans Bold"); }}\n'
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF bytes of a complete HTML document."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf = HTML(string=html, base_url=str(FONT_DIRECTORY)).write_pdf()
    if pdf is None:  # write_pdf() without a target returns the bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
