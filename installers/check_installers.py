"""Check, on Linux, the installer files that only Windows or macOS can build, as far as they can be here.

    .venv/bin/python installers/check_installers.py      # exit 1 and one line per problem, if any

- the Inno Setup script: sections, [Setup] keys (per-user, no administrator rights), every task an entry
  names exists, the shortcuts, the file association's open command, HKA only, the uninstaller's data
  question, and the files it points to;
- the macOS Info.plist additions and entitlements (plistlib), the document type, the Info.plist
  PyInstaller's BUNDLE step would write from them;
- the Linux .desktop file and shared-mime-info XML; the icons in every size and format.
tests/dist/test_installers.py runs these checks with the test suite.
"""

from __future__ import annotations

import configparser
import io
import plistlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ISS = HERE / "windows" / "microcred.iss"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-european-digital-credential"
ISS_SECTIONS = {"Setup", "Languages", "Tasks", "Files", "Icons", "Registry", "Run", "UninstallRun",
                "UninstallDelete", "InstallDelete", "Dirs", "INI", "Messages", "CustomMessages", "Code"}
ISS_PARAMETERS = {
    "Languages": {"Name", "MessagesFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"},
    "Tasks": {"Name", "Description", "GroupDescription", "Flags", "Components", "Check", "Languages"},
    "Files": {"Source", "DestDir", "DestName", "Flags", "Tasks", "Components", "Check", "Excludes", "Attribs",
              "Permissions", "Languages"},
    "Icons": {"Name", "Filename", "Parameters", "WorkingDir", "IconFilename", "IconIndex", "Comment", "Flags",
              "Tasks", "Components", "Check", "AppUserModelID", "Languages"},
    "Registry": {"Root", "Subkey", "ValueType", "ValueName", "ValueData", "Flags", "Tasks", "Components", "Check",
                 "Permissions", "Languages"},
    "Run": {"Filename", "Parameters", "WorkingDir", "Description", "StatusMsg", "Flags", "Tasks", "Check",
            "RunOnceId", "Verb", "Languages"},
}
REQUIRED_SETUP = ("AppId", "AppName", "AppVersion", "DefaultDirName", "PrivilegesRequired", "OutputBaseFilename",
                  "SetupIconFile", "UninstallDisplayIcon", "ChangesAssociations", "OutputDir")
GUID = re.compile(r"^\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")


# Inno Setup -----------------------------------------------------------------------------------------
def _preprocess(text: str) -> tuple[list[str], dict[str, str]]:
    """The lines outside preprocessor directives, with {#Name} replaced; #define/#ifndef are followed."""
    defines: dict[str, str] = {}
    lines: list[str] = []
    skipping: list[bool] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            word, _, rest = line[1:].partition(" ")
            if word == "ifndef":
                skipping.append(rest.strip() in defines)
            elif word == "ifdef":
                skipping.append(rest.strip() not in defines)
            elif word == "endif":
                skipping.pop()
            elif word == "define" and not any(skipping):
                name, _, value = rest.strip().partition(" ")
                defines[name] = value.strip().strip('"')
            continue
        if any(skipping):
            continue
        lines.append(re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), raw))
    return lines, defines


def _entry(line: str) -> dict[str, str]:
    """`Name: "a"; Flags: b c` -> {"Name": "a", "Flags": "b c"}; quotes may hold ';' and doubled quotes."""
    params: dict[str, str] = {}
    for part in re.findall(r'(?:[^;"]|"(?:[^"]|"")*")+', line):
        key, sep, value = part.partition(":")
        if not sep:
            raise ValueError(f"not a parameter: {part.strip()!r}")
        value = value.strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1].replace('""', '"')
        params[key.strip()] = value
    return params


def parse_iss(text: str) -> tuple[dict[str, str], dict[str, list[dict[str, str]]], str]:
    """([Setup] keys, entries of the other sections, [Code] text) of an Inno Setup script."""
    lines, _defines = _preprocess(text)
    setup: dict[str, str] = {}
    sections: dict[str, list[dict[str, str]]] = {}
    code: list[str] = []
    current = ""
    for line in lines:
        stripped = line.strip()
        header = re.fullmatch(r"\[(\w+)\]", stripped)
        if header:
            current = header.group(1)
            if current not in ISS_SECTIONS:
                raise ValueError(f"unknown section [{current}]")
            sections.setdefault(current, [])
            continue
        if current == "Code":
            code.append(line)
            continue
        if not stripped or stripped.startswith(";"):
            continue
        if not current:
            raise ValueError(f"text before the first section: {stripped!r}")
        if current == "Setup":
            key, sep, value = stripped.partition("=")
            if not sep:
                raise ValueError(f"[Setup] line without '=': {stripped!r}")
            setup[key.strip()] = value.strip()
        else:
            sections[current].append(_entry(stripped))
    return setup, sections, "\n".join(code)


