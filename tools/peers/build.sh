#!/usr/bin/env bash
# Builds the Go peers of the compatibility lane (Prometheus 3.x, the current Alertmanager, our
# OpenTelemetry Collector distribution) with the plain go tool, from the modules pinned here.
# A binary is named after its pinned version and a hash of its module folder, so a run whose
# binary exists does no work; GOCACHE and GOMODCACHE keep their defaults, which survive runs.
#
# Usage: tools/peers/build.sh [prometheus|alertmanager|otelcol ...]   (default: all three)
# Prints one NAME_BIN=path line per binary (eval-able), e.g. PROMETHEUS_BIN=.../prometheus-3.16.0-ab12.
# Where binaries go: GS_PEERS_CACHE (default ~/.cache/golden-signals/peers).
# The hash covers the module folder and the build tags (they decide what the binary can do), not
# the rest of this script: a change of flags here that only speeds the build up (as -dwarf=false
# did) keeps the binaries already built. Cold and warm build times and sizes:
# docs/performance/peers.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${GS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/golden-signals/peers}"
mkdir -p "$cache/bin"
ver="github.com/prometheus/common/version"

# The module lacks Alertmanager's built UI assets (ui/app/dist), and the go tool never overlays
# files of the module cache: vendor the modules (git-ignored) and swap vendor's ui/web.go for our
# stub (alertmanager/uistub). Prints the go build flags that use them.
prepare_alertmanager() {
  (cd "$here/alertmanager" && go mod vendor -e 2>/dev/null)
  local overlay="$cache/alertmanager-overlay.json"
  printf '{"Replace":{"%s":"%s"}}\n' "$here/alertmanager/vendor/github.com/prometheus/alertmanager/ui/web.go" \
    "$here/alertmanager/uistub/web.go" > "$overlay"
  echo "-mod=vendor -overlay=$overlay"
}

# The binary a package builds: named after it, the collector's module folder (".") as otelcol-gs.
bin_name() {
  if [ "$1" = . ]; then echo otelcol-gs; else basename "$1"; fi
}

# build DIR VERSION TAGS LDFLAGS VAR:PKG...
# A module's binaries are built by one `go build` invocation (one action graph: shared packages
# are compiled once and the links run while the rest compiles), into a temporary folder, then
# renamed. -s -w drop the symbol table and DWARF at link, so -gcflags=all=-dwarf=false saves the
# compiler producing DWARF that would be thrown away.
build() {
  local dir="$1" version="$2" tags="$3" ldflags="$4"
  shift 4
  local key spec var pkg name flags tmp start missing=() pkgs=()
  key="$({ find "$here/$dir" -path "$here/$dir/vendor" -prune -o -type f -print0 | sort -z | xargs -0 cat
    echo "tags=$tags"; } | sha256sum | cut -c1-10)"
  for spec in "$@"; do
    pkg="${spec#*:}"
    name="$(bin_name "$pkg")"
    [ -x "$cache/bin/$name-$version-$key" ] || { missing+=("$name"); pkgs+=("$pkg"); }
  done
  if [ ${#pkgs[@]} -gt 0 ]; then
    start=$SECONDS
    flags="-mod=readonly"
    [ "$dir" = alertmanager ] && flags="$(prepare_alertmanager)"
    tmp="$(mktemp -d "$cache/bin/.build-XXXXXX")"
    # One package: -o names the file (for ".", the module folder's name would be otelcol);
    # several: -o names a folder and each binary is named after its package.
    local o="$tmp/"
    [ ${#pkgs[@]} = 1 ] && o="$tmp/${missing[0]}"
    # shellcheck disable=SC2086 # flags is a list of flags
    (cd "$here/$dir" && CGO_ENABLED=0 go build $flags -trimpath -tags "$tags" -gcflags=all=-dwarf=false \
      -ldflags "-s -w $ldflags" -o "$o" "${pkgs[@]}") || { rm -rf "$tmp"; return 1; }
    local sizes=()
    for name in "${missing[@]}"; do
      mv "$tmp/$name" "$cache/bin/$name-$version-$key"
      sizes+=("$name $(du -h "$cache/bin/$name-$version-$key" | cut -f1)")
    done
    rm -rf "$tmp"
    echo "built ${missing[*]} $version in $((SECONDS - start))s ($(IFS=,; echo "${sizes[*]}"))" >&2
  fi
  for spec in "$@"; do
    var="${spec%%:*}"
    echo "$var=$cache/bin/$(bin_name "${spec#*:}")-$version-$key"
  done
}

for peer in ${@:-prometheus alertmanager otelcol}; do
  case "$peer" in
    prometheus)
      # remove_all_sd: no cloud SDKs; static and file discovery always stay in, and DNS is kept for
      # deploy/prometheus/prometheus.yml (every replica of a scaled compose service).
      build prometheus 3.16.0 remove_all_sd,enable_dns_sd "-X $ver.Version=3.16.0 -X $ver.Branch=v3.16.0" \
        PROMETHEUS_BIN:github.com/prometheus/prometheus/cmd/prometheus \
        PROMTOOL_BIN:github.com/prometheus/prometheus/cmd/promtool ;;
    alertmanager)
      build alertmanager 0.35.0 "" "-X $ver.Version=0.35.0 -X $ver.Branch=v0.35.0" \
        ALERTMANAGER_BIN:github.com/prometheus/alertmanager/cmd/alertmanager \
        AMTOOL_BIN:github.com/prometheus/alertmanager/cmd/amtool ;;
    otelcol)
      # The prometheus receiver registers every service discovery of Prometheus: keep only the
      # ones the agent uses (kubernetes; static and file are always in), no cloud SDKs.
      build otelcol 0.159.0 remove_all_sd,enable_kubernetes_sd "" OTELCOL_BIN:. ;;
    *) echo "unknown peer: $peer (expected prometheus, alertmanager or otelcol)" >&2; exit 2 ;;
  esac
done
