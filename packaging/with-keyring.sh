#!/bin/sh
# Run a command inside its own D-Bus session with an unlocked gnome-keyring (Secret Service),
# as a desktop session has: `sh packaging/with-keyring.sh capture-desktop --self-test`.
# The keyring lives in a fresh temporary folder, removed afterwards, so the unlock password
# always matches and nothing of the user's keyring is reached. packaging/ci.sh runs the
# installed app's self-test this way (on the host and inside the Debian 12 chroot).
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is not installed" >&2; exit 127; }
done
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export keyring_home
dbus-run-session -- sh -c '
  printf capture-desktop-ci | XDG_DATA_HOME="$keyring_home" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' _ "$@"
