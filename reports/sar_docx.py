"""The self-assessment report as a Word document (python-docx), from the same data as its PDF (reports/sar.py).

Editable: real headings (the contents are a Word field over them), paragraphs and lists from each text
(assessments/richtext.py), tables for evidence and indicator values, each indicator's chart as a picture painted
from the same SVG as the PDF's (reports/raster.py). Every page's header states the document's standing (a draft
says so); the footer numbers the pages. Texts are in the language active when it is called.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from assessments import richtext
from assessments.results_scoring import quantity_display
from assessments.scoring import score_display
from pmqa.templatetags.thai_dates import be_date
from reports import docx_kit, wording
from reports.raster import svg_to_png


def _score(scored) -> str:
    return "—" if scored is None else str(score_display(scored.score))


def _level_name(level) -> str:
    return level.name if level else _("Below Basic")


def _text(document, text: str, *, style: str | None = None) -> None:
    """A person's text as Word paragraphs and lists (bullets as a list style; numbers as typed)."""
    for block in richtext.blocks(text):
        if block.kind == "paragraph":
            paragraph = document.add_paragraph(style=style)
            for index, line in enumerate(block.lines):
                run = paragraph.add_run(line)
                if index + 1 < len(block.lines):
                    run.add_break()
        elif block.kind == "bullets":
            for _marker, item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            for marker, item in block.items:
                paragraph = document.add_paragraph(f"{marker}\t{item}", style=style)
                paragraph.paragraph_format.left_indent = Cm(0.9)
                paragraph.paragraph_format.first_line_indent = Cm(-0.9)


def _facts(document, pairs) -> None:
    paragraph = document.add_paragraph(style="Small")
    for index, (label, value) in enumerate(pairs):
        if index:
            paragraph.add_run("   ")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))


def _evidence_table(document, evidence_list) -> None:
    if not evidence_list:
        return
    rows = [
        [
            e.title,
            be_date(e.produced_on, "short") or "—",
            e.file_name if e.kind == "file" else e.url,
        ]
        for e in evidence_list
    ]
    docx_kit.table_add(
        document, [_("Evidence"), _("Date produced"), _("File or link")], rows, widths=[Cm(7), Cm(3), Cm(6)], size=10
    )
    document.add_paragraph()


def _page_setup(document, standing: str, agency: str) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.8)
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(standing)
    run.bold = True
    header.add_run(f"  ·  {agency}")
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    docx_kit.field_add(footer, "PAGE", "1")
    footer.add_run(" / ")
    docx_kit.field_add(footer, "NUMPAGES", "1")
    for paragraph in (header, footer):
        for r in paragraph.runs:
            docx_kit.font_set(r._r.get_or_add_rPr(), 10)


