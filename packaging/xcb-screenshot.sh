#!/usr/bin/env bash
# Start an installed Capture Desktop on Qt's xcb platform under Xvfb, wait for its first
# painted, ready window, and save a screenshot of the screen:
#     bash packaging/xcb-screenshot.sh /path/to/capture-desktop OUT.png
# This proves what the offscreen self-test cannot: the bundled xcb platform plugin and the X
# libraries it needs load on this system. packaging/ci.sh runs it on the dpkg -x tree, inside
# packaging/with-keyring.sh, and keeps OUT.png as a CI artefact. Exits non-zero when the app
# does not come up on X, exits early, or the screenshot is blank.
set -euo pipefail
app=$1
out=$2
tmp=$(mktemp -d)
app_pid=""
xvfb_pid=""
finish() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap finish EXIT

# Xvfb picks a free display and writes its number to fd 3 once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "xcb-screenshot: Xvfb did not start"; cat "$tmp/xvfb.log"; exit 1; }
export DISPLAY=":$(head -n 1 "$tmp/display")"

mkdir -p "$tmp/home"
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache" \
  CAPTURE_DESKTOP_HOME="$tmp/data" CAPTURE_DESKTOP_PAINT_PROBE=1 QT_QPA_PLATFORM=xcb \
  "$app" --sandbox >"$tmp/app.out" 2>"$tmp/app.err" &
app_pid=$!
# Ready = painted and the profiles read (the app prints it); then the sandbox profile shows
# in the title. Both bounded.
for _ in $(seq 600); do
  grep -qx ready "$tmp/app.out" && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -qx ready "$tmp/app.out"; then
  echo "xcb-screenshot: the app never became ready on xcb"
  tail -30 "$tmp/app.err"
  exit 1
fi
timeout 30 xdotool search --sync --onlyvisible --name "Sandbox — Capture Desktop" >/dev/null || {
  echo "xcb-screenshot: no visible window titled for the sandbox profile"
  tail -30 "$tmp/app.err"
  exit 1
}
mkdir -p "$(dirname "$out")"
import -window root "$out"
colors=$(identify -format '%k' "$out")
if [ "$colors" -lt 16 ]; then
  echo "xcb-screenshot: $out has only $colors colours (a blank screen)"
  exit 1
fi
echo "xcb-screenshot: $out ($(identify -format '%wx%h' "$out"), $colors colours)"
