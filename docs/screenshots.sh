#!/usr/bin/env bash
# Takes the README's dashboard screenshots from a RUNNING system (deploy/local/up --detach --demo), so the
# pictures show what the real pipeline tagged. Needs Debian's chromium and chromium-driver (the Live alerts view), and
# python3 (the Coverage view's feeds, JSON).
#   export COUNTERSIGHT_DATA=$(mktemp -d)   # one folder for up, this script (it reads the API key) and down
#   export COUNTERSIGHT_SIGNAL_HOLD=20s COUNTERSIGHT_COVERAGE_SIGNAL_EVALUATE_EVERY=5s COUNTERSIGHT_COVERAGE_REFRESH=10s
#   deploy/local/up --detach --demo && sleep 20 && docs/screenshots.sh; deploy/local/down
# The last picture (Coverage) stages a silence: it registers ten more feeds and stops four of them, so it comes last
# and belongs on a demo system only. With the default signal settings (hold 10 min) the signal is not raised in time
# and the picture shows Kenya "watching"; the exports above raise it within a minute.
# usage: docs/screenshots.sh [api base URL] [ingest base URL]
set -euo pipefail
cd "$(dirname "$0")"
base="${1:-http://127.0.0.1:8080}"
ingest="${2:-http://127.0.0.1:8081}"
auth="${COUNTERSIGHT_DATA:-$(cd .. && pwd)/.data}/run/auth-header"
profile=$(mktemp -d)
feeds=$(mktemp -d)
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$profile" "$feeds"
}
trap cleanup EXIT
budget=()
size=1280,900
shot() { # file, path
  /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --window-size="$size" --timeout=12000 "${budget[@]}" --screenshot="$PWD/$1" "$base$2" 2>/dev/null
  echo "wrote docs/$1"
}
# Live alerts: the view loads the recent alerts and opens the event stream after the load event, and an open stream
# keeps virtual time (below) from ever running out, so this one goes through chromedriver (WebDriver over curl) and
# waits until the stream is open and the alerts are drawn
live_shot() { # file, path
  local wdport=9516 wd session deadline
  /usr/bin/chromedriver --port=$wdport >/dev/null 2>&1 &
  wd=$!
  servers+=("$wd")
  deadline=$((SECONDS + 20))
  until curl -s --max-time 2 "http://127.0.0.1:$wdport/status" | grep -q '"ready": *true'; do
    ((SECONDS < deadline)) || { echo "chromedriver did not start on port $wdport" >&2; return 1; }
    sleep 0.5
  done
  session=$(curl -s --max-time 60 "http://127.0.0.1:$wdport/session" -H 'Content-Type: application/json' --data '{"capabilities":
    {"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new",
    "--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--hide-scrollbars","--window-size=1280,900"]}}}}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["value"]["sessionId"])')
  wdcall() { curl -s --max-time 30 "http://127.0.0.1:$wdport/session/$session$1" -H 'Content-Type: application/json' "${@:2}"; }
  # the viewport itself 1280 x 900 like the other pictures (a window size would include the window's frame)
  wdcall /goog/cdp/execute --data '{"cmd":"Emulation.setDeviceMetricsOverride","params":{"width":1280,"height":900,
    "deviceScaleFactor":1,"mobile":false}}' >/dev/null
  wdcall /url --data "{\"url\":\"$base$2\"}" >/dev/null
  deadline=$((SECONDS + 30))
  until wdcall /execute/sync --data '{"script":"return document.body.innerText.includes(\"Live: new alerts\") && document.querySelectorAll(\"mark\").length > 0","args":[]}' |
    grep -q '"value": *true' || ((SECONDS > deadline)); do sleep 1; done
  sleep 1 # fonts and layout settle
  wdcall /screenshot | python3 -c 'import base64,json,sys; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' >"$1"
  wdcall "" -X DELETE >/dev/null
  kill "$wd" 2>/dev/null || true
  echo "wrote docs/$1"
}
live_shot dashboard.png "/"
# the other views fetch their data after the page's load event: let virtual time run until it is drawn (they open
# no event stream, which would keep virtual time waiting)
budget=(--virtual-time-budget=15000)
shot dashboard-timeline.png "/?view=timeline&q=police"
shot dashboard-sources.png "/?view=sources"
size=1280,1300 # the Vendors view with its flows, the vendor page with its evidence
shot dashboard-vendors.png "/?view=vendors"
shot dashboard-vendor.png "/?view=vendors&vendorId=hikvision"

