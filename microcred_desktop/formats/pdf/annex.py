"""Page 2: every element of Annex I as a two-column table, then how to verify the certificate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Table, TableStyle

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.langmap import pick
from microcred_desktop.i18n import N_

from .templates import MARGIN, PAGE_H, PAGE_W, Design, Palette
from .wording import Wording

COLUMNS = 2
GUTTER = 10 * mm
COLUMN_W = (PAGE_W - 2 * MARGIN - GUTTER * (COLUMNS - 1)) / COLUMNS
COLUMN_BOTTOM = MARGIN + 7 * mm
COLUMN_H = PAGE_H - MARGIN - 19 * mm - COLUMN_BOTTOM
LABEL_W = 40 * mm
VALUE_W = COLUMN_W - LABEL_W

# Row labels (English source strings; translated per language where they are drawn).
LEARNER = N_("Learner")
TITLE = N_("Title of the micro-credential")
AWARDED_BY = N_("Awarding body")
COMPLETED = N_("Date of completion")
ISSUED = N_("Date of issue")
OUTCOMES = N_("Learning outcomes")
WORKLOAD = N_("Notional workload")
LEVEL = N_("Level (EQF / NQF)")
FIELD = N_("Field of education (ISCED-F)")
ASSESSMENT = N_("Type of assessment")
PARTICIPATION = N_("Form of participation")
QUALITY = N_("Quality assurance")
PREREQUISITES = N_("Prerequisites")
SUPERVISION = N_("Supervision and identity verification")
GRADING = N_("Grading and grade")
STACKING = N_("Integration and stackability")
FURTHER = N_("Further information")
VALIDITY = N_("Validity")
CREDENTIAL_ID = N_("Credential ID")
VERIFY = N_("How to verify")
HEADING = N_("Details of the micro-credential")
NONE = N_("None")
NOT_SET = N_("Not stated")


@cache
def _styles(d: Design, p: Palette, scale: float) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, size: float, colour: Color, leading: float = 1.27) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size * scale, leading=size * scale * leading,
                              textColor=colour)

    return {
        "value": style("value", d.body_font, 9, p.ink),
        "second": style("second", d.body_font, 7.8, p.faint),
        "label": style("label", d.body_bold, 8.4, p.muted),
        "label2": style("label2", d.body_font, 7.4, p.faint),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _Annex:
    """Builds the rows of one credential's table in one or two languages."""

    def __init__(self, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], scale: float) -> None:
        self.doc, self.words, self.styles = doc, words, _styles(d, p, scale)
        self.rows: list[list[Flowable | list[Flowable]]] = []

    def label(self, message: str) -> list[Flowable]:
        first = self.words[0].gettext(message)
        cell: list[Flowable] = [_para(first, self.styles["label"])]
        for w in self.words[1:]:
            if (other := w.gettext(message)) != first:
                cell.append(_para(other, self.styles["label2"]))
        return cell

    def row(self, message: str, texts: list[str], *, allow_empty: bool = False) -> None:
        """A row whose value is given per language (first, second); equal or empty texts are shown once."""
        shown: list[str] = []
        for text in texts:
            if text and text not in shown:
                shown.append(text)
        if not shown:
            if not allow_empty:
                return
            shown = [self.words[0].gettext(NOT_SET)]
        cell: list[Flowable] = [_para(shown[0], self.styles["value"])]
        cell += [_para(t, self.styles["second"]) for t in shown[1:]]
        self.rows.append([self.label(message), cell])

    def per_lang(self, message: str, text: Mapping[str, str], *, allow_empty: bool = False) -> None:
        langs = [w.lang for w in self.words]
        texts = [text.get(lang, "") for lang in langs]
        if not any(texts) and text:
            texts = [next(iter(text.values()))]  # only in a language the certificate is not in: still show it
        self.row(message, texts, allow_empty=allow_empty)

    def each(self, message: str, make: Callable[[Wording], str], *, allow_empty: bool = False) -> None:
        self.row(message, [make(w) for w in self.words], allow_empty=allow_empty)


def annex_story(
    doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], issuer: str, has_edc: bool
) -> list[Flowable]:
    """The table of page 2, flowing through its two columns; set smaller (down to 80 %) when that makes
    it fit one page. A course with very long texts flows on to a third page rather than getting unreadable."""
    for scale in (1.0, 0.94, 0.87, 0.8):
        story = _story(doc, d, p, words, issuer, has_edc, scale)
        if _fits_columns(story[0], COLUMNS):
            break
    return story


def _fits_columns(table: Flowable, columns: int) -> bool:
    """Whether the table's rows, never split, fill at most `columns` frames of COLUMN_W × COLUMN_H."""
    table.wrap(COLUMN_W, COLUMN_H)
    used, frames = 0.0, 1
    for height in table._rowHeights:
        if used + height > COLUMN_H:
            frames, used = frames + 1, 0.0
        used += height
    return frames <= columns


