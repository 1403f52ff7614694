# lib.sh — shared by the kiosk scenario runners: a fresh data dir and
# kiosk.ini in $work (plus the lines in $MQ_KIOSK_INI, e.g. rotation = 90),
# the store seeded with a server state and the kiosk's credentials
# (seed_state.py).

# kiosk_run KIOSK DIR SCRIPT — the script in DIR, headless, its log in DIR/log
kiosk_run() {
	( cd "$2" && "$1" --config "$2/kiosk.ini" --headless --script "$3" ) >"$2/log" 2>&1
}

#   kiosk_setup KIOSK WORK [extra ini lines] [empty]
kiosk_setup() {
	_kiosk=$1 _work=$2 _extra=${3:-} _state=${4:-}
	mkdir -p "$_work/data"
	cat > "$_work/kiosk.ini" <<INI
[kiosk]
data_dir = $_work/data
public_url = https://minqing.example.gov.cn
size = 1280x800
dpi = 150
$_extra
${MQ_KIOSK_INI:-}
INI
	"$_kiosk" status --config "$_work/kiosk.ini" >/dev/null
	python3 "${MQ_KIOSK_TESTS:-$(dirname "$0")}/seed_state.py" "$_work/data" $_state
}

# redraw_checks SCRIPT — with MQ_CHECK_REDRAW set, a check-redraw after every
# command of SCRIPT: whatever the frames drawn in parts left on the screen
# (and on the rotated panel) equals a full redraw, pixel for pixel.
redraw_checks() {
	[ -z "${MQ_CHECK_REDRAW:-}" ] || sed -i '/^[a-z]/a check-redraw' "$1"
}