def _cover(document, data):
    """The cover and an empty contents page; returns the paragraph where the contents go."""
    assessment = data["assessment"]
    document.add_paragraph(_("Public Sector Management Quality Award") + " (PMQA 4.0)", style="Small")
    document.add_paragraph(_("Self-assessment report (SAR)"), style="Title")
    standing = document.add_paragraph()
    standing.add_run(data["status_line"]).bold = True
    document.add_paragraph()
    name = document.add_paragraph()
    name.add_run(assessment.agency.name).bold = True
    name.runs[0].font.size = Pt(18)
    document.add_paragraph(assessment.agency.ministry.name)
    facts = [
        (_("Cycle"), str(assessment.cycle)),
        (_("Criteria"), assessment.cycle.edition.name),
        (_("Status"), assessment.get_status_display()),
    ]
    if assessment.submitted_at:
        facts.append((_("Submitted"), be_date(assessment.submitted_at)))
    if data["final"]:
        facts.append((_("Finalised"), be_date(assessment.finalised_at)))
    target = assessment.target_score
    facts += [
        (_("Target"), _("not set") if target is None else str(target)),
        (_("Date of the report"), be_date(timezone.now())),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_page_break()
    document.add_paragraph(_("Contents"), style="TOC Heading")
    contents = document.add_paragraph()
    document.add_page_break()
    return contents


def _summary(document, data) -> None:
    final = data["final"]
    document.add_heading(_("Summary of scores"), level=1)
    header = [_("Category"), _("Self-assessed score")] + ([_("Result")] if final else [])
    rows = [
        [f"{c.category.number}. {c.category.title}", _score(c.claimed)] + ([_score(c.result)] if final else [])
        for c in data["categories"]
    ]
    c7 = data["category_7"]
    if c7["rows"]:
        rows.append(
            [f"7. {_('Results')} ({_('self, by the rule')})", _score(c7["own"])]
            + ([_score(c7["reviewed"])] if final else [])
        )
    overall = [_("Overall"), f"{_score(data['own'].overall)} · {_level_name(data['own_level'])}"]
    if final:
        overall.append(f"{_score(data['reviewed'].overall)} · {_level_name(data['reviewed_level'])}")
    docx_kit.table_add(document, header, rows + [overall])
    note = wording.overall_rule(c7.get("rule"))
    document.add_paragraph(note, style="Small")


def _profile(document, data) -> None:
    if not data["profile_rows"]:
        return
    document.add_page_break()
    document.add_heading(_("Organisation profile"), level=1)
    for row in data["profile_rows"]:
        title = f"{row.section.number} {row.section.title}"
        if row.answer is None:
            document.add_heading(title, level=2 if row.depth == 0 else 3)
            continue
        document.add_heading(title, level=3 if row.depth <= 1 else 4)
        if row.answer.text:
            _text(document, row.answer.text)
        else:
            document.add_paragraph(_("Not written."), style="Small")
        _evidence_table(document, list(row.answer.evidence.all()))
        if data["final"]:
            for comment in row.answer.review_comments.all():
                document.add_paragraph(_("Reviewer's comment") + f": {comment.body}", style="Small")


def _categories(document, data) -> None:
    final = data["final"]
    for entry in data["categories"]:
        document.add_page_break()
        document.add_heading(_("Category %(n)s") % {"n": entry.category.number} + f": {entry.category.title}", level=1)
        for item in entry.items:
            response = item.response
            document.add_heading(f"{response.item.code} {response.item.title}", level=2)
            facts = [
                (_("Claimed"), f"{_score(item.claimed)} · {_level_name(item.claimed_level)}"),
                (_("Status"), response.get_status_display()),
            ]
            if response.owner:
                facts.append((_("Owner"), str(response.owner)))
            _facts(document, facts)
            for lv in item.levels:
                fraction = lv.answer.fraction if lv.answer else 0
                document.add_heading(
                    f"{lv.level.name} ({lv.level.points}) · " + _("met %(fraction)s %%") % {"fraction": fraction},
                    level=3,
                )
                if lv.descriptor:
                    quote = document.add_paragraph(lv.descriptor.text, style="Small")
                    quote.paragraph_format.left_indent = Cm(0.6)
                if lv.answer and lv.answer.narrative:
                    _text(document, lv.answer.narrative)
                else:
                    document.add_paragraph("—", style="Small")
            _evidence_table(document, item.evidence)
            if final:
                _facts(
                    document,
                    [
                        (_("Result"), _score(item.result)),
                        (_("Strengths"), (item.review.strengths if item.review else "") or "—"),
                        (_("Opportunities for improvement"), (item.review.improvements if item.review else "") or "—"),
                    ],
                )


def _results(document, data) -> None:
    c7 = data["category_7"]
    if not c7["rows"]:
        return
    document.add_page_break()
    document.add_heading(_("Category 7: results"), level=1)
    document.add_paragraph(c7["rule_row"].source, style="Small")
    for entry in c7["rows"]:
        response = entry.row.response
        document.add_heading(f"{response.item.code} {response.item.title}", level=2)
        facts = [(_("Score by the rule"), _score(entry.own)), (_("Status"), response.get_status_display())]
        if data["final"]:
            facts.append((_("Result"), _score(entry.reviewed)))
        _facts(document, facts)
        if not entry.row.table:
            document.add_paragraph(_("No indicators reported."), style="Small")
        for number, (indicator, values) in enumerate(entry.row.table, start=1):
            document.add_heading(f"{number}. {indicator.name}", level=3)
            header = [_("Unit"), _("Which way is better"), _("Target")] + [str(y) for y in c7["years"]]
            row = [indicator.unit or "—", indicator.get_direction_display(), quantity_display(indicator.target)]
            docx_kit.table_add(document, header, [row + [quantity_display(v) for v in values]], size=10)
            _facts(document, [(_("Data source"), indicator.data_source or "—")])
            if indicator.notes:
                _text(document, indicator.notes, style="Small")
            picture = document.add_paragraph()
            picture.add_run().add_picture(io.BytesIO(svg_to_png(indicator.chart)), width=Cm(14))
            caption = document.add_paragraph(style="Caption")
            caption.add_run(_("Values and target by fiscal year: %(name)s") % {"name": indicator.name})
            _evidence_table(document, list(indicator.evidence.all()))
        if data["final"] and entry.review:
            _facts(
                document,
                [
                    (_("Strengths"), entry.review.strengths or "—"),
                    (_("Opportunities for improvement"), entry.review.improvements or "—"),
                ],
            )


def _appendix(document, data) -> None:
    document.add_page_break()
    document.add_heading(_("Appendix: all evidence"), level=1)
    rows = [
        [
            str(entry.number),
            entry.evidence.title,
            be_date(entry.evidence.produced_on, "short") or "—",
            entry.evidence.file_name if entry.evidence.kind == "file" else entry.evidence.url,
            ", ".join(entry.supports) or "—",
        ]
        for entry in data["evidence_appendix"]
    ]
    docx_kit.table_add(
        document,
        ["#", _("Title"), _("Date produced"), _("File or link"), _("Supports")],
        rows or [["", _("No evidence."), "", "", ""]],
        widths=[Cm(1), Cm(5.5), Cm(2.5), Cm(4.5), Cm(3.2)],
        size=10,
    )


def sar_docx(data: dict) -> bytes:
    """The SAR of `data` (reports.sar.sar_data) as the bytes of a .docx file."""
    document = Document()
    docx_kit.styles_prepare(document)
    assessment = data["assessment"]
    _page_setup(document, data["status_line"], assessment.agency.name)
    properties = document.core_properties
    properties.title = f"{_('Self-assessment report (SAR)')} · {assessment.agency.name} · {assessment.cycle}"
    properties.author = assessment.agency.name
    properties.language = "th-TH"
    properties.keywords = "PMQA 4.0, SAR"
    contents = _cover(document, data)
    _summary(document, data)
    _profile(document, data)
    _categories(document, data)
    _results(document, data)
    _appendix(document, data)
    docx_kit.toc_fill(document, contents)
    docx_kit.update_fields_on_open(document)
    docx_kit.fonts_embed(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