def check_iss(path: Path = ISS) -> list[str]:
    problems: list[str] = []
    try:
        setup, sections, code = parse_iss(path.read_text(encoding="utf-8"))
    except (ValueError, IndexError) as exc:
        return [f"{path.name}: cannot be read: {exc}"]
    for key in REQUIRED_SETUP:
        if not setup.get(key):
            problems.append(f"{path.name}: [Setup] has no {key}")
    if not GUID.match(setup.get("AppId", "")):
        problems.append(f"{path.name}: AppId is not {{{{GUID}} (an escaped brace and a GUID)")
    if setup.get("PrivilegesRequired") != "lowest":
        problems.append(f"{path.name}: PrivilegesRequired must be 'lowest' (per-user install, no administrator)")
    if not setup.get("DefaultDirName", "").startswith(("{autopf}", "{userpf}", "{localappdata}")):
        problems.append(f"{path.name}: DefaultDirName must be in the user's own folders ({{autopf}})")
    if setup.get("ChangesAssociations", "").lower() != "yes":
        problems.append(f"{path.name}: ChangesAssociations=yes is needed for the file association")
    for key in ("SetupIconFile",):
        if setup.get(key) and not (path.parent / setup[key].replace("\\", "/")).is_file():
            problems.append(f"{path.name}: {key} {setup[key]} does not exist")
    for section, entries in sections.items():
        allowed = ISS_PARAMETERS.get(section)
        for entry in entries:
            unknown = set(entry) - allowed if allowed else set()
            if unknown:
                problems.append(f"{path.name}: [{section}] unknown parameter(s) {sorted(unknown)}")
    tasks = {t["Name"] for t in sections.get("Tasks", [])}
    for section, entries in sections.items():
        for entry in entries:
            for task in entry.get("Tasks", "").split():
                if task.strip("!") not in tasks:
                    problems.append(f"{path.name}: [{section}] names the task {task!r}, which [Tasks] lacks")
    icons = sections.get("Icons", [])
    if not any(i["Name"].startswith("{autoprograms}") for i in icons):
        problems.append(f"{path.name}: no Start-menu shortcut ({{autoprograms}})")
    desktop = [i for i in icons if i["Name"].startswith("{autodesktop}")]
    if not desktop or any(i.get("Tasks") != "desktopicon" for i in desktop):
        problems.append(f"{path.name}: the desktop shortcut must be optional (Tasks: desktopicon)")
    registry = sections.get("Registry", [])
    if any(r.get("Root") not in ("HKA", "HKCU") for r in registry):
        problems.append(f"{path.name}: registry entries must use HKA/HKCU (no administrator rights)")
    commands = [r for r in registry if r.get("Subkey", "").endswith(r"shell\open\command")]
    if not commands or not all('"%1"' in c.get("ValueData", "") and "microcred.exe" in c["ValueData"]
                               for c in commands):
        problems.append(f'{path.name}: no open command passing "%1" to microcred.exe')
    if not any(r.get("Subkey", "").endswith(".jsonld") and r.get("ValueName") == "" for r in registry):
        problems.append(f"{path.name}: .jsonld (the last extension of .edc.jsonld) is not associated")
    if "CurUninstallStepChanged" not in code or "usPostUninstall" not in code or "MsgBox" not in code:
        problems.append(f"{path.name}: the uninstaller does not ask before removing the user's data")
    opened = len(re.findall(r"\bbegin\b", code, re.IGNORECASE))
    closed = len(re.findall(r"\bend\s*;", code, re.IGNORECASE))
    if opened != closed:
        problems.append(f"{path.name}: [Code] has {opened} 'begin' but {closed} 'end;'")
    sources = [f["Source"] for f in sections.get("Files", [])]
    if not sources or not all(s.replace("\\", "/").split("/*")[0].endswith("dist/microcred") for s in sources):
        problems.append(f"{path.name}: [Files] must take the built app from dist\\microcred")
    return problems


# macOS ----------------------------------------------------------------------------------------------
def info_plist() -> dict[str, object]:
    """The Info.plist the BUNDLE step writes: PyInstaller's keys, then build.spec's (the additions)."""
    with (HERE / "macos" / "Info.additions.plist").open("rb") as handle:
        additions = plistlib.load(handle)
    base: dict[str, object] = {"CFBundleIdentifier": "eu.microcred.desktop", "CFBundleExecutable": "microcred",
                               "CFBundleIconFile": "microcred.icns", "CFBundlePackageType": "APPL",
                               "CFBundleInfoDictionaryVersion": "6.0", "CFBundleShortVersionString": "0.1.0"}
    return {**base, **additions}


