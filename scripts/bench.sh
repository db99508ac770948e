#!/usr/bin/env bash
# bench.sh measures objcleak on one corpus: lines/s, MB/s, files/s and peak
# RSS of `objcleak lint -q --format json` with one and two parse workers,
# the 1 → 2 core speed-up, and the same for parsing alone (file discovery,
# macro scan, parse, index: internal/cmd/parseonly), with the lint/parse
# time ratio (of the best runs, and the median over back-to-back pairs,
# which a machine shared with other work disturbs less).
#
#   scripts/bench.sh                    # a generated corpus of 1,000,000 lines
#   scripts/bench.sh -lines 100000      # a generated corpus of that size
#   scripts/bench.sh DIR                # an existing project, e.g. /work/corpus/gnachman+iTerm2
#   scripts/bench.sh -runs 3 DIR        # best of three runs of each measurement
#
# With taskset (util-linux) it also times one pinned core (GOMAXPROCS=1)
# for the 1 -> 2 core speed-up.
#
# Needs only bash, go, coreutils and GNU time (/usr/bin/time). The
# generated corpus and the binaries go to a temporary directory that is
# removed at the end (-keep keeps it and prints where it is).
set -euo pipefail

usage() {
	echo "usage: scripts/bench.sh [-runs N] [-keep] [-lines N | DIR]" >&2
	exit 2
}

lines=1000000
dir=""
runs=1
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	-lines | --lines)
		[ $# -ge 2 ] || usage
		lines=$2
		shift 2
		;;
	-runs | --runs)
		[ $# -ge 2 ] || usage
		runs=$2
		shift 2
		;;
	-keep | --keep)
		keep=1
		shift
		;;
	-h | --help) usage ;;
	-*) usage ;;
	*)
		[ -z "$dir" ] || usage
		dir=$1
		shift
		;;
	esac
done
case "$lines$runs" in *[!0-9]*) usage ;; esac
[ "$runs" -ge 1 ] || usage

TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench.sh: $TIME (GNU time) is needed for peak RSS" >&2; exit 2; }
command -v go >/dev/null || { echo "bench.sh: go is not on PATH" >&2; exit 2; }

if [ -n "$dir" ]; then
	[ -d "$dir" ] || { echo "bench.sh: $dir is not a directory" >&2; exit 2; }
	dir=$(cd "$dir" && pwd)
fi
cd "$(dirname "$0")/.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/objcleak-bench.XXXXXX")
if [ "$keep" = 1 ]; then
	trap 'echo "kept $tmp" >&2' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi

echo "building objcleak and parseonly ..." >&2
go build -o "$tmp/objcleak" ./cmd/objcleak
go build -o "$tmp/parseonly" ./internal/cmd/parseonly

if [ -z "$dir" ]; then
	echo "generating a corpus of $lines lines ..." >&2
	go build -o "$tmp/gencorpus" ./internal/gencorpus/cmd/gencorpus
	"$tmp/gencorpus" -q -lines "$lines" "$tmp/corpus"
	dir=$tmp/corpus
	what="generated, $lines lines asked"
else
	what="existing directory"
fi

read -r nfiles nlines nbytes < <("$tmp/parseonly" -stats "$dir")

