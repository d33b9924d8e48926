from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from microcred_desktop.domain.course import Supervision
from microcred_desktop.domain.errors import UserError
from microcred_desktop.formats.pdf import DESIGNS, render_certificate
from microcred_desktop.formats.pdf.attachments import embedded_files
from microcred_desktop.formats.pdf.mime import mime_type
from microcred_desktop.i18n import translator
from tests.factories import document

from .support import Rendered, formal_document, pdftotext

A4_LANDSCAPE = (841.89, 595.28)


@pytest.mark.parametrize("which", ["formal", "volunteering"])
def test_two_a4_landscape_pages(which: str, request: pytest.FixtureRequest) -> None:
    rendered: Rendered = request.getfixturevalue(which)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert len(reader.pages) == 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE


def test_text_gives_the_names_exactly_as_typed(formal: Rendered, volunteering: Rendered, tmp_path: Path) -> None:
    text = pdftotext(formal.pdf, tmp_path)
    assert "Žydrūnė Ąžuolaitė-Šimkienė" in text
    assert "Rūta Petrauskienė" in text
    assert "Interneto prieinamumo pagrindai" in text and "Web accessibility basics" in text
    assert "has successfully completed" in text
    lt, lv = translator("lt").gettext, translator("lv").gettext
    assert str(formal.doc.uuid) in text and lt("Scan to verify") in text  # the first language's wording
    volunteer = pdftotext(volunteering.pdf, tmp_path)
    assert "Jānis Bērziņš" in volunteer
    assert lv("Certificate of recognition") in volunteer
    assert "Brīvprātīgais darbs jauniešu centrā" in volunteer


def test_page_one_reads_in_the_order_of_the_hierarchy(formal: Rendered, tmp_path: Path) -> None:
    page1 = pdftotext(formal.pdf, tmp_path, "-l", "1")
    lt = translator("lt").gettext
    order = ["KAUNO PROFESINIO", lt("Certificate").upper(), "Žydrūnė", lt("has successfully completed"),
             "Interneto prieinamumo", "Web accessibility basics", lt("EQF level {level}").format(level=5),
             "Rūta Petrauskienė"]
    positions = [page1.index(s) for s in order]
    assert positions == sorted(positions)
    assert "3 ECTS / 80 hours" in page1


def test_annex_lists_every_element(formal: Rendered, tmp_path: Path) -> None:
    page2 = " ".join(pdftotext(formal.pdf, tmp_path, "-f", "2", "-l", "2").split())
    for expected in [
        "Learning outcomes", "Įvertinti tinklalapį pagal WCAG 2.2 AA lygį.", "Audit a web page against WCAG 2.2",
        "Notional workload", "3 ECTS / 80 hours", "EQF level 5", "NQF level 5",
        "Computer use", "Kompiuterių naudojimas",  # ISCED-F 0611 label, in each of the course's languages
        "Type of assessment", "praktinis vertinimas", "practical assessment",
        "mišriuoju būdu", "neformalusis mokymasis",
        "Vidinis kokybės užtikrinimas pagal ISO 9001.", "HTML pagrindai.",
        "su priežiūra ir tapatybės patikra", "Įskaityta / neįskaityta.",
        "Įskaitoma į Interneto kūrėjo programą (30 ECTS).", "https://kpmc.example.lt/web-101",
        "LT100001234 (VAT)", "Lietuva", "2029", "How to verify", "https://verify.kpmc.example.lt/c",
        formal.doc.urn,
    ]:
        assert expected in page2, expected


def test_volunteering_annex_states_what_is_missing(volunteering: Rendered, tmp_path: Path) -> None:
    page2 = " ".join(pdftotext(volunteering.pdf, tmp_path, "-f", "2").split())
    lv = translator("lv")
    assert lv.ngettext("{hours} hour", "{hours} hours", 40).format(hours=40) in page2
    assert lv.gettext("Does not expire") in page2 and "Latvija" in page2
    assert "klātienē" in page2 and "Organizēt pasākumu jauniešiem." in page2
    assert lv.gettext("Prerequisites") not in page2  # optional and empty: left out


def test_attachments_read_back_byte_identical_with_mime_types(formal: Rendered) -> None:
    assert embedded_files(formal.pdf) == formal.attachments
    tree = PdfReader(io.BytesIO(formal.pdf)).trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = {str(tree[i]): tree[i + 1].get_object() for i in range(0, len(tree), 2)}
    subtypes = {name: str(spec["/EF"]["/F"].get_object()["/Subtype"]) for name, spec in specs.items()}
    assert subtypes == {"badge.ob3.json": "/application/json", "credential.edc.jsonld": "/application/ld+json"}
    sizes = {name: int(spec["/EF"]["/F"].get_object()["/Params"]["/Size"]) for name, spec in specs.items()}
    assert sizes == {name: len(data) for name, data in formal.attachments.items()}


