#!/usr/bin/env bash
# What tests/packaging/test_windows_installer_wine.py needs to build and run the Windows
# installer on Linux: Debian's Wine (64-bit, plus wine32, which Inno Setup's 32-bit compiler and
# setup loader need), Xvfb for Setup's windows, and Inno Setup's compiler itself from the npm
# registry's "innosetup" package (it carries the real ISCC.exe; no Node.js needed, the tarball is
# checked against the registry's sha512).
#
#   bash packaging/windows/wine_setup.sh      (root, or sudo, on Debian/Ubuntu)
#
# Inno Setup goes to $INNOSETUP_DIR (default ~/.cache/apimodels-uploader/innosetup-<version>),
# where the test looks for it too. Safe to run again: it installs only what is missing.
set -euo pipefail

INNO_VERSION=6.4.1
INNO_SHA512=Bh/dNlyyFsFKBGoTf19n1msPnm4Njfb0CWVirw2CV1MSJXYy0ajRI+xjo/Yr9DtZFLLafhnwm1ZsxTu309F8lQ==
INNOSETUP_DIR=${INNOSETUP_DIR:-$HOME/.cache/apimodels-uploader/innosetup-$INNO_VERSION}
DEBS="wine wine64 wine32:i386 xvfb xauth curl ca-certificates"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { say "Need root (or sudo) to install Wine."; exit 1; }
  sudo="sudo"
fi
command -v apt-get >/dev/null 2>&1 || { say "Not Debian/Ubuntu: install Wine (with 32-bit support) and Xvfb yourself."; exit 1; }

missing=""
for pkg in $DEBS; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    say "Adding the i386 architecture (wine32)"
    $sudo dpkg --add-architecture i386
  fi
  say "Installing Debian packages:$missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null
fi

if [ ! -f "$INNOSETUP_DIR/bin/ISCC.exe" ]; then
  say "Fetching Inno Setup $INNO_VERSION (npm's innosetup package) into $INNOSETUP_DIR"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # npm's own client where there is one (it knows the machine's registry settings), else curl.
  if ! { command -v npm >/dev/null 2>&1 &&
    (cd "$tmp" && npm pack --silent "innosetup@$INNO_VERSION" >/dev/null 2>&1) &&
    mv "$tmp/innosetup-$INNO_VERSION.tgz" "$tmp/innosetup.tgz"; }; then
    curl -fsSL --retry 3 -o "$tmp/innosetup.tgz" \
      "https://registry.npmjs.org/innosetup/-/innosetup-$INNO_VERSION.tgz"
  fi
  got=$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' \
    "$tmp/innosetup.tgz")
  if [ "$got" != "$INNO_SHA512" ]; then
    say "innosetup-$INNO_VERSION.tgz does not match the registry's sha512: not used."
    exit 1
  fi
  tar -xzf "$tmp/innosetup.tgz" -C "$tmp"
  mkdir -p "$(dirname "$INNOSETUP_DIR")"
  rm -rf "$INNOSETUP_DIR"
  mv "$tmp/package" "$INNOSETUP_DIR"
fi
say "Wine $(wine --version 2>/dev/null) and $INNOSETUP_DIR/bin/ISCC.exe are ready."
