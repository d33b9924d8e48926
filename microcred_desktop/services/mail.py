"""E-mail: the mail server settings, its password in the OS keychain, the message, the SMTP connection.

Settings "smtp" holds everything but the password; the password lives in the keychain entry
"smtp-password" (crypto/secrets.py). Every failure a user can fix becomes a `SmtpProblem` (a
UserError) in plain words; `transient` says whether trying again later may work (network down,
server busy) or the settings must change first (wrong password, TLS mismatch).
"""

from __future__ import annotations

import hashlib
import smtplib
import socket
import ssl
import uuid
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from typing import Any, Protocol

from ..crypto.secrets import SMTP_PASSWORD
from ..domain.errors import Problem, UserError, ValidationError
from ..domain.issued import IssuedCredential
from ..domain.learner import is_email
from ..i18n import _, current_language
from ..storage.catalogue import Catalogue

SECURITY = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
SETTING = "smtp"
TIMEOUT_SECONDS = 30.0
# The files a learner gets: the certificate, the sealed EDC and the Open Badge (JSON and baked image).
SENT_KINDS = {"pdf": ("application", "pdf"), "edc": ("application", "ld+json"),
              "ob3": ("application", "json"), "ob3_png": ("image", "png")}


class Secrets(Protocol):
    def get_secret(self, entry: str) -> str | None: ...
    def set_secret(self, entry: str, value: str) -> None: ...
    def delete_secret(self, entry: str) -> None: ...


class SmtpProblem(UserError):
    """The mail server could not be used; `transient`: trying again later may work."""

    def __init__(self, message: str, hint: str = "", transient: bool = False) -> None:
        super().__init__(message, hint)
        self.transient = transient


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # none | starttls | tls
    sender_address: str
    sender_name: str = ""
    user: str = ""
    timeout: float = TIMEOUT_SECONDS

    @property
    def sender(self) -> str:
        return formataddr((self.sender_name, self.sender_address))

    @property
    def sender_domain(self) -> str:
        return self.sender_address.rpartition("@")[2] or "localhost"

    @property
    def local(self) -> bool:
        """A server on this computer, where an unencrypted connection never leaves the machine."""
        return self.host.strip().lower() in ("localhost", "127.0.0.1", "::1")

    def problems(self) -> list[Problem]:
        found = []
        if not self.host.strip():
            found.append(Problem(_("Server"), _("Enter the mail server's name, e.g. smtp.example.org.")))
        if not 0 < self.port < 65536:
            found.append(Problem(_("Port"), _("A port is a number from 1 to 65535.")))
        if self.security not in SECURITY:
            found.append(Problem(_("Security"), _("Choose none, starttls or tls.")))
        if self.security == "none" and self.user.strip() and not self.local:
            found.append(Problem(_("Security"), _("A password is never sent unencrypted over the network: choose "
                                                  "STARTTLS or TLS (\"none\" is only for a server on this computer).")))
        if not is_email(self.sender_address):
            found.append(Problem(_("Sender address"), _("Enter the address messages come from, e.g. "
                                                        "info@example.org.")))
        return found

    def checked(self) -> SmtpSettings:
        problems = self.problems()
        if problems:
            raise ValidationError(_("The mail server settings are not complete."), problems)
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SmtpSettings:
        return cls(host=str(data.get("host", "")), port=int(data.get("port", 587)),
                   security=str(data.get("security", "starttls")), sender_address=str(data.get("sender_address", "")),
                   sender_name=str(data.get("sender_name", "")), user=str(data.get("user", "")),
                   timeout=float(data.get("timeout", TIMEOUT_SECONDS)))


def parse_sender(text: str) -> tuple[str, str]:
    """ "Name <address>" (or a bare address) -> (name, address)."""
    name, address = parseaddr(text.strip())
    if not is_email(address):
        raise UserError(_("'{value}' is not a sender like \"Kaunas Centre <info@example.lt>\".").format(value=text))
    return name.strip(), address.strip()


def load_settings(catalogue: Catalogue) -> SmtpSettings | None:
    data = catalogue.setting(SETTING)
    return SmtpSettings.from_json(data) if isinstance(data, dict) else None


