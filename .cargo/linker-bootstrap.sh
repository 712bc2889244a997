#!/bin/sh
# The linker cargo uses on Linux: the system C compiler driver. On a fresh machine that has
# a Rust toolchain but no C toolchain (rustup does not bring one), the very first link
# (cargo xtask itself) would fail; instead this installs build-essential once, saying so,
# with sudo when not root, and carries on. Afterwards it only execs cc.
if command -v cc >/dev/null 2>&1; then
  exec cc "$@"
fi
lock="${TMPDIR:-/tmp}/steward-linker-bootstrap.lock"
(
  flock 9 2>/dev/null || true
  if ! command -v cc >/dev/null 2>&1; then
    echo "steward: no C linker found; installing build-essential with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends build-essential >&2 ||
      { echo "steward: could not install build-essential; install a C toolchain and try again" >&2; exit 1; }
  fi
) 9>"$lock" || exit 1
exec cc "$@"
