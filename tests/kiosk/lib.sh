# lib.sh — shared by the kiosk scenario runners: a fresh data dir and
# kiosk.ini in $work, the store seeded with a server state and the kiosk's
# credentials (seed_state.py).
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
INI
	"$_kiosk" status --config "$_work/kiosk.ini" >/dev/null
	python3 "${MQ_KIOSK_TESTS:-$(dirname "$0")}/seed_state.py" "$_work/data" $_state
}