def save_settings(catalogue: Catalogue, settings: SmtpSettings) -> None:
    """Store the settings (never the password: that goes to the keychain with `save_password`)."""
    catalogue.set_setting(SETTING, settings.checked().to_json())
    catalogue.audit.log("smtp.settings", f"{settings.host}:{settings.port}", security=settings.security,
                        user=settings.user, sender=settings.sender_address)


def save_password(secrets: Secrets, password: str | None) -> None:
    """Keep the password in the keychain; None or "" removes it."""
    if password:
        secrets.set_secret(SMTP_PASSWORD, password)
    else:
        secrets.delete_secret(SMTP_PASSWORD)


@dataclass(frozen=True)
class SmtpAccount:
    settings: SmtpSettings
    password: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"SmtpAccount({self.settings.host}:{self.settings.port}, user={self.settings.user!r})"


def load_account(catalogue: Catalogue, secrets: Secrets) -> SmtpAccount:
    """The settings and (when a user name is set) the password: what sending needs."""
    settings = load_settings(catalogue)
    if settings is None:
        raise UserError(_("No mail server is set up yet."),
                        _("Enter it in Settings → E-mail, or run: microcred smtp set --host … --sender …"))
    password = secrets.get_secret(SMTP_PASSWORD) if settings.user else None
    if settings.user and not password:
        raise UserError(_("The mail server's password is not stored on this computer."),
                        _("Enter it in Settings → E-mail (it is kept in the keychain)."))
    return SmtpAccount(settings, password)


# The connection ----------------------------------------------------------------------------------
def _where(settings: SmtpSettings) -> str:
    return f"{settings.host}:{settings.port}"


def _tls_problem(settings: SmtpSettings, exc: BaseException) -> SmtpProblem:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return SmtpProblem(_("The mail server {server} showed a certificate this computer does not trust.").format(
            server=_where(settings)), _("Check the server name; it must be the name on the server's certificate."))
    return SmtpProblem(_("A secure (TLS) connection to {server} could not be made.").format(server=_where(settings)),
                       _("Check the Security choice: port 465 usually needs TLS, port 587 STARTTLS."))


def connect(account: SmtpAccount) -> smtplib.SMTP:
    """An open, logged-in connection, or a `SmtpProblem` saying in plain words what went wrong."""
    s = account.settings
    if s.user and s.security == "none" and not s.local:  # checked before any connection is made
        raise SmtpProblem(_("The password would cross the network unencrypted; nothing was sent."),
                          _("Choose STARTTLS or TLS in Settings → E-mail."))
    context = ssl.create_default_context()
    server = _where(s)
    conn: smtplib.SMTP | None = None
    try:
        if s.security == "tls":
            conn = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        conn.ehlo()
        if s.security == "starttls":
            conn.starttls(context=context)
            conn.ehlo()
        if s.user:
            conn.login(s.user, account.password or "")
        return conn
    except smtplib.SMTPAuthenticationError as exc:
        close(conn)
        raise SmtpProblem(_("The mail server {server} did not accept the user name or password.").format(
            server=server), _("Check them in Settings → E-mail; nothing was sent and nothing is lost.")) from exc
    except smtplib.SMTPNotSupportedError as exc:
        close(conn)
        if s.security == "starttls" and "STARTTLS" in str(exc).upper():
            raise SmtpProblem(_("The mail server {server} does not offer STARTTLS.").format(server=server),
                              _("Check the port and the Security choice.")) from exc
        raise SmtpProblem(_("The mail server {server} does not accept a password on this connection.").format(
            server=server), _("Choose STARTTLS or TLS, or leave the user name empty.")) from exc
    except ssl.SSLError as exc:
        close(conn)
        raise _tls_problem(s, exc) from exc
    except socket.gaierror as exc:
        close(conn)
        raise SmtpProblem(_("The mail server {host} could not be found.").format(host=s.host),
                          _("Check the network connection and the server's name."), transient=True) from exc
    except ConnectionRefusedError as exc:
        close(conn)
        raise SmtpProblem(_("The mail server {server} refused the connection.").format(server=server),
                          _("It may be down, or the port may be wrong; messages stay queued and are retried."),
                          transient=True) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        close(conn)
        raise SmtpProblem(_("The mail server {server} could not be reached ({reason}).").format(
            server=server, reason=_reason(exc)), _("Messages stay queued and are retried later."),
            transient=True) from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    return str(exc) or type(exc).__name__