# --- Coverage: a silence in Kenya, staged on the running demo ----------------------------------------------------
# Ten feeds "in" Kenya (4), Uganda (3) and Tanzania (3), each on its own loopback host (Linux routes 127/8 to lo),
# each with an article from this hour and one from this hour of each of the last four weeks (so a baseline exists).
# Once their articles are indexed, Kenya's four servers stop and ingest polls them at once: four hosts refuse.
[[ -r "$auth" ]] || { echo "no API key at $auth: export the COUNTERSIGHT_DATA that deploy/local/up used" >&2; exit 1; }
port=18088
py=$(python3 -c 'import sys; print(sys.executable)') # the interpreter itself, so its PID is the server's
declare -A site_country=() server_of=() source_of=()
for site in KE:21 KE:22 KE:23 KE:24 UG:31 UG:32 UG:33 TZ:41 TZ:42 TZ:43; do
  site_country["127.0.0.${site#*:}"]="${site%:*}"
done
python3 - "$feeds" "$port" "${!site_country[@]}" <<'FEEDS'
import email.utils, os, sys
from datetime import datetime, timedelta, timezone
root, port, hosts = sys.argv[1], sys.argv[2], sys.argv[3:]
topics = ["the harbour authority opened a second quay", "the county assembly passed the market budget",
          "a new bus line links the university to the town centre", "farmers reported an early maize harvest",
          "the water utility repaired the main pipeline"]
now = datetime.now(timezone.utc)
for h in hosts:
    os.makedirs(f"{root}/{h}/news", exist_ok=True)
    octet = int(h.split(".")[-1])
    items = []
    for week in range(5):  # this hour, and this hour of each of the last four weeks
        when = now - timedelta(days=7 * week, minutes=10 + (7 * octet) % 40)
        text = (f"Reporters of the daily on {h} write that {topics[(week + octet) % 5]}. "
                f"Residents told the paper the change was overdue.")
        with open(f"{root}/{h}/news/n{week}.html", "w") as f:
            f.write(f"<html><head><title>Local news {week}</title></head><body><article><p>{text}</p></article></body></html>")
        link = f"http://{h}:{port}/news/n{week}.html"
        items.append(f"<item><title>Local news from {h}, item {week}</title><link>{link}</link><guid>{link}</guid>"
                     f"<pubDate>{email.utils.format_datetime(when)}</pubDate><description>{text}</description></item>")
    with open(f"{root}/{h}/feed.xml", "w") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Daily on {h}</title>'
                f"<link>http://{h}:{port}/</link><description>Demo feed</description>{''.join(items)}</channel></rss>")
FEEDS
for h in "${!site_country[@]}"; do
  "$py" -m http.server "$port" --bind "$h" --directory "$feeds/$h" >/dev/null 2>&1 &
  server_of[$h]=$!
  servers+=("$!")
done
sleep 2
for h in "${!site_country[@]}"; do
  cc=${site_country[$h]}
  answer=$(curl -s --max-time 15 -X POST "$base/api/v1/sources" -H "@$auth" -H 'Content-Type: application/json' \
    --data "{\"url\":\"http://$h:$port/feed.xml\",\"name\":\"$cc daily on $h\",\"country\":\"$cc\"}")
  source_of[$h]=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$answer") ||
    { echo "could not register http://$h:$port/feed.xml: $answer" >&2; exit 1; }
done
holds() { # country, python condition over its coverage c
  curl -s --max-time 10 "$base/api/v1/coverage/$1" |
    python3 -c "import json,sys; c=json.load(sys.stdin); print(bool($2))" 2>/dev/null || true
}
wait_for() { # seconds, what, country, condition
  local deadline=$((SECONDS + $1))
  until [[ "$(holds "$3" "$4")" == True ]]; do
    ((SECONDS < deadline)) || { echo "coverage: $2 not seen in $1 s" >&2; return 1; }
    sleep 3
  done
}
for cc in KE UG TZ; do # every feed's articles tagged by nlp, indexed, and counted (each feed has one of the last 24 h)
  wait_for 300 "the articles of $cc" "$cc" \
    'c["sources"]["active"] == c["sources"]["registered"] and c["articles"]["last24Hours"] >= c["sources"]["registered"] and c["articles"].get("baseline24Hours")' ||
    true
done
for h in "${!site_country[@]}"; do
  if [[ ${site_country[$h]} == KE ]]; then kill "${server_of[$h]}"; fi
done
sleep 1
poll() { curl -s -o /dev/null --max-time 10 -X POST -H "@$auth" "$ingest/ingest/sources/${source_of[$1]}/poll"; }
for h in "${!site_country[@]}"; do
  if [[ ${site_country[$h]} == KE ]]; then poll "$h"; fi
done
# the rest of the world must answer after Kenya went quiet (else the monitor's own network is as likely a cause)
sleep 3
for h in "${!site_country[@]}"; do
  if [[ ${site_country[$h]} != KE ]]; then poll "$h"; fi
done
start=$SECONDS
if wait_for 180 "Kenya's silence signal" KE 'c["signal"]["state"] == "raised"'; then
  echo "coverage: Kenya's silence signal raised $((SECONDS - start)) s after its servers stopped"
fi
sleep 5 # "since ... ago" reads naturally
budget=(--virtual-time-budget=5000)
size=1280,900
shot dashboard-coverage.png "/?view=coverage"
