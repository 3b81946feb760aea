"""The project's own scripts clean up after themselves and wait for apt (issue 16, item 12).

packaging/install_test.sh left the installed app and its demo service running after "install
test passed": it killed $! of `in_root ... &`, a subshell, not the app. run.sh stopped at once
with apt's "Could not get lock" while unattended upgrades ran. The whole install test needs
debootstrap and a network; its process handling and the apt wrapper are tested here alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bash scripts")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose; its parent (bash) may not have reaped it yet.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# What install_test.sh starts: a wrapper (chroot, env) whose child is the app, which has children
# of its own; here bash stands in for chroot, and sleeps for the app and its service.
_TREE = """
set -euo pipefail
. packaging/process_group.sh
wrapper() { bash -c 'sleep 300 & echo $! >> "$1"; sleep 300 & echo $! >> "$1"; wait' _ "$@"; }
start_group bash -c 'sleep 300 & echo $! >> "$1"; sleep 300' _ "$1"
start_group bash -c 'bash -c "sleep 300 & echo \\$! >> $1; wait" & wait' _ "$1"
for _ in $(seq 100); do [ "$(wc -l < "$1")" -ge 2 ] && break; sleep 0.05; done
echo "${BG_GROUPS[@]}" > "$1.groups"
stop_groups
echo stopped
"""


def test_stop_groups_ends_every_process_the_script_started(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    pids_file.touch()
    done = subprocess.run(["bash", "-c", _TREE, "_", str(pids_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
    started = [int(p) for p in pids_file.read_text().split()]
    leaders = [int(p) for p in (tmp_path / "pids.groups").read_text().split()]
    assert len(started) == 2 and len(leaders) == 2
    assert _gone(started + leaders, seconds=2), [p for p in started + leaders if _alive(p)]


def test_the_old_way_left_the_app_running(tmp_path: Path) -> None:
    """The check above can fail: `func ... &` then `kill $!` leaves the function's children."""
    pids_file = tmp_path / "pids"
    script = """
in_root() { bash -c 'sleep 300 & echo $! >> "$1"; wait' _ "$@"; }
in_root "$1" &
pid=$!
for _ in $(seq 100); do [ -s "$1" ] && break; sleep 0.05; done
kill "$pid"
"""
    subprocess.run(["bash", "-c", script, "_", str(pids_file)], cwd=ROOT, timeout=60, check=True)
    left = [int(p) for p in pids_file.read_text().split()]
    try:
        assert left and not _gone(left, seconds=1)
    finally:
        for pid in left:
            if _alive(pid):
                os.kill(pid, 9)


def test_install_test_starts_its_background_processes_in_groups_and_ends_them() -> None:
    text = (ROOT / "packaging" / "install_test.sh").read_text()
    assert ". packaging/process_group.sh" in text
    assert "PIDS+=($!)" not in text
    for line in text.splitlines():
        code = line.split("#", 1)[0].rstrip()
        if code.endswith("&") and not code.endswith("&&"):
            pytest.fail(f"a background process outside start_group: {line.strip()}")
    cleanup = text[text.index("cleanup() {") : text.index("trap cleanup EXIT")]
    assert "stop_groups" in cleanup and 'stop_rooted "$ROOTFS"' in cleanup
    passed = text.index('say "install test passed"')
    before = text[:passed]
    assert before.rindex("stop_groups") > before.rindex("wait_for")  # ended before the verdict


def test_stop_rooted_never_touches_the_machines_root() -> None:
    # ROOTFS empty or "/" must end nothing: this test's own process is rooted at "/".
    script = ". packaging/process_group.sh; stop_rooted /; stop_rooted ''; stop_rooted /nonexistent"
    subprocess.run(["bash", "-c", script], cwd=ROOT, timeout=60, check=True)
    assert _alive(os.getpid())


# --- run.sh and apt's lock ------------------------------------------------------------------------

_FAKE_APT = """#!/usr/bin/env bash
# Refuses twice with apt's lock message (another apt holds it), then works.
echo "$*" >> "$APT_LOG"
n=$(cat "$APT_COUNT" 2>/dev/null || echo 0)
echo $((n + 1)) > "$APT_COUNT"
if [ "$n" -lt "${APT_BUSY:-2}" ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242" \
    "(unattended-upgr)" >&2
  echo "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is" \
    "another process using it?" >&2
  exit 100
fi
echo "installed $*"
"""


def _fake_apt(tmp_path: Path, busy: int) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(_FAKE_APT)
    fake.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "APT_LOG": str(tmp_path / "log"),
        "APT_COUNT": str(tmp_path / "count"),
        "APT_BUSY": str(busy),
        "APT_LOCK_POLL": "0.1",
    }


def test_apt_get_waits_for_another_apt_and_goes_on(tmp_path: Path) -> None:
    env = _fake_apt(tmp_path, busy=2)
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail; . scripts/apt.sh; apt_get install -y libfoo"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "installed" in done.stdout
    assert done.stderr.count("waiting for it") == 1  # said once, not per try
    assert "Could not get lock" not in done.stderr  # apt's raw words are not the last word
    calls = (tmp_path / "log").read_text().splitlines()
    assert len(calls) == 3
    assert all(re.search(r"-o DPkg::Lock::Timeout=\d+", call) for call in calls)


def test_apt_get_gives_up_after_its_wait_and_shows_apts_error(tmp_path: Path) -> None:
    env = {**_fake_apt(tmp_path, busy=1000), "APT_LOCK_WAIT": "0.5"}
    done = subprocess.run(
        ["bash", "-c", ". scripts/apt.sh; apt_get update -qq"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Could not get lock" in done.stderr


def test_apt_get_does_not_retry_other_errors(tmp_path: Path) -> None:
    env = _fake_apt(tmp_path, busy=0)
    (tmp_path / "bin" / "apt-get").write_text(
        '#!/usr/bin/env bash\necho "$*" >> "$APT_LOG"\necho "E: Unable to locate package x" >&2\n'
        "exit 100\n"
    )
    done = subprocess.run(
        ["bash", "-c", ". scripts/apt.sh; apt_get install -y x"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "Unable to locate package" in done.stderr
    assert len((tmp_path / "log").read_text().splitlines()) == 1


@pytest.mark.parametrize("script", ["run.sh", ".ci/run", "packaging/install_test.sh"])
def test_every_apt_get_on_the_host_goes_through_the_waiting_wrapper(script: str) -> None:
    text = (ROOT / script).read_text()
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if re.search(r"(^|[\s;&|])(\$sudo |sudo )?apt-get (update|install)", code):
            assert "in_root" in code, f"{script}: apt-get without the lock wait: {line.strip()}"


def test_stop_rooted_with_nothing_left_in_the_root_goes_on_under_set_e(tmp_path: Path) -> None:
    # install_test.sh runs with set -e: `pids=$(_rooted_pids ...)` took the status of the last
    # /proc entry's test, and the script ended there, after every check had passed.
    root = tmp_path / "root"
    root.mkdir()
    done = subprocess.run(
        ["bash", "-c", f'set -euo pipefail; . packaging/process_group.sh; stop_rooted "{root}"; '
         "echo went-on"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "went-on"