def test_any_file_can_be_attached() -> None:
    files = {"z.bin": bytes(range(256)) * 10, "notes.txt": "Žydrūnė\n".encode(), "a.png": b"\x89PNG fake"}
    pdf = render_certificate(document(), None, attachments=files)
    assert embedded_files(pdf) == files
    assert embedded_files(render_certificate(document(), None)) == {}


def test_mime_types() -> None:
    assert mime_type("x.edc.jsonld") == "application/ld+json"
    assert mime_type("BADGE.PNG") == "image/png"
    assert mime_type("README") == "application/octet-stream"


def test_metadata(formal: Rendered) -> None:
    meta = PdfReader(io.BytesIO(formal.pdf)).metadata
    assert meta is not None
    heading = translator("lt").gettext("Certificate")  # the first course language names the document
    assert meta.title == f"{heading}: Žydrūnė Ąžuolaitė-Šimkienė · Interneto prieinamumo pagrindai"
    assert meta.author == "Kauno profesinio mokymo centras"
    assert meta.subject is not None and formal.doc.urn in meta.subject
    assert meta.creator == "microcred desktop"
    assert meta.creation_date is not None and meta.creation_date.year == 2026


def test_rendering_is_deterministic() -> None:
    doc = formal_document()
    assert render_certificate(doc, None) == render_certificate(doc, None)


def test_fonts_are_embedded_subsets(formal: Rendered) -> None:
    reader = PdfReader(io.BytesIO(formal.pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
            assert "/ToUnicode" in font
    assert any("NotoSerif" in f for f in fonts) and any("NotoSans" in f for f in fonts)


def test_every_design_renders() -> None:
    for name in DESIGNS:
        assert render_certificate(document(), None, template=name).startswith(b"%PDF-")


def test_unknown_template_and_foreign_qr_text_are_errors() -> None:
    with pytest.raises(ValueError, match="template"):
        render_certificate(document(), None, template="baroque")
    with pytest.raises(ValueError, match="qr_text"):
        render_certificate(document(), "https://example.org/not-ours")


def test_broken_pictures_are_left_out() -> None:
    org = formal_document().organisation
    from dataclasses import replace

    doc = document(organisation=replace(org, logo_png=b"not a png", signature_png=b"\x89PNG\r\n\x1a\n"))
    assert render_certificate(doc, None).startswith(b"%PDF-")


def test_embedded_files_of_garbage_is_a_user_error() -> None:
    with pytest.raises(UserError):
        embedded_files(b"this is no pdf")


def test_qr_text_of_another_credential_is_refused(formal: Rendered) -> None:
    from uuid import UUID

    other = document(uuid=UUID("00000000-0000-4000-8000-000000000001"))
    with pytest.raises(ValueError, match="another credential"):
        render_certificate(other, formal.qr_text)


def test_very_long_annex_flows_on_without_losing_text(tmp_path: Path) -> None:
    from microcred_desktop.domain.course import LearningOutcome
    from tests.factories import course

    outcomes = tuple(
        LearningOutcome({"lt": f"Rezultatas {i}: " + "išsamus aprašymas " * 12, "en": f"Outcome {i}: " + "x " * 20})
        for i in range(40)
    )
    doc = document(course=course(learning_outcomes=outcomes))
    pdf = render_certificate(doc, None)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert "Rezultatas 0:" in text and "Rezultatas 39:" in text and "Outcome 39:" in text and "How to verify" in text


def test_pictures_are_decoded_once_per_content() -> None:
    from microcred_desktop.formats.pdf.images import picture

    from .support import LOGO

    first = picture(LOGO)
    assert first is not None and picture(bytes(LOGO)) is first
    assert abs(first.aspect - 3.0) < 0.01
    assert first.fit(90, 10) == pytest.approx((30.0, 10.0))
    assert picture(None) is None and picture(b"garbage") is None


def test_supervision_without_an_eu_concept_is_worded_in_each_language(tmp_path: Path) -> None:
    """"Supervised without identity verification" has no concept in the EU vocabulary: the certificate
    still says it in the course's languages, never the raw code."""
    doc = formal_document()
    doc = replace(doc, course=replace(doc.course, supervision=Supervision.SUPERVISED))
    page2 = " ".join(pdftotext(render_certificate(doc, None), tmp_path, "-f", "2", "-l", "2").split())
    assert "su priežiūra, be tapatybės patikros" in page2
    assert "supervised, without identity verification" in page2  # the course's second language, English
