# firmware/test/native-server.sh — sourced by firmware/test-image.sh and
# firmware/test-update.sh: sets $server to the native district server the
# tests run beside the VM: MQ_SERVER, else build-test/server/minqing-server
# (scripts/test.sh's build), else one built here (build-image/server,
# Release, the server alone). $1 names the test in the progress line.
server=${MQ_SERVER:-build-test/server/minqing-server}
if [ ! -x "$server" ]; then
	echo "=== $1: building the district server (native, Release) into build-image/server"
	cmake -S . -B build-image/server -DCMAKE_BUILD_TYPE=Release -DMQ_TESTS=OFF >/dev/null
	nice -n "${MQ_NICE:-10}" cmake --build build-image/server -j"$(nproc)" --target minqing-server >/dev/null
	server=build-image/server/server/minqing-server
fi