def close(conn: smtplib.SMTP | None) -> None:
    """Say goodbye to the server; a connection that already broke is just closed."""
    if conn is None:
        return
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()


def send_failure(exc: BaseException, address: str) -> tuple[str, bool]:
    """(reason in plain words, permanent?) for an error while sending one message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (550, b""))
        detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        reason = _("The mail server refused the address {address} ({code} {detail}).").format(
            address=address, code=code, detail=detail)
        return reason, code >= 500
    if isinstance(exc, smtplib.SMTPResponseException):
        reason = _("The mail server did not take the message ({reason}).").format(reason=_reason(exc))
        return reason, exc.smtp_code >= 500
    return _("The connection to the mail server broke ({reason}).").format(reason=_reason(exc)), False


# The message -------------------------------------------------------------------------------------
class FileProblem(UserError):
    """A credential's file is missing or is no longer the file that was issued."""


def credential_attachments(record: IssuedCredential) -> list[tuple[str, bytes]]:
    """The learner's files, read from the output folder and checked against the digests of issue time."""
    found = []
    for kind in SENT_KINDS:
        entry = record.files.get(kind)
        if entry is None:
            continue
        path = Path(record.folder) / entry["name"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileProblem(_("The file {file} cannot be read ({reason}).").format(
                file=path, reason=exc.strerror or exc), _("Put the issued files back in their folder.")) from exc
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise FileProblem(_("The file {file} has changed since it was issued.").format(file=path),
                              _("Only the files as issued are sent; restore them from a backup."))
        found.append((entry["name"], data))
    if not found:
        raise FileProblem(_("The credential {id} has no files to send.").format(id=record.uuid))
    return found


def new_message_id(settings: SmtpSettings) -> str:
    """A Message-ID kept with the queued message: a retry after a crash reuses it, so duplicates can be spotted."""
    return f"<{uuid.uuid4().hex}@{settings.sender_domain}>"


def _subtype(name: str) -> tuple[str, str]:
    for kind, ending in (("ob3_png", ".ob3.png"), ("ob3", ".ob3.json"), ("edc", ".edc.jsonld"), ("pdf", ".pdf")):
        if name.endswith(ending):
            return SENT_KINDS[kind]
    return "application", "octet-stream"


def build_message(settings: SmtpSettings, *, to_name: str, to_address: str, subject: str, body: str,
                  language: str, message_id: str, attachments: list[tuple[str, bytes]],
                  reply_to: str = "") -> EmailMessage:
    """A plain-text message with the files attached exactly as they are (base64, byte for byte)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = formataddr((to_name, to_address))
    if reply_to and reply_to != settings.sender_address:
        message["Reply-To"] = reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id
    message.set_content(body)
    for name, data in attachments:
        maintype, subtype = _subtype(name)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    message["Content-Language"] = language  # after the attachments: making it multipart moves Content-* headers
    return message


def send_test_message(account: SmtpAccount, to_address: str) -> None:
    """One short message to `to_address`: proves the settings and the password work."""
    if not is_email(to_address.strip()):
        raise UserError(_("'{value}' is not an e-mail address.").format(value=to_address))
    message = build_message(
        account.settings, to_name="", to_address=to_address.strip(), subject=_("microcred: test message"),
        body=_("This is a test message from microcred desktop. If you can read it, e-mail is set up correctly."),
        language=current_language(), message_id=new_message_id(account.settings), attachments=[])
    conn = connect(account)
    try:
        conn.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        reason, _permanent = send_failure(exc, to_address)
        raise SmtpProblem(reason, _("Check the address and the sender address in the settings.")) from exc
    finally:
        close(conn)
