#!/usr/bin/env bash
# The .deb as a person gets it: installed with apt into a clean minimal Debian root, then run.
#
#   sudo bash packaging/install_test.sh [dist/apimodels-uploader_*.deb]
#
# 1. debootstrap --variant=minbase bookworm (cached as a tarball between runs, with apt's
#    downloaded packages), then `apt-get install --no-install-recommends ./the.deb`: this proves
#    the Depends, since nothing else is there;
# 2. the installed launcher: --version and --self-test;
# 3. --demo offscreen for 20 s: exit 0 and no traceback;
# 4. the .desktop file's own Exec line with a media file (as a file manager runs it): the window
#    opens and uploads the file (to a demo service started in the root); a second Exec with
#    another file hands it to that window and exits at once, and the window uploads it too.
# Needs root (debootstrap, chroot, mounts) on Debian or Ubuntu. Everything runs offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=packaging/process_group.sh
. packaging/process_group.sh  # the app and its demo service end with this script, whole
# shellcheck source=scripts/apt.sh
. scripts/apt.sh  # waits for another apt's lock instead of failing at once

SUITE=${SUITE:-bookworm}
CACHE=${APIMODELS_ROOTFS_CACHE:-/var/cache/apimodels-uploader-test}
DEB=${1:-$(ls -t dist/apimodels-uploader_*.deb 2>/dev/null | head -1)}
MEDIA=tests/core/data/media

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'install test FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run it as root (debootstrap, chroot and mounts need it)"
[ -n "$DEB" ] && [ -f "$DEB" ] || fail "no .deb: build one with python packaging/build.py"
command -v debootstrap >/dev/null || {
  apt_get update -qq && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq debootstrap >/dev/null
}

# MIRROR, else the same mirror this machine's apt uses (deb822 sources or a sources.list); an
# Ubuntu host (the release workflow's) sets MIRROR to a Debian mirror.
mirror=${MIRROR:-}
[ -n "$mirror" ] || mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi

