#!/usr/bin/env bash
# One entry point for people and CI alike:
#   bash run.sh demo   install what is needed, start the app against its built-in local service
#   bash run.sh test   install what is needed, run lint, types and the whole test suite
#   bash run.sh check  the same checks, without installing anything
#   bash run.sh app    install what is needed, start the app (against the real service)
#   bash run.sh screenshots   take the README's pictures under Xvfb (docs/screenshots)
#   bash run.sh package   build the bundle, .tar.gz and .deb into dist/ (packaging/build.py);
#                         as root on Debian/Ubuntu, then install the .deb into a clean Debian root
# Works from a clean clone on Debian/Ubuntu with Python 3.11+; installs Debian packages with
# apt-get (as root, or through sudo) only when some are missing.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
# What Qt needs to run offscreen (tests) and in a real window (the app).
QT_DEBS="libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
fontconfig-config fonts-dejavu-core"
# What the build host must have for PyInstaller to copy into the bundle, and the packaging tools.
BUILD_DEBS="libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon-x11-0 binutils gcc \
patchelf dpkg-dev lintian icu-devtools"
WINDOW_DEBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_debs() {
  local want
  want=$(missing_debs "$@" | tr '\n' ' ')
  [ -z "${want// /}" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: install the equivalents of: $want"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "Need root to install: $want"; exit 1; }
    sudo="sudo"
  fi
  say "Installing Debian packages: $want"
  # shellcheck source=scripts/apt.sh
  . scripts/apt.sh  # waits for another apt (unattended upgrades) instead of failing on its lock
  apt_get $sudo update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt_get $sudo install -y -qq --no-install-recommends $want \
    >/dev/null
}

ensure_venv() {
  local extra=$1
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))."
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    # Debian ships venv support separately from python3 itself.
    "$PYTHON" -m venv "$VENV" 2>/dev/null || {
      rm -rf "$VENV"
      install_debs "python3-venv"
      "$PYTHON" -m venv "$VENV"
    }
  fi
  local stamp="$VENV/.installed-$extra"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "Installing Python packages ($extra)"
    # pip's notes and warnings go to a log; the terminal shows them only if the install fails.
    local log="$VENV/install.log"
    if ! { "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip &&
      "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extra]"; } \
      >"$log" 2>&1; then
      cat "$log" >&2
      say "Installing the Python packages failed (the log above is also in $log)."
      exit 1
    fi
    touch "$stamp"
  fi
}

build_translations() {
  "$VENV/bin/python" scripts/translations.py build >/dev/null
}

run_checks() {
  local py="$VENV/bin/python"
  build_translations
  say "ruff check";  "$py" -m ruff check .
  say "ruff format"; "$py" -m ruff format --check .
  say "mypy";        "$py" -m mypy
  say "pytest";      "$py" -m pytest "$@"
}

case "${1:-}" in
  demo|app)
    mode=$1
    shift
    install_debs $QT_DEBS $WINDOW_DEBS fontconfig-config
    ensure_venv server
    build_translations
    if [ "$mode" = demo ]; then set -- --demo "$@"; fi
    exec "$VENV/bin/python" main.py "$@"
    ;;
  screenshots)
    shift
    install_debs $QT_DEBS $WINDOW_DEBS xvfb xauth fonts-dejavu-core fonts-wqy-microhei
    ensure_venv test
    build_translations
    exec xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" "$VENV/bin/python" scripts/screenshots.py "$@"
    ;;
  test)
    shift
    # curl: the tests run the API reference's own curl examples against the local service.
    # shared-mime-info: the oracle the desktop entry's MimeType= is checked against.
    install_debs $QT_DEBS curl shared-mime-info
    ensure_venv test
    run_checks "$@"
    ;;
  check)
    shift
    run_checks "$@"
    ;;
  package)
    shift
    install_debs $QT_DEBS $WINDOW_DEBS $BUILD_DEBS
    ensure_venv package
    build_translations
    "$VENV/bin/python" packaging/build.py "$@"
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      install_debs debootstrap
      bash packaging/install_test.sh
    else
      say "Not root on Debian/Ubuntu: the install test (packaging/install_test.sh) was skipped."
    fi
    ;;
  *)
    echo "usage: bash run.sh demo | app | test | check | screenshots | package" >&2
    exit 2
    ;;
esac
