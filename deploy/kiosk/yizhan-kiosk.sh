#!/bin/sh
# Opens the station's kiosk full-screen in Chromium's kiosk mode, on the touchscreen's X session.
# Started by yizhan-kiosk.desktop at login of the kiosk user (docs/install-station.md).
set -eu
URL=${YIZHAN_KIOSK_URL:-http://127.0.0.1:8701/}

# Wait for the agent, so the screen never shows a browser error page at boot.
i=0
until curl -fsS -o /dev/null "$URL"; do
  i=$((i + 1))
  [ "$i" -gt 120 ] && break
  sleep 1
done

# No screen blanking: the kiosk dims itself at night.
xset s off -dpms 2>/dev/null || true

# A fresh profile at every start: no restore-session bubble, no leftover state.
PROFILE=$(mktemp -d /tmp/yizhan-kiosk.XXXXXX)
exec chromium \
  --kiosk --noerrdialogs --disable-infobars --no-first-run --disable-session-crashed-bubble \
  --disable-pinch --overscroll-history-navigation=0 --disable-features=Translate \
  --disable-background-networking --disable-component-update --disable-sync \
  --check-for-update-interval=31536000 --user-data-dir="$PROFILE" \
  "$URL"
