"""The message each learner gets, per language: built in (translated with gettext), editable in Settings.

A template is a subject and a plain-text body with placeholders: {learner}, {course}, {organisation},
{europass_help}, {wallet_help}. Settings "mail_template_<lang>" = {"subject", "body"} replaces the
built-in text of that language; None (or no setting) means the built-in text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from ..domain.errors import UserError
from ..i18n import LANGUAGES, N_, _, translator

PLACEHOLDERS = ("learner", "course", "organisation", "europass_help", "wallet_help")
SETTING_PREFIX = "mail_template_"

DEFAULT_SUBJECT = N_("Your credential: {course}")
DEFAULT_BODY = N_("""Dear {learner},

congratulations on completing “{course}”. {organisation} sends you your credential, attached to this """
                  """message in three forms:

- the certificate (PDF) to print or show; anyone can scan its QR code to check that it is genuine;
- the European Digital Credential (the file ending in .edc.jsonld), sealed by {organisation};
- the Open Badge (the files ending in .ob3.png and .ob3.json).

{europass_help}

{wallet_help}

Please keep this message and its files: they are your proof of the credential.

Kind regards,
{organisation}""")
EUROPASS_HELP = N_("To keep the credential in Europass: sign in to your Europass profile at "
                   "https://europass.europa.eu, open your library of credentials and upload the attached "
                   "file ending in .edc.jsonld.")
WALLET_HELP = N_("To keep the badge in a digital wallet or backpack that supports Open Badges 3.0, import the "
                 "attached image ending in .ob3.png (the badge's data is inside the image) or the file ending "
                 "in .ob3.json.")


@dataclass(frozen=True)
class MailTemplate:
    subject: str
    body: str


def built_in(lang: str) -> MailTemplate:
    """The built-in message in `lang` (English where the catalogue has no translation)."""
    tr = translator(lang)
    return MailTemplate(tr.gettext(DEFAULT_SUBJECT), tr.gettext(DEFAULT_BODY))


def template_problem(text: str) -> str:
    """"" when `text` is a usable template, else what is wrong, in one sentence."""
    try:
        fields = [f or "" for _lit, f, spec, conv in string.Formatter().parse(text) if f is not None or spec or conv]
    except ValueError:
        return _("A curly bracket is not closed; write placeholders like {learner}, and {{ or }} for a bracket.")
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        return _("Unknown placeholder: {names}. Use: {allowed}.").format(
            names=", ".join("{" + f + "}" for f in unknown), allowed=" ".join("{" + p + "}" for p in PLACEHOLDERS))
    return ""


def template_for(setting: Any, lang: str) -> MailTemplate:
    """The stored template of `lang` (a settings value) or the built-in one."""
    if isinstance(setting, dict) and setting.get("subject") is not None and setting.get("body") is not None:
        return MailTemplate(str(setting["subject"]), str(setting["body"]))
    return built_in(lang)


def setting_key(lang: str) -> str:
    return SETTING_PREFIX + lang


def setting_value(template: MailTemplate, lang: str) -> dict[str, str] | None:
    """What to store for `lang`: None when the text is the built-in one (so a new translation shows)."""
    if template == built_in(lang):
        return None
    for text in (template.subject, template.body):
        problem = template_problem(text)
        if problem:
            raise UserError(_("The e-mail template ({language}) has a mistake.").format(
                language=LANGUAGES.get(lang, lang)), problem)
    return {"subject": template.subject, "body": template.body}


@dataclass(frozen=True)
class Filled:
    subject: str
    body: str


def fill(template: MailTemplate, lang: str, *, learner: str, course: str, organisation: str) -> Filled:
    """The template with its placeholders filled in `lang`."""
    tr = translator(lang)
    values = {"learner": learner, "course": course, "organisation": organisation,
              "europass_help": tr.gettext(EUROPASS_HELP), "wallet_help": tr.gettext(WALLET_HELP)}
    try:
        subject = template.subject.format(**values)
        body = template.body.format(**values)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise UserError(_("The e-mail template ({language}) has a mistake.").format(
            language=LANGUAGES.get(lang, lang)), _("Correct it in Settings → E-mail.")) from exc
    return Filled(" ".join(subject.split()), body)
