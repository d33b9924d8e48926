"""Add or edit a course: every Annex I element, validated next to the field."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import vocabularies
from ...domain.course import AchievementKind, Course, LearningOutcome, Mode, Setting, Supervision
from ...i18n import LANGUAGES, _, current_language
from ..widgets.form import Validator
from ..widgets.langmap_edit import LangMapEdit, language_name

COURSE_LANGUAGES = ["lt", "lv", "en", "et", "pl", "de", "fr", "ru", "uk"]


def _combo(items: list[tuple[str, object]], none_label: str | None = None) -> QComboBox:
    combo = QComboBox()
    if none_label is not None:
        combo.addItem(none_label, None)
    for label, data in items:
        combo.addItem(label, data)
    return combo


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def _vocab(name: str) -> list[tuple[str, object]]:
    lang = current_language()
    return [(c.label(lang), c.uri) for c in vocabularies.concepts(name)]


class CourseDialog(QDialog):
    def __init__(self, course: Course | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = course
        self.setWindowTitle(_("Edit course") if course else _("New course"))
        self.resize(720, 640)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Save"))
        self.validator = Validator(ok)
        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), _("Course"))
        tabs.addTab(self._outcomes_tab(), _("Learning outcomes"))
        tabs.addTab(self._annex_tab(), _("Workload, level and assessment"))
        tabs.addTab(self._optional_tab(), _("More (optional)"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self._on_languages()
        if course is not None:
            self._load(course)
        self.validator.check()

    # tabs -------------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        v = self.validator
        self.code = QLineEdit()
        self.code.setMaxLength(60)
        self.code.setPlaceholderText(_("e.g. WELD-01"))
        v.add(form, _("Code:"), self.code, lambda: "" if self.code.text().strip() else _("A course code is required."))
        self.kind = _combo([(_("Course completion"), AchievementKind.COURSE),
                            (_("Volunteering / community service"), AchievementKind.VOLUNTEERING),
                            (_("Participation"), AchievementKind.PARTICIPATION)])
        v.add(form, _("Recognises:"), self.kind)
        langs = [(language_name(code), code) for code in COURSE_LANGUAGES]
        self.lang1 = _combo(langs)
        _select(self.lang1, current_language() if current_language() in LANGUAGES else "en")
        self.lang2 = _combo(langs, _("(none)"))
        v.add(form, _("Main language:"), self.lang1)
        v.add(form, _("Second language:"), self.lang2,
              lambda: _("Choose two different languages.") if self.lang2.currentData() == self.lang1.currentData()
              else "")
        self.title = LangMapEdit()
        v.add(form, _("Title:"), self.title,
              lambda: _("The title is missing in: {langs}.").format(langs=", ".join(map(language_name, m)))
              if (m := self.title.missing()) else "")
        self.description = LangMapEdit(multiline=True)
        v.add(form, _("Description:"), self.description)
        for combo in (self.lang1, self.lang2):
            combo.currentIndexChanged.connect(self._on_languages)
        self.code.textChanged.connect(self.validator.check)
        self.title.changed.connect(self.validator.check)
        return page

    def _outcomes_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("One learning outcome per line, in the same order in each language. "
                                  "Start each with a verb: \u201cWeld fillet joints safely.\u201d")))
        self.outcomes = LangMapEdit(multiline=True)
        layout.addWidget(self.outcomes)
        self.esco = QPlainTextEdit()
        self.esco.setPlaceholderText(_("Optional: the ESCO skill address for each line, in the same order"))
        self.esco.setFixedHeight(60)
        self.esco.setAccessibleName(_("ESCO skills"))
        layout.addWidget(self.esco)
        self.outcome_error = QLabel()
        self.outcome_error.setObjectName("fieldError")
        layout.addWidget(self.outcome_error)
        layout.addStretch(1)
        self.outcomes.changed.connect(self.validator.check)
        self.validator.add_rule(_OutcomeErrorProxy(self), self._outcome_problem)
        return page

    def _annex_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        v = self.validator
        self.ects = QDoubleSpinBox()
        self.ects.setRange(0, 300)
        self.ects.setDecimals(1)
        self.ects.setSpecialValueText(_("not given"))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 5000)
        self.hours.setDecimals(0)
        self.hours.setSpecialValueText(_("not given"))
        workload = _("Give the workload in ECTS credits, in hours, or both.")
        v.add(form, _("ECTS credits:"), self.ects, lambda: "" if self.ects.value() or self.hours.value() else workload)
        v.add(form, _("Hours of learning:"), self.hours)
        self.eqf = _combo([(str(n), n) for n in range(1, 9)], _("(none)"))
        v.add(form, _("EQF level:"), self.eqf)
        self.nqf = QLineEdit()
        v.add(form, _("National level (LTKS / LKI):"), self.nqf)
        self.isced = _combo([(f"{c.notation} {c.label(current_language())}", c.uri)
                             for c in vocabularies.concepts("isced-f")], _("(none)"))
        self.isced.setEditable(True)
        self.isced.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        v.add(form, _("Field of education (ISCED-F):"), self.isced)
        self.assessment = _combo(_vocab("assessment"), _("(choose)"))
        v.add(form, _("Type of assessment:"), self.assessment,
              lambda: "" if self.assessment.currentData() else _("Choose the type of assessment."))
        self.mode = _combo([(_("Presential"), Mode.PRESENTIAL), (_("Online"), Mode.ONLINE),
                            (_("Blended"), Mode.BLENDED)])
        v.add(form, _("Form of participation:"), self.mode)
        self.setting = _combo([(_("Non-formal learning"), Setting.NON_FORMAL),
                               (_("Formal learning"), Setting.FORMAL)])
        v.add(form, _("Learning setting:"), self.setting)
        self.quality = LangMapEdit(multiline=True)
        v.add(form, _("Quality assurance:"), self.quality,
              lambda: "" if self.quality.value() else _("Say how the quality of this course is assured."))
        self.supervision = _combo([(_("Unsupervised"), Supervision.UNSUPERVISED),
                                   (_("Supervised"), Supervision.SUPERVISED),
                                   (_("Supervised, with identity check"), Supervision.SUPERVISED_WITH_ID)],
                                  _("(not stated)"))
        v.add(form, _("Supervision and identity check:"), self.supervision)
        self.validity = QSpinBox()
        self.validity.setRange(0, 600)
        self.validity.setSpecialValueText(_("does not expire"))
        self.validity.setSuffix(" " + _("months"))
        v.add(form, _("Valid for:"), self.validity)
        for widget in (self.ects, self.hours):
            widget.valueChanged.connect(self.validator.check)
        self.assessment.currentIndexChanged.connect(self.validator.check)
        self.quality.changed.connect(self.validator.check)
        return page

    def _optional_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.prerequisites = LangMapEdit(multiline=True)
        self.grading = LangMapEdit(multiline=True)
        self.stacks = LangMapEdit(multiline=True)
        self.further = LangMapEdit(multiline=True)
        v = self.validator
        v.add(form, _("Prerequisites:"), self.prerequisites)
        v.add(form, _("Grading scheme:"), self.grading)
        v.add(form, _("Counts towards (stackability):"), self.stacks)
        v.add(form, _("Further information:"), self.further)
        return page

    # behaviour --------------------------------------------------------------------------------
    def languages(self) -> list[str]:
        first, second = self.lang1.currentData(), self.lang2.currentData()
        return [first] + ([second] if second and second != first else [])

    def _maps(self) -> list[LangMapEdit]:
        return [self.title, self.description, self.outcomes, self.quality, self.prerequisites, self.grading,
                self.stacks, self.further]

    def _on_languages(self) -> None:
        for edit in self._maps() if hasattr(self, "further") else []:
            edit.set_languages(self.languages())
        self.validator.check()

    def _outcome_lines(self) -> dict[str, list[str]]:
        values = self.outcomes.value()
        return {lang: [x.strip() for x in text.splitlines() if x.strip()] for lang, text in values.items()}

    def _outcome_problem(self) -> str:
        lines = self._outcome_lines()
        main = self.languages()[0]
        if not lines.get(main):
            return _("Write at least one learning outcome.")
        counts = {len(v) for v in lines.values()}
        if len(counts) > 1:
            return _("Each language needs the same number of learning outcomes.")
        return ""

    def _load(self, course: Course) -> None:
        self.code.setText(course.code)
        _select(self.kind, course.kind)
        _select(self.lang1, course.languages[0] if course.languages else "en")
        _select(self.lang2, course.languages[1] if len(course.languages) > 1 else None)
        self._on_languages()
        self.title.set_value(dict(course.title))
        self.description.set_value(dict(course.description))
        self.outcomes.set_value({lang: "\n".join(lo.text.get(lang, "") for lo in course.learning_outcomes)
                                 for lang in course.languages})
        self.esco.setPlainText("\n".join(lo.esco or "" for lo in course.learning_outcomes).rstrip())
        self.ects.setValue(float(course.ects or 0))
        self.hours.setValue(float(course.hours or 0))
        _select(self.eqf, course.eqf_level)
        self.nqf.setText(course.nqf_level or "")
        _select(self.isced, course.isced_f)
        _select(self.assessment, course.assessment)
        _select(self.mode, course.mode)
        _select(self.setting, course.setting)
        self.quality.set_value(dict(course.quality_assurance))
        _select(self.supervision, course.supervision)
        self.validity.setValue(course.validity_months or 0)
        self.prerequisites.set_value(dict(course.prerequisites))
        self.grading.set_value(dict(course.grading))
        self.stacks.set_value(dict(course.stacks_into))
        self.further.set_value(dict(course.further_information))

    def course(self) -> Course:
        """The course as entered (call after the dialog was accepted)."""
        lines = self._outcome_lines()
        esco = [x.strip() or None for x in self.esco.toPlainText().splitlines()]
        count = max((len(v) for v in lines.values()), default=0)
        outcomes = tuple(
            LearningOutcome({lang: v[i] for lang, v in lines.items() if i < len(v)},
                            esco[i] if i < len(esco) else None)
            for i in range(count)
        )
        return Course(
            id=self.original.id if self.original else None,
            code=self.code.text().strip(),
            title=self.title.value(),
            languages=tuple(self.languages()),
            description=self.description.value(),
            learning_outcomes=outcomes,
            ects=Decimal(str(self.ects.value())).normalize() if self.ects.value() else None,
            hours=Decimal(str(self.hours.value())).normalize() if self.hours.value() else None,
            eqf_level=self.eqf.currentData(),
            nqf_level=self.nqf.text().strip() or None,
            isced_f=self.isced.currentData(),
            assessment=self.assessment.currentData(),
            mode=Mode(self.mode.currentData()),
            setting=Setting(self.setting.currentData()),
            quality_assurance=self.quality.value(),
            prerequisites=self.prerequisites.value(),
            supervision=Supervision(self.supervision.currentData()) if self.supervision.currentData() else None,
            grading=self.grading.value(),
            stacks_into=self.stacks.value(),
            further_information=self.further.value(),
            validity_months=self.validity.value() or None,
            kind=AchievementKind(self.kind.currentData()),
        )


class _OutcomeErrorProxy:
    """Lets the outcome rule show its problem in the outcomes tab's own error line."""

    def __init__(self, dialog: CourseDialog) -> None:
        self.dialog = dialog

    def show_problem(self, text: str) -> None:
        self.dialog.outcome_error.setText(text)
        self.dialog.outcome_error.setVisible(bool(text))