def check_macos() -> list[str]:
    problems: list[str] = []
    try:
        info = info_plist()
        with (HERE / "macos" / "entitlements.plist").open("rb") as handle:
            entitlements = plistlib.load(handle)
    except (OSError, plistlib.InvalidFileException, ValueError) as exc:
        return [f"macOS plist: cannot be read: {exc}"]
    if plistlib.loads(plistlib.dumps(info, fmt=plistlib.FMT_XML)) != info:
        problems.append("Info.plist does not survive a round trip")
    for key in ("CFBundleName", "CFBundleDisplayName", "LSMinimumSystemVersion", "NSHighResolutionCapable"):
        if key not in info:
            problems.append(f"Info.plist: no {key}")
    declared = {t.get("UTTypeIdentifier") for key in ("UTImportedTypeDeclarations", "UTExportedTypeDeclarations")
                for t in info.get(key, [])}  # type: ignore[attr-defined]
    documents = info.get("CFBundleDocumentTypes") or []
    if not documents:
        problems.append("Info.plist: no CFBundleDocumentTypes (credentials would not open with the app)")
    for document in documents:  # type: ignore[attr-defined]
        for uti in document.get("LSItemContentTypes", []):
            if uti not in declared and not uti.startswith("public."):
                problems.append(f"Info.plist: the document type {uti} is not declared")
        if document.get("CFBundleTypeRole") not in ("Viewer", "Editor"):
            problems.append("Info.plist: CFBundleTypeRole must be Viewer or Editor")
    extensions = [ext for key in ("UTImportedTypeDeclarations", "UTExportedTypeDeclarations")
                  for t in info.get(key, [])  # type: ignore[attr-defined]
                  for ext in t.get("UTTypeTagSpecification", {}).get("public.filename-extension", [])]
    if "jsonld" not in extensions:
        problems.append("Info.plist: no type with the extension jsonld")
    if not all(value is True for value in entitlements.values()) or not entitlements:
        problems.append("entitlements.plist: every entitlement should be a true boolean")
    if any(key.startswith("com.apple.security.app-sandbox") for key in entitlements):
        problems.append("entitlements.plist: the app is not sandboxed (the keychain and user folders)")
    return problems


# Linux and icons -----------------------------------------------------------------------------------
def check_linux() -> list[str]:
    problems: list[str] = []
    desktop_file = HERE / "linux" / "microcred.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop_file, encoding="utf-8")
    entry = parser["Desktop Entry"] if parser.has_section("Desktop Entry") else {}
    for key, wanted in (("Type", "Application"), ("Icon", "microcred"), ("Terminal", "false")):
        if entry.get(key) != wanted:
            problems.append(f"microcred.desktop: {key} must be {wanted}")
    if not re.fullmatch(r"microcred %[fFuU]", entry.get("Exec", "")):
        problems.append("microcred.desktop: Exec must be 'microcred %f'")
    if MIME_TYPE not in entry.get("MimeType", "").split(";"):
        problems.append(f"microcred.desktop: MimeType lacks {MIME_TYPE}")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(desktop_file)], capture_output=True, text=True)
        problems += [f"desktop-file-validate: {line}" for line in result.stdout.splitlines() if "error" in line]
    try:
        mime = ET.parse(HERE / "linux" / "microcred-mime.xml").getroot()  # noqa: S314 (our own file)
    except ET.ParseError as exc:
        return [*problems, f"microcred-mime.xml: {exc}"]
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    types = {t.get("type"): t for t in mime.iter(f"{ns}mime-type")}
    if MIME_TYPE not in types:
        problems.append(f"microcred-mime.xml: no {MIME_TYPE}")
    elif "*.edc.jsonld" not in [g.get("pattern") for g in types[MIME_TYPE].iter(f"{ns}glob")]:
        problems.append("microcred-mime.xml: no *.edc.jsonld glob")
    return problems


def check_icons() -> list[str]:
    from PIL import Image

    problems: list[str] = []
    try:
        ET.parse(ICONS / "microcred.svg")  # noqa: S314 (our own file)
    except (OSError, ET.ParseError) as exc:
        problems.append(f"microcred.svg: {exc}")
    for size in PNG_SIZES:
        path = ICONS / f"microcred-{size}.png"
        try:
            with Image.open(path) as image:
                if image.size != (size, size) or image.format != "PNG":
                    problems.append(f"{path.name}: {image.format} {image.size}")
        except OSError as exc:
            problems.append(f"{path.name}: {exc}")
    try:
        with Image.open(io.BytesIO((ICONS / "microcred.ico").read_bytes())) as ico:
            if not {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info.get("sizes", ())):
                problems.append(f"microcred.ico: sizes {sorted(ico.info.get('sizes', ()))}")
        with Image.open(ICONS / "microcred.icns") as icns:
            if icns.format != "ICNS":
                problems.append("microcred.icns is not an ICNS file")
    except OSError as exc:
        problems.append(f"icons: {exc}")
    return problems


def check_all() -> dict[str, list[str]]:
    return {"Windows (Inno Setup)": check_iss(), "macOS (plists)": check_macos(), "Linux (.desktop, MIME)":
            check_linux(), "icons": check_icons()}


def main() -> int:
    failed = False
    for what, problems in check_all().items():
        print(f"{'ok  ' if not problems else 'FAIL'} {what}")
        for problem in problems:
            print(f"     {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
