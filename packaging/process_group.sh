# Background processes that can be ended whole: each in a process group of its own.
#
#   source packaging/process_group.sh
#   start_group CMD ARGS... &-less: runs CMD in the background in a new session; remembered
#   stop_groups                  TERM to every remembered group, then KILL to what is left
#   stop_rooted ROOT             the same for any process whose root is ROOT (a chroot's)
#
# `some_function ... &` puts a subshell in the background: $! is that subshell, and killing it
# leaves what it started (chroot, then the app) running. A group holds the whole tree.
# Sourced by scripts that run without job control (set +m, the default for scripts): there
# setsid never forks, so $! is the new group's leader and its id is the group's.

BG_GROUPS=()

start_group() {
  setsid "$@" &
  BG_GROUPS+=("$!")
}

_any_group_alive() {
  local pgid
  for pgid in "${BG_GROUPS[@]}"; do
    kill -0 -- "-$pgid" 2>/dev/null && return 0
  done
  return 1
}

stop_groups() {
  local pgid
  [ "${#BG_GROUPS[@]}" -gt 0 ] || return 0
  for pgid in "${BG_GROUPS[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for _ in $(seq 50); do _any_group_alive || break; sleep 0.1; done
  for pgid in "${BG_GROUPS[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  for _ in $(seq 50); do _any_group_alive || break; sleep 0.1; done
  BG_GROUPS=()
}

_rooted_pids() {
  local root=$1 proc
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && printf '%s ' "${proc#/proc/}"
  done
  return 0  # not the last test's status: `pids=$(...)` under set -e would end the script
}

stop_rooted() {
  local root pids sig
  root=$(realpath -e "${1:-}" 2>/dev/null) || return 0
  [ "$root" != / ] || return 0  # never the machine's own root
  for sig in TERM KILL; do
    pids=$(_rooted_pids "$root")
    [ -n "$pids" ] || return 0
    # shellcheck disable=SC2086
    kill -"$sig" $pids 2>/dev/null || true
    for _ in $(seq 50); do [ -n "$(_rooted_pids "$root")" ] || return 0; sleep 0.1; done
  done
}
