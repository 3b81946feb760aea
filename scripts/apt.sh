# apt-get that waits for another package manager instead of failing on its lock.
#
#   source scripts/apt.sh; apt_get [sudo] update -qq
#
# A desktop runs unattended upgrades; a CI machine may run apt in another job. apt-get then stops
# at once with "Could not get lock /var/lib/dpkg/lock-frontend". DPkg::Lock::Timeout makes the
# install wait for dpkg's lock; `apt-get update` takes the lists lock, which some apt versions do
# not wait for, so a refusal that names a lock is tried again, for up to APT_LOCK_WAIT seconds.

APT_LOCK_WAIT=${APT_LOCK_WAIT:-600}
APT_LOCK_POLL=${APT_LOCK_POLL:-5}

apt_get() {
  local prefix=()
  if [ "${1:-}" = sudo ]; then prefix=(sudo); shift; fi
  local err waited=0 said=""
  err=$(mktemp)
  until "${prefix[@]}" apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" "$@" 2>"$err"; do
    if grep -qiE "could not get lock|unable to acquire|unable to lock" "$err" \
        && awk -v w="$waited" -v m="$APT_LOCK_WAIT" 'BEGIN { exit !(w < m) }'; then
      if [ -z "$said" ]; then
        printf '==> Another package manager is running (unattended upgrades?): waiting for it.\n' >&2
        said=1
      fi
      sleep "$APT_LOCK_POLL"
      waited=$(awk -v w="$waited" -v p="$APT_LOCK_POLL" 'BEGIN { print w + p }')
      continue
    fi
    cat "$err" >&2
    rm -f "$err"
    return 1
  done
  cat "$err" >&2
  rm -f "$err"
}
