#!/usr/bin/env bash
# apiglot's speed and memory, side by side with its npm peers, and the cost of builds as the
# project grows. Prints Markdown tables (the README shows the latest).
#
#   bench/run.sh            # RUNS=10 runs per row; REQUESTS and SPEC point at the inputs
#
# Needs node and npm, hyperfine and GNU time (apt-get install hyperfine time). The peers are
# installed with npm into a scratch folder ($APIGLOT_BENCH_DIR, default
# ~/.cache/apiglot-bench), never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
RUNS=${RUNS:-10}
REQUESTS=${REQUESTS:-/work/shared/bench/requests-1000.json}
SPEC=${SPEC:-/work/shared/specs/auth0-management-api.oas.json}
PEERS=${APIGLOT_BENCH_DIR:-$HOME/.cache/apiglot-bench}
export PEERS

for tool in node npm hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install nodejs npm hyperfine time)" >&2; exit 2; }
done

cargo build --release --locked --quiet
bin=${CARGO_TARGET_DIR:-$repo/target}/release/apiglot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The peers, pinned as the issue asks: httpsnippet 3.x, the latest @readme/httpsnippet and
# @scalar/snippetz.
mkdir -p "$PEERS"
if [ ! -d "$PEERS/node_modules/@scalar/snippetz" ] || [ ! -d "$PEERS/node_modules/@readme/httpsnippet" ] ||
  [ ! -d "$PEERS/node_modules/httpsnippet" ]; then
  (cd "$PEERS" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --loglevel=error httpsnippet@3 @readme/httpsnippet@latest @scalar/snippetz@latest >&2)
fi
version() { node -p "require('$PEERS/node_modules/$1/package.json').version"; }

# Peak resident memory in MB of a command, median of 3 runs.
peak_mb() {
  for _ in 1 2 3; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 2p |
    awk '{printf "%.1f", $1 / 1024}'
}

# 1. HAR requests -> ten targets, whole process against whole process.
echo "== $REQUESTS into ten targets: $RUNS runs each" >&2
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$work/samples.json" \
  -n apiglot "$bin samples $REQUESTS" \
  -n "httpsnippet $(version httpsnippet)" "node $repo/bench/peers/httpsnippet.mjs $REQUESTS" \
  -n "@readme/httpsnippet $(version @readme/httpsnippet)" "node $repo/bench/peers/readme.mjs $REQUESTS" \
  -n "@scalar/snippetz $(version @scalar/snippetz)" "node $repo/bench/peers/snippetz.mjs $REQUESTS" >&2
{
  echo "apiglot $(peak_mb "$bin" samples "$REQUESTS")"
  for peer in httpsnippet readme snippetz; do
    echo "$peer $(peak_mb node "$repo/bench/peers/$peer.mjs" "$REQUESTS")"
  done
} >"$work/samples-peak.txt"

# 2. Builds: clean as on a fresh checkout (no out/: the last one moved aside, nothing deleted
#    in the minutes before), clean right after `rm -rf out && sync` (on a file system that
#    scans recently freed inodes when it creates one, such as ext4 without a journal, this
#    costs the kernel time of its own: the floor column is measured the same way), re-render
#    (the stamp removed: everything is rendered and compared, nothing written) and no-op
#    rebuild (nothing changed: skipped by the stamp).
build_rows() { # name dir runs
  local name=$1 dir=$2 runs=$3
  echo "== build $name: $runs runs each" >&2
  [ -d "$dir/out" ] || "$bin" build --root "$dir" >/dev/null 2>&1
  mkdir -p "$work/moved"
  hyperfine --style basic --runs "$runs" --export-json "$work/build-$name-fresh.json" \
    --prepare "mv $dir/out $work/moved/$name-\$(date +%s%N)" -n "clean, no out/" "$bin build --root $dir" >&2
  hyperfine --style basic --runs "$runs" --export-json "$work/build-$name-clean.json" \
    --prepare "rm -rf $dir/out && sync" -n "clean after rm" "$bin build --root $dir" >&2
  hyperfine --style basic --runs "$runs" --export-json "$work/build-$name-render.json" \
    --prepare "rm -f $dir/out/.apiglot-stamp" -n re-render "$bin build --root $dir" >&2
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$work/build-$name-noop.json" \
    -n no-op "$bin build --root $dir" >&2
  # What creating that many files costs here, with nothing rendered.
  local files
  files=$(grep -c . "$dir/out/.apiglot-manifest")
  hyperfine --style basic --runs "$runs" --export-json "$work/build-$name-floor.json" \
    --prepare "rm -rf $work/floor && sync" -n floor "node $repo/bench/fs-floor.mjs $work/floor $files" >&2
  rm -rf "$work/floor"
  local peak
  peak=$(for _ in 1 2 3; do
    rm -rf "$dir/out" && sync
    /usr/bin/time -f %M "$bin" build --root "$dir" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 2p | awk '{printf "%.1f", $1 / 1024}')
  echo "$name $peak" >>"$work/build-peak.txt"
  rm -rf "$dir/out"
  "$bin" build --root "$dir" 2>&1 | tail -1 | sed "s/^/$name /" >>"$work/build-summary.txt"
}

# The Auth0 Management API (452 operations), imported.
[ -f "$SPEC" ] || { echo "bench/run.sh needs the Auth0 description at $SPEC (set SPEC)" >&2; exit 2; }
auth0=$work/auth0
mkdir -p "$auth0"
printf 'locales = ["en", "ja", "fr"]\n' >"$auth0/apiglot.toml"
"$bin" import openapi "$SPEC" --root "$auth0" >/dev/null
build_rows "auth0" "$auth0" 5

# 3. The Auth0 project after a one-message change: the incremental build (only the page that
#    shows the message is rendered), the preview's delay from saving the message to serving
#    the new page (polled over HTTP), and `apiglot check` of the whole site it built.
ftl=$(find "$auth0/locales/en" -name '*.ftl' ! -name common.ftl | sort | head -1)
"$bin" build --root "$auth0" >/dev/null 2>&1
echo "== Auth0 after a one-message change: $RUNS runs each" >&2
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$work/auth0-message.json" \
  --prepare "node $repo/bench/flip-title.mjs $ftl" -n "incremental build" "$bin build --root $auth0" >&2
node "$repo/bench/flip-title.mjs" "$ftl"
"$bin" build --root "$auth0" 2>&1 | tail -1 >"$work/auth0-message-summary.txt"
node "$repo/bench/preview.mjs" "$bin" "$auth0" "$RUNS" >"$work/preview.txt"
hyperfine --style basic --warmup 1 --runs "$RUNS" -i --export-json "$work/auth0-check.json" \
  -n "check out/" "$bin check --root $auth0 $auth0/out" >&2
for n in 100 1000 10000; do
  node "$repo/bench/synthetic.mjs" "$work/syn-$n" "$n"
  build_rows "$n" "$work/syn-$n" "$([ "$n" -ge 10000 ] && echo 3 || echo 5)"
done

node "$repo/bench/report.mjs" "$work" "$(nproc)"
