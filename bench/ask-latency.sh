#!/usr/bin/env bash
# ask-latency.sh measures `pactbot ask` end to end: from process start to the
# printed answer, with the index already built, for the shipped corpus.
#
#   bench/ask-latency.sh                 # 50 timed runs
#   RUNS=200 bench/ask-latency.sh        # more runs
#   CORPUS=DIR bench/ask-latency.sh      # another corpus (--corpus DIR)
#
# It builds the binary once, builds the index once (not timed), makes WARMUP
# untimed runs (page cache), then times RUNS runs and prints p50, p99, mean,
# min and max in milliseconds. Each run's output must contain EXPECT, so a
# broken answer cannot pass for a fast one. Uses hyperfine as a second
# opinion when it is installed.
set -euo pipefail

RUNS=${RUNS:-50}
WARMUP=${WARMUP:-3}
BIN=${BIN:-/tmp/pactbot}
QUESTION=${QUESTION:-"How much money is earmarked for the Pact?"}
EXPECT=${EXPECT-"€2 billion"}
CORPUS=${CORPUS:-}

cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/pactbot-ask-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT

args=(--data "$data")
if [[ -n "$CORPUS" ]]; then
	args+=(--corpus "$CORPUS")
fi

echo "building $BIN" >&2
CGO_ENABLED=0 go build -o "$BIN" ./cmd/pactbot
echo "indexing (not timed)" >&2
"$BIN" "${args[@]}" index >&2

check() {
	if [[ -n "$EXPECT" && "$1" != *"$EXPECT"* ]]; then
		echo "ask-latency: answer lacks \"$EXPECT\":" >&2
		echo "$1" >&2
		exit 1
	fi
}

for ((i = 0; i < WARMUP; i++)); do
	check "$("$BIN" "${args[@]}" ask "$QUESTION")"
done

# EPOCHREALTIME (bash 5) reads the clock without forking, so the timing
# holds only pactbot's own fork, exec, run and exit.
times=()
for ((i = 0; i < RUNS; i++)); do
	t0=${EPOCHREALTIME/./}
	out=$("$BIN" "${args[@]}" ask "$QUESTION")
	t1=${EPOCHREALTIME/./}
	check "$out"
	times+=($((t1 - t0)))
done

sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
# nearest rank: the smallest value that p% of the runs do not exceed
rank() { local r=$(((n * $1 + 99) / 100)); echo "${sorted[$((r < 1 ? 0 : r - 1))]}"; }
sum=0
for t in "${sorted[@]}"; do sum=$((sum + t)); done
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

echo "pactbot ask end to end, $n runs ($(nproc) CPUs, $(go env GOVERSION)), question: $QUESTION"
echo "p50 $(ms "$(rank 50)") ms  p99 $(ms "$(rank 99)") ms  mean $(ms $((sum / n))) ms  min $(ms "${sorted[0]}") ms  max $(ms "${sorted[$((n - 1))]}") ms"

if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup "$WARMUP" --runs "$RUNS" \
		"$BIN --data $data ${CORPUS:+--corpus $CORPUS} ask '$QUESTION'"
fi
