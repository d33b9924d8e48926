#!/usr/bin/env bash
# Build microcred.app, sign it, make the .dmg, notarise and staple it. On a Mac (installers/README.md).
#
#   installers/macos/make-dmg.sh             # signed and notarised: needs the two values below
#   installers/macos/make-dmg.sh --unsigned  # ad-hoc signed, not notarised: for testing on this Mac only
#
# MACOS_SIGN_IDENTITY: the "Developer ID Application" certificate in your login keychain, e.g.
#   "Developer ID Application: Your Organisation (ABCDE12345)"   (list them: security find-identity -v -p codesigning)
# MACOS_NOTARY_PROFILE: a notarytool keychain profile, made once with
#   xcrun notarytool store-credentials microcred-notary --apple-id you@example.org --team-id ABCDE12345
#   (it asks for an app-specific password from appleid.apple.com)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=installers/macos
unsigned=""
[ "${1:-}" = "--unsigned" ] && unsigned=1
identity=${MACOS_SIGN_IDENTITY:-"Developer ID Application: YOUR ORGANISATION (TEAMID1234)"}
profile=${MACOS_NOTARY_PROFILE:-microcred-notary}
[ -n "$unsigned" ] && identity="-"
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' microcred_desktop/__init__.py)
app=dist/microcred.app
dmg="dist/microcred-$version-macos-$(uname -m).dmg"

# 1. Build (PyInstaller signs each binary with the identity as it collects them).
[ -d .venv ] || python3.11 -m venv .venv
.venv/bin/python -m pip install --quiet -e '.[dist]'
if [ -n "$unsigned" ]; then
    .venv/bin/pyinstaller --noconfirm --clean build.spec
else
    MACOS_SIGN_IDENTITY="$identity" .venv/bin/pyinstaller --noconfirm --clean build.spec
fi

# 2. The bundle proves itself against the login keychain (macOS may ask once to allow access).
"$app/Contents/MacOS/microcred" --self-test

# 3. Sign inside out with the hardened runtime and a secure timestamp: every library, then the app.
sign() {
    if [ -n "$unsigned" ]; then
        codesign --force --sign - "$@"
    else
        codesign --force --timestamp --options runtime --entitlements "$here/entitlements.plist" \
            --sign "$identity" "$@"
    fi
}
find "$app/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) ! -path '*/MacOS/microcred' \
    -print0 | while IFS= read -r -d '' file; do
    if file "$file" | grep -q 'Mach-O'; then sign "$file"; fi
done
sign "$app"
codesign --verify --deep --strict --verbose=2 "$app"

# 4. The disk image: the app and a link to /Applications to drag it onto.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "microcred desktop $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "$unsigned" ]; then
    echo "make-dmg: $dmg (ad-hoc signed, NOT notarised: Gatekeeper blocks it on other Macs)"
    exit 0
fi

# 5. Sign the image, notarise it (Apple scans it, a few minutes), staple the ticket, check the result.
codesign --force --timestamp --sign "$identity" "$dmg"
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "make-dmg: $dmg (signed by $identity, notarised, stapled)"
