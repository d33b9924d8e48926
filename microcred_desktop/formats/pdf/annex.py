"""Page 2's content: every element of Annex I as label and value rows, ending with how to verify."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from microcred_desktop.domain.credential import CredentialDocument
from microcred_desktop.domain.langmap import pick
from microcred_desktop.i18n import N_

from .recording import Recorder, Stamp, markup
from .templates import MARGIN, PAGE_W, Design, Palette
from .wording import Wording

COLUMNS = 2
GUTTER = 10 * mm
COLUMN_W = (PAGE_W - 2 * MARGIN - GUTTER * (COLUMNS - 1)) / COLUMNS
LABEL_W = 40 * mm
VALUE_W = COLUMN_W - LABEL_W

Row = list[Flowable | list[Flowable]]

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
NONE = N_("Not applicable")
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


class _Para(Paragraph):
    """A paragraph that keeps its line breaks for the width it was last wrapped to. The table wraps each
    cell several times, and most texts are the same on every certificate of a course."""

    _wrapped: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):  # split drops it
            self.width, self.height = self._wrapped[1:]
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, width, height)
        return width, height


_made = threading.local()  # paragraphs are stateful: each thread (the GUI's preview, a batch) its own
MAX_KEPT = 500  # a course's texts in a few sizes; texts of one learner drop out


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """The paragraph of `text` in `style`, made once per thread and reused while it stays in use."""
    kept: OrderedDict[tuple[str, int], _Para] = _made.__dict__.setdefault("kept", OrderedDict())
    key = (text, id(style))  # styles are made once (`_styles` is cached), so an id names one for good
    para = kept.get(key)
    if para is None:
        para = kept[key] = _Para(markup(text), style)
        if len(kept) > MAX_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return para


def own_texts(doc: CredentialDocument) -> tuple[str, str]:
    """The learner's own texts on page 2, by stamp slot: the name and the credential id."""
    return doc.learner.full_name, doc.urn


def value_style(d: Design, p: Palette, scale: float) -> ParagraphStyle:
    """The style of a value, the learner's own texts included."""
    return _styles(d, p, scale)["value"]


@dataclass
class AnnexRows:
    """The rows of a credential's table, and the texts drawn in them but for the learner's own ((font, text)
    each: what every certificate of the course draws the same)."""

    rows: list[Row]
    texts: list[tuple[str, str]]


class _Annex:
    """Builds the rows of one credential's table in one or two languages."""

    def __init__(self, doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], scale: float,
                 recorder: Recorder | None) -> None:
        self.doc, self.words, self.styles, self.recorder = doc, words, _styles(d, p, scale), recorder
        self.rows: list[Row] = []
        self.texts: list[tuple[str, str]] = []

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        self.texts.append((style.fontName, text))
        return _para(text, style)

    def label(self, message: str) -> list[Flowable]:
        first = self.words[0].gettext(message)
        cell: list[Flowable] = [self.para(first, self.styles["label"])]
        for w in self.words[1:]:
            if (other := w.gettext(message)) != first:
                cell.append(self.para(other, self.styles["label2"]))
        return cell

    def own(self, message: str, slot: int) -> None:
        """A row whose value is the learner's own text, in `slot` of `own_texts`."""
        text = own_texts(self.doc)[slot]
        self.rows.append([self.label(message), [Stamp(text, self.styles["value"], slot, self.recorder)]])

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
        cell: list[Flowable] = [self.para(shown[0], self.styles["value"])]
        cell += [self.para(t, self.styles["second"]) for t in shown[1:]]
        self.rows.append([self.label(message), cell])

    def per_lang(self, message: str, text: Mapping[str, str], *, allow_empty: bool = False) -> None:
        langs = [w.lang for w in self.words]
        texts = [text.get(lang, "") for lang in langs]
        if not any(texts) and text:
            texts = [next(iter(text.values()))]  # only in a language the certificate is not in: still show it
        self.row(message, texts, allow_empty=allow_empty)

    def each(self, message: str, make: Callable[[Wording], str], *, allow_empty: bool = False) -> None:
        self.row(message, [make(w) for w in self.words], allow_empty=allow_empty)


def annex_rows(
    doc: CredentialDocument, d: Design, p: Palette, words: list[Wording], issuer: str, has_edc: bool, scale: float,
    recorder: Recorder | None = None,
) -> AnnexRows:
    """The rows (label cell, value cell) of the Annex I table, text at `scale` of the design sizes; the
    learner's own texts are stamps cut out of what `recorder` records."""
    a = _Annex(doc, d, p, words, scale, recorder)
    course, org = doc.course, doc.organisation
    a.own(LEARNER, 0)
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
    a.own(CREDENTIAL_ID, 1)
    a.each(VERIFY, lambda w: w.verify_help(org.verify_url, has_edc) + (
        "\n" + w.gettext("Issuer key: {key}").format(key=issuer) if issuer else ""))

    return AnnexRows(a.rows, a.texts)


def annex_table(rows: list[Row], d: Design, p: Palette, scale: float) -> Table:
    """`rows` as a table one column of the page wide, a thin rule between rows."""
    # splitInRow: a value taller than a column (dozens of outcomes) continues in the next one
    table = Table(rows, colWidths=[LABEL_W, VALUE_W], hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), d.body_font),  # else reportlab references Helvetica, never embedded
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * scale),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.4 * scale),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, _rule_colour(p)),
    ]))
    return table


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