# Decimal arithmetic with integers: times are kept in centiseconds.
cs() { # "12.34" (seconds, as %e prints them) -> 1234
	local s=$1 int frac
	int=${s%%.*}
	frac=${s#*.}
	[ "$frac" != "$s" ] || frac=0
	frac=${frac}00
	frac=${frac:0:2}
	echo $((10#$int * 100 + 10#$frac))
}
dec() { # dec NUM DEN DIGITS: NUM/DEN with DIGITS decimals (DIGITS 0-3)
	local num=$1 den=$2 d=${3:-2} scale=1 q
	[ "$den" -gt 0 ] || { echo "-"; return; }
	for ((i = 0; i < d; i++)); do scale=$((scale * 10)); done
	q=$(((num * scale * 2 + den) / (den * 2)))
	if [ "$d" = 0 ]; then
		echo "$q"
	else
		printf "%d.%0${d}d" $((q / scale)) $((q % scale))
	fi
}

# measure NAME CMD...: runs CMD $runs times and keeps the best wall time
# (centiseconds) in T_NAME, the CPU time (user + system) of that run in
# C_NAME and the largest peak RSS (KB) in M_NAME. Exit status 1
# (findings) is fine; anything above is a failure.
measure() {
	local name=$1
	shift
	local best="" cpu=0 rss=0 i t m u s status
	for ((i = 0; i < runs; i++)); do
		status=0
		"$TIME" -f "%e %M %U %S" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || status=$?
		if [ "$status" -gt 1 ]; then
			echo "bench.sh: $* exited with status $status:" >&2
			cat "$tmp/stderr" >&2
			exit 1
		fi
		read -r t m u s < <(tail -n 1 "$tmp/time")
		t=$(cs "$t")
		[ "$t" -gt 0 ] || t=1
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
			cpu=$(($(cs "$u") + $(cs "$s")))
		fi
		if [ "$m" -gt "$rss" ]; then rss=$m; fi
	done
	printf -v "T_$name" '%s' "$best"
	printf -v "C_$name" '%s' "$cpu"
	printf -v "M_$name" '%s' "$rss"
}

# paired NAME: on a shared machine the best lint and the best parse can
# come from moments of different load. This runs lint -j 2 and parse only
# -j 2 back to back, max(runs, 3) times, and keeps the median of the
# per-pair time ratios (in hundredths) in R_NAME.
paired() {
	local name=$1 n=$((runs > 3 ? runs : 3)) i tl tp ratios=()
	for ((i = 0; i < n; i++)); do
		"$TIME" -f "%e" -o "$tmp/time" "${lint[@]}" -j 2 "$dir" >/dev/null 2>&1 || true
		tl=$(cs "$(tail -n 1 "$tmp/time")")
		"$TIME" -f "%e" -o "$tmp/time" "$tmp/parseonly" -j 2 "$dir" >/dev/null 2>&1 || true
		tp=$(cs "$(tail -n 1 "$tmp/time")")
		[ "$tp" -gt 0 ] || tp=1
		ratios+=($(((tl * 1000 + tp / 2) / tp)))
	done
	mapfile -t ratios < <(printf '%s\n' "${ratios[@]}" | sort -n)
	printf -v "R_$name" '%s' "${ratios[$((n / 2))]}"
	printf -v "N_$name" '%s' "$n"
}

header() {
	printf "%-22s %9s %9s %12s %8s %10s %12s\n" "" "wall" "cpu" "lines/s" "MB/s" "files/s" "peak RSS"
}

row() { # row LABEL NAME
	local t c m
	t=T_$2
	t=${!t}
	c=C_$2
	c=${!c}
	m=M_$2
	m=${!m}
	printf "%-22s %8ss %8ss %12s %8s %10s %9s MB\n" "$1" "$(dec "$t" 100 2)" "$(dec "$c" 100 2)" \
		"$(dec $((nlines * 100)) "$t" 0)" "$(dec $((nbytes * 100)) $((t * 1000000)) 2)" \
		"$(dec $((nfiles * 100)) "$t" 0)" "$(dec "$m" 1024 0)"
}

lint=("$tmp/objcleak" lint -q --format json)
lint_help=$("$tmp/objcleak" lint --help 2>&1 || true)
# Cold runs: when the facts cache exists, leave it out of these numbers.
if [[ $lint_help == *--no-cache* ]]; then
	lint+=(--no-cache)
fi

echo "measuring (best of $runs) ..." >&2
measure lint1 "${lint[@]}" -j 1 "$dir"
measure lint2 "${lint[@]}" -j 2 "$dir"
measure parse1 "$tmp/parseonly" -j 1 "$dir"
measure parse2 "$tmp/parseonly" -j 2 "$dir"
paired pairs
# One core for real: -j 1 still leaves the garbage collector the second
# CPU, which understates the speed-up. With taskset the whole process gets
# one CPU.
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
	pin=(taskset -c 0 env GOMAXPROCS=1)
	measure lintcore1 "${pin[@]}" "${lint[@]}" -j 1 "$dir"
	measure parsecore1 "${pin[@]}" "$tmp/parseonly" -j 1 "$dir"
fi

echo "corpus: $dir ($what)"
echo "files: $nfiles  lines: $nlines  bytes: $nbytes ($(dec "$nbytes" 1000000 1) MB)"
echo "machine: $(nproc) CPUs, $(go env GOOS)/$(go env GOARCH), $(go version | cut -d' ' -f3)"
echo
header
row "lint -j 1" lint1
row "lint -j 2" lint2
row "parse only -j 1" parse1
row "parse only -j 2" parse2
echo
if [ ${#pin[@]} -gt 0 ]; then
	row "lint, 1 core" lintcore1
	row "parse only, 1 core" parsecore1
fi
echo
echo "speed-up 1 -> 2 workers: lint $(dec "$T_lint1" "$T_lint2" 2)x, parse only $(dec "$T_parse1" "$T_parse2" 2)x"
if [ ${#pin[@]} -gt 0 ]; then
	echo "speed-up 1 -> 2 cores (taskset): lint $(dec "$T_lintcore1" "$T_lint2" 2)x, parse only $(dec "$T_parsecore1" "$T_parse2" 2)x"
fi
echo "lint / parse-only time:  -j 1 $(dec "$T_lint1" "$T_parse1" 2), -j 2 $(dec "$T_lint2" "$T_parse2" 2) (cpu: $(dec "$C_lint1" "$C_parse1" 2), $(dec "$C_lint2" "$C_parse2" 2))"
echo "lint / parse-only time, back-to-back pairs (-j 2, median of $N_pairs): $(dec "$R_pairs" 1000 2)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the CPUs)"

# ---- Second run with the facts cache -------------------------------------
# The disk cache of per-file facts makes a second lint of unchanged files
# cheaper. This section measures a cold run into an empty cache directory,
# then a warm run over the same files, and prints the speed-up. It runs
# only when the binary has --cache-dir.
if [[ $lint_help == *--cache-dir* ]]; then
	cached=("$tmp/objcleak" lint -q --format json --cache-dir "$tmp/cache" -j 2 "$dir")
	rm -rf "$tmp/cache"
	saved=$runs
	runs=1
	measure cold "${cached[@]}"
	runs=$saved
	measure warm "${cached[@]}"
	echo
	header
	row "lint -j 2, cold cache" cold
	row "lint -j 2, warm cache" warm
	echo "second run speed-up: $(dec "$T_cold" "$T_warm" 2)x"
fi
