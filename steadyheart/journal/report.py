"""The report a person can bring to a therapist: one or two pages, as HTML or PDF (fpdf2).

It opens by saying it is not a clinical assessment, and holds only counts, averages, one trend chart
and the notes the person chose to share. matplotlib and fpdf2 come with the `reports` extra.
"""

from __future__ import annotations

import html
import io
import os
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from steadyheart.errors import InputError
from steadyheart.journal.charts import build_figures, figure_bytes
from steadyheart.journal.report_data import NOT_CLINICAL, ReportData, gather, sections
from steadyheart.store.base import utcnow

FORMATS = ("pdf", "html")
MAX_WEEKS = 104
FOOTER = "Made with Steadyheart, a private AI companion. It is not a therapist and does not diagnose."


def build_report(session: Session, user_id: int, weeks: int, fmt: str, *, now: datetime | None = None) -> bytes:
    """The report for the last `weeks` weeks up to `now`, as PDF or UTF-8 HTML bytes."""
    if fmt not in FORMATS:
        raise InputError(f"A report can be made as {' or '.join(FORMATS)}, not '{fmt}'.")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputError(f"A report covers between 1 and {MAX_WEEKS} weeks, not {weeks}.")
    data = gather(session, user_id, weeks, now or utcnow())
    return render_pdf(data) if fmt == "pdf" else render_html(data).encode("utf-8")


def _title(data: ReportData) -> tuple[str, str]:
    who = f"{data.name}'s summary" if data.name else "My summary"
    period = f"{data.start:%d %b %Y} to {data.end:%d %b %Y} ({data.weeks} weeks)"
    return f"{who} to share with my therapist", period


def _trend(data: ReportData, fmt: str) -> bytes:
    zone = data.end.tzinfo or UTC
    figure = build_figures(data.timeline, zone, ("trend",))["trend"]
    figure.set_size_inches(8, 3)
    return figure_bytes(figure, fmt)


def render_html(data: ReportData) -> str:
    title, period = _title(data)
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class='period'>{html.escape(period)}</p>",
             f"<p class='notice' role='note'><strong>{html.escape(NOT_CLINICAL)}</strong></p>"]
    for heading, rows, empty in sections(data):
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if heading == "Check-in trends" and data.timeline.checkins:
            svg = _trend(data, "svg").decode("utf-8")
            parts.append("<figure>" + svg[svg.index("<svg"):] + "<figcaption>Daily averages from check-ins "
                         "(0-10), and the intensity noticed in chat.</figcaption></figure>")
        if rows:
            body = "".join(f"<tr><th scope='row'>{html.escape(r.label)}</th><td>{html.escape(r.value)}</td></tr>"
                           for r in rows)
            parts.append(f"<table>{body}</table>")
        else:
            parts.append(f"<p>{html.escape(empty)}</p>")
    parts.append(f"<footer>{html.escape(FOOTER)}</footer>")
    style = ("body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#1a1a1a;line-height:1.4}"
             ".notice{border:2px solid #0072B2;padding:.6rem;border-radius:6px}"
             "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2rem .5rem;"
             "border-bottom:1px solid #ddd;vertical-align:top}th{width:40%;font-weight:600}"
             "h2{font-size:1.1rem;margin:1rem 0 .3rem}figure{margin:0}svg{max-width:100%;height:auto}"
             "footer{margin-top:1.5rem;font-size:.85rem;color:#444}@media print{body{margin:0}}")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _font_dir() -> str:
    import matplotlib

    # DejaVu ships with matplotlib (same extra): full Unicode for names and notes, nothing to download.
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf")


def render_pdf(data: ReportData) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_creation_date(data.end)
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", os.path.join(_font_dir(), "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", os.path.join(_font_dir(), "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    title, period = _title(data)
    pdf.set_title(title)
    width = pdf.epw
    bold = FontFace(emphasis="BOLD")
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(width, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    pdf.multi_cell(width, 5, period, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_draw_color(0, 114, 178)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.multi_cell(width, 5, NOT_CLINICAL, border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")
    for heading, rows, empty in sections(data):
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(width, 6, heading, new_x="LMARGIN", new_y="NEXT")
        if heading == "Check-in trends" and data.timeline.checkins:
            pdf.image(io.BytesIO(_trend(data, "png")), w=width * 0.8)
        pdf.set_font("DejaVu", "", 9.5)
        if not rows:
            pdf.multi_cell(width, 5, empty, align="L", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(col_widths=(38, 62), first_row_as_headings=False, borders_layout="NONE", align="L",
                       text_align="LEFT", line_height=4.6, padding=(0.4, 1, 0.4, 0), width=width) as table:
            for row in rows:
                cells = table.row()
                cells.cell(row.label, style=bold)
                cells.cell(row.value)
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(width, 4, FOOTER, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
