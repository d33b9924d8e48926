"""The awarding body: the organisation that issues credentials from this install."""

from __future__ import annotations

from dataclasses import dataclass, field

from .langmap import LangMap, pick


@dataclass(frozen=True)
class Organisation:
    legal_name: LangMap
    short_name: str
    legal_identifier: str
    country: str  # ISO 3166-1 alpha-2, e.g. "LT"
    identifier_scheme: str = ""  # e.g. "VAT", "company code"
    address: str = ""
    website: str = ""
    email: str = ""
    signatory_name: str = ""
    signatory_title: LangMap = field(default_factory=dict)
    verify_url: str = ""
    accent_colour: str = "#1f5fa8"
    logo_png: bytes | None = None
    signature_png: bytes | None = None
    default_language: str = "en"

    def name_in(self, lang: str) -> str:
        return pick(self.legal_name, (lang, self.default_language)) or self.short_name
