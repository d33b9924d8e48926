# Build the Windows installer: the app (PyInstaller), its self-test, signing, and the Inno Setup installer.
# Run from the repository root in PowerShell on Windows 10/11 x64 (installers/README.md, "Windows"):
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1 [-Sign] [-CertThumbprint <SHA1>]
#
# Needs: Python 3.11 x64 (py launcher), Inno Setup 6 (iscc.exe), and for -Sign the Windows SDK's
# signtool.exe with your code-signing certificate in the certificate store.
param(
    [switch]$Sign,
    [string]$CertThumbprint = "<YOUR-CODE-SIGNING-CERTIFICATE-SHA1-THUMBPRINT>",
    [string]$TimestampUrl = "http://timestamp.digicert.com"
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))

$version = (Select-String -Path microcred_desktop\__init__.py -Pattern '^__version__ = "(.*)"').Matches[0].Groups[1].Value
Write-Host "microcred desktop $version"

if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet --upgrade pip
.venv\Scripts\python -m pip install --quiet -e ".[dist]"
.venv\Scripts\pyinstaller --noconfirm --clean build.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The built app proves itself against Windows Credential Manager before anything is packaged.
dist\microcred\microcred-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the built app's self-test failed" }

function Sign-Files([string[]]$Files) {
    signtool sign /sha1 $CertThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 /d "microcred desktop" $Files
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}
if ($Sign) { Sign-Files @("dist\microcred\microcred.exe", "dist\microcred\microcred-cli.exe") }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installers\windows\microcred.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$setup = "dist\microcred-$version-setup.exe"
if ($Sign) {
    Sign-Files @($setup)
    signtool verify /pa /v $setup
}
Write-Host "Installer: $setup"
