#!/bin/sh
# Opens the station's kiosk full-screen in Chromium's kiosk mode, on the touchscreen's X session, and keeps it
# there: Chromium is started again when it exits (a crash, a closed window) or stops answering (its DevTools
# port is silent, or the agent says the page stopped sending heartbeats: a hung page or "Aw, Snap").
# Started by yizhan-kiosk.desktop at login of the kiosk user (docs/install-station.md).
set -eu
URL=${YIZHAN_KIOSK_URL:-http://127.0.0.1:8701/}
# The agent's health, which says whether the page is alive (docs/kiosk.md, "Screen and health").
HEALTH=${YIZHAN_AGENT_HEALTH_URL:-${URL%/}/healthz}
# DevTools on 127.0.0.1 only: the agent takes the office's picture of the screen through it (kiosk.devtoolsPort).
DEVTOOLS_PORT=${YIZHAN_KIOSK_DEVTOOLS_PORT:-9222}
CHROMIUM=${YIZHAN_CHROMIUM:-chromium}
# Extra flags for this machine (none on a station; the tests run it headless).
EXTRA_FLAGS=${YIZHAN_KIOSK_CHROMIUM_FLAGS:-}
# How often Chromium is looked at; two bad looks in a row restart it.
CHECK_SECONDS=${YIZHAN_KIOSK_CHECK_SECONDS:-10}

# Wait for the agent, so the screen never shows a browser error page at boot.
i=0
until curl -fsS -o /dev/null "$URL"; do
  i=$((i + 1))
  [ "$i" -gt 120 ] && break
  sleep 1
done

# No screen blanking: the kiosk dims itself at night.
xset s off -dpms 2>/dev/null || true

PID=
PROFILE=
stop() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  [ -n "$PROFILE" ] && rm -rf "$PROFILE"
  exit 0
}
trap stop INT TERM

# Answering: DevTools answers, and the agent does not say the page stopped (absent, just after a start, is fine).
answering() {
  curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$DEVTOOLS_PORT/json/version" || return 1
  ! curl -fsS --max-time 5 "$HEALTH" 2>/dev/null | grep -q '"status":"not-responding"'
}

while :; do
  # A fresh profile at every start: no restore-session bubble, no leftover state.
  PROFILE=$(mktemp -d /tmp/yizhan-kiosk.XXXXXX)
  # shellcheck disable=SC2086 # EXTRA_FLAGS is a list of flags
  "$CHROMIUM" \
    --kiosk --noerrdialogs --disable-infobars --no-first-run --disable-session-crashed-bubble \
    --disable-pinch --overscroll-history-navigation=0 --disable-features=Translate \
    --disable-background-networking --disable-component-update --disable-sync \
    --check-for-update-interval=31536000 --user-data-dir="$PROFILE" \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port="$DEVTOOLS_PORT" \
    $EXTRA_FLAGS "$URL" &
  PID=$!
  echo "yizhan-kiosk: Chromium started (pid $PID)" >&2
  # Time to start and load the page before the first look.
  sleep "$CHECK_SECONDS"
  misses=0
  while kill -0 "$PID" 2>/dev/null; do
    if answering; then misses=0; else misses=$((misses + 1)); fi
    if [ "$misses" -ge 2 ]; then
      echo "yizhan-kiosk: Chromium is not answering; restarting it" >&2
      kill "$PID" 2>/dev/null || true
      sleep 3
      kill -9 "$PID" 2>/dev/null || true
      break
    fi
    sleep "$CHECK_SECONDS"
  done
  wait "$PID" 2>/dev/null || true
  echo "yizhan-kiosk: Chromium ended; starting it again" >&2
  rm -rf "$PROFILE"
  PROFILE=
  sleep 1
done