mkdir -p "$CACHE/archives"
TARBALL="$CACHE/$SUITE-minbase.tar"
if [ ! -f "$TARBALL" ]; then
  say "debootstrap --variant=minbase $SUITE (once; cached in $CACHE)"
  fresh=$(mktemp -d)
  debootstrap --variant=minbase --cache-dir="$CACHE/archives" "$SUITE" "$fresh/root" \
    ${mirror:+"$mirror"} >"$CACHE/debootstrap.log" 2>&1 || {
    tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$fresh"; fail "debootstrap failed"; }
  tar -C "$fresh/root" -cf "$TARBALL.part" . && mv "$TARBALL.part" "$TARBALL"
  rm -rf "$fresh"
fi

WORK=$(mktemp -d /tmp/apimodels-install-test.XXXXXX)
ROOTFS="$WORK/root"
cleanup() {
  # The window and the demo service it talks to: their groups, then anything still inside the
  # root. (Killing $! of `in_root ... &` ended a subshell and left both running.)
  stop_groups
  stop_rooted "$ROOTFS"
  local mnt busy=""
  for mnt in var/cache/apt/archives dev/pts dev proc sys; do
    mountpoint -q "$ROOTFS/$mnt" 2>/dev/null && umount -l "$ROOTFS/$mnt" || true
    mountpoint -q "$ROOTFS/$mnt" 2>/dev/null && busy="$busy $mnt"
  done
  # Never delete through a mount that is still there (/dev is the host's own).
  if [ -n "$busy" ]; then
    printf 'left %s in place: still mounted:%s\n' "$WORK" "$busy" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT
mkdir -p "$ROOTFS"
tar -C "$ROOTFS" -xf "$TARBALL"
mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sys "$ROOTFS/sys"
mount --bind /dev "$ROOTFS/dev"
mount --bind /dev/pts "$ROOTFS/dev/pts"
mount --bind "$CACHE/archives" "$ROOTFS/var/cache/apt/archives"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true

ROOT_CMD=(chroot "$ROOTFS" env -i HOME=/root LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
          PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
in_root() { "${ROOT_CMD[@]}" "$@"; }

say "apt-get install --no-install-recommends $(basename "$DEB") into a clean $SUITE root"
cp "$DEB" "$ROOTFS/tmp/app.deb"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/app.deb >"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; fail "apt could not install it"; }
in_root sh -c "command -v apimodels-uploader" >/dev/null || fail "no launcher on PATH"

say "apimodels-uploader --version / --self-test"
in_root apimodels-uploader --version
in_root apimodels-uploader --self-test || fail "the installed --self-test failed"

say "apimodels-uploader --demo offscreen for 20 s"
code=0
in_root apimodels-uploader --demo --data-dir /tmp/demo --quit-after 20 \
  >"$WORK/demo.out" 2>"$WORK/demo.err" || code=$?
if [ "$code" -ne 0 ] || grep -q "Traceback" "$WORK/demo.err"; then
  cat "$WORK/demo.err" >&2
  fail "--demo exited $code"
fi

say "the .desktop file's Exec line with a media file"
exec_line=$(sed -n 's/^Exec=//p' "$ROOTFS/usr/share/applications/apimodels-uploader.desktop")
case "$exec_line" in *%F*|*%f*|*%U*|*%u*) ;; *) fail "Exec takes no files: $exec_line" ;; esac
cp "$MEDIA/image.png" "$ROOTFS/tmp/photo.png"
cp "$MEDIA/audio.wav" "$ROOTFS/tmp/voice.wav"
with_file() { local line=$1 file=$2; line=${line//%F/$file}; line=${line//%f/$file}
  line=${line//%U/file://$file}; echo "${line//%u/file://$file}"; }

start_group "${ROOT_CMD[@]}" apimodels-uploader --demo --headless --data-dir /tmp/service \
  2>"$WORK/service.err"
for _ in $(seq 100); do grep -q "Ctrl+C" "$WORK/service.err" && break; sleep 0.2; done
base=$(grep -o -- '--base-url [^ ]*' "$WORK/service.err" | awk '{print $2}')
key=$(grep -o 'APIMODELS_API_KEY=[^ ]*' "$WORK/service.err" | cut -d= -f2)
[ -n "$base" ] && [ -n "$key" ] || { cat "$WORK/service.err" >&2; fail "the demo service did not start"; }

uploaded() {  # the names in the installed app's history
  python3 - "$ROOTFS/tmp/profile/history.sqlite3" <<'PY'
import sqlite3, sys
try:
    with sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True) as db:
        print(" ".join(sorted(n for (n,) in db.execute("SELECT name FROM uploads"))))
except sqlite3.Error:
    print("")
PY
}
wait_for() {
  for _ in $(seq 150); do [ "$(uploaded)" = "$1" ] && return 0; sleep 0.2; done
  cat "$WORK/window.err" >&2; fail "expected uploads '$1', history has '$(uploaded)'"
}
app_env=(APIMODELS_API_KEY="$key" APIMODELS_BASE_URL="$base" APIMODELS_DATA_DIR=/tmp/profile
         PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring)
# shellcheck disable=SC2046 # the Exec line is split into words as a desktop launcher splits it
start_group "${ROOT_CMD[@]}" "${app_env[@]}" $(with_file "$exec_line" /tmp/photo.png) \
  2>"$WORK/window.err"
wait_for "photo.png"
say "  the window opened and uploaded photo.png"
started=$(date +%s)
# shellcheck disable=SC2046
timeout 30 chroot "$ROOTFS" env -i HOME=/root LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  PATH=/usr/bin:/bin "${app_env[@]}" $(with_file "$exec_line" /tmp/voice.wav) \
  || fail "a second launch with a file did not hand it over and exit"
say "  a second launch handed voice.wav over in $(( $(date +%s) - started )) s"
wait_for "photo.png voice.wav"
say "  the open window uploaded voice.wav"
if grep -q "Traceback" "$WORK/window.err"; then cat "$WORK/window.err" >&2; fail "traceback"; fi
stop_groups
stop_rooted "$ROOTFS"
[ -z "$(_rooted_pids "$(realpath "$ROOTFS")")" ] || fail "processes left running in the root"
say "install test passed"