def paint_annex_page(c: Canvas, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording]) -> None:
    """Accent bar and heading at the top, organisation, credential id and page number at the foot."""
    c.saveState()
    top = PAGE_H - MARGIN
    c.setFillColor(p.accent)
    c.rect(MARGIN, top - 1.2 * mm, 24 * mm, 1.2 * mm, stroke=0, fill=1)
    heading_font = d.title_font if d.heading_upper else d.heading_font
    first = words[0].gettext(HEADING)
    c.setFont(heading_font, 17)
    c.setFillColor(p.accent_text)
    c.drawString(MARGIN, top - 9 * mm, first)
    if len(words) > 1 and (second := words[1].gettext(HEADING)) != first:
        c.setFont(d.body_font, 10)
        c.setFillColor(p.faint)
        c.drawString(MARGIN, top - 14 * mm, second)
    c.setFont(d.body_font, 7.5)
    c.setFillColor(p.faint)
    footer = f"{doc.organisation.name_in(words[0].lang)}  ·  {doc.uuid}  ·  {c.getPageNumber()}"
    c.drawRightString(PAGE_W - MARGIN, MARGIN, footer)
    c.restoreState()


def annex_frames() -> list[Frame]:
    """Two columns under the heading, 10 mm apart."""
    return [
        Frame(MARGIN + i * (COLUMN_W + GUTTER), COLUMN_BOTTOM, COLUMN_W, COLUMN_H,
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"column{i}")
        for i in range(COLUMNS)
    ]


def _story(
    doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], issuer: str, has_edc: bool, scale: float
) -> list[Flowable]:
    a = _Annex(doc, d, p, words, scale)
    course, org = doc.course, doc.organisation
    a.row(LEARNER, [doc.learner.full_name])
    a.per_lang(TITLE, course.title)
    a.each(AWARDED_BY, lambda w: _awarded_by(doc, w))
    a.each(COMPLETED, lambda w: w.date_text(doc.completion_date))
    a.each(ISSUED, lambda w: w.date_text(doc.issued_at.date()))
    a.each(OUTCOMES, lambda w: _outcomes(doc, w), allow_empty=True)
    a.each(WORKLOAD, lambda w: w.workload(course), allow_empty=True)
    a.each(LEVEL, lambda w: _levels(doc, w))
    a.each(FIELD, lambda w: w.concept("isced-f", course.isced_f))
    a.each(ASSESSMENT, lambda w: w.concept("assessment", course.assessment), allow_empty=True)
    a.each(PARTICIPATION, lambda w: " · ".join(
        x for x in (w.concept("mode", course.mode), w.concept("setting", course.setting)) if x), allow_empty=True)
    a.per_lang(QUALITY, course.quality_assurance, allow_empty=True)
    a.per_lang(PREREQUISITES, course.prerequisites)
    a.each(SUPERVISION, lambda w: w.concept("supervision", course.supervision))
    a.each(GRADING, lambda w: _grading(doc, w))
    a.per_lang(STACKING, course.stacks_into)
    a.per_lang(FURTHER, course.further_information)
    a.each(VALIDITY, lambda w: _validity(doc, w))
    a.row(CREDENTIAL_ID, [doc.urn])
    a.each(VERIFY, lambda w: w.verify_help(org.verify_url, has_edc) + (
        "\n" + w.gettext("Issuer key: {key}").format(key=issuer) if issuer else ""))

    table = Table(a.rows, colWidths=[LABEL_W, VALUE_W], repeatRows=0, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), d.body_font),  # else reportlab references Helvetica, never embedded
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * scale),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.4 * scale),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, _rule_colour(p)),
    ]))
    return [table]


def _validity(doc: CredentialDocument, w: Wording) -> str:
    if doc.valid_until is None:
        return w.gettext("Does not expire")
    return w.gettext("Valid until {date}").format(date=w.date_text(doc.valid_until.date()))


def _rule_colour(p: Palette) -> Color:
    return Color(*(x + (1 - x) * 0.82 for x in p.muted.rgb()))


def _awarded_by(doc: CredentialDocument, w: Wording) -> str:
    org = doc.organisation
    ident = org.legal_identifier + (f" ({org.identifier_scheme})" if org.identifier_scheme else "")
    parts = [org.name_in(w.lang), ident, w.country(org.country)]
    return " · ".join(x for x in parts if x)


def _outcomes(doc: CredentialDocument, w: Wording) -> str:
    texts = [pick(o.text, (w.lang,)) for o in doc.course.learning_outcomes]
    return "\n".join(f"•  {text}" for text in texts if text)


def _levels(doc: CredentialDocument, w: Wording) -> str:
    course = doc.course
    parts = []
    if course.eqf_level:
        parts.append(w.eqf(course.eqf_level))
    if course.nqf_level:
        parts.append(w.gettext("NQF level {level}").format(level=course.nqf_level))
    return " · ".join(parts) or w.gettext(NONE)


def _grading(doc: CredentialDocument, w: Wording) -> str:
    scheme = doc.course.grading.get(w.lang, "")
    if doc.grade:
        grade = w.gettext("Grade: {grade}").format(grade=doc.grade)
        return f"{scheme} {grade}".strip()
    return scheme
