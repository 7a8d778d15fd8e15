#!/bin/sh
# Install the Debian packages urio needs, if missing (make deps).
# Each package and why: README.md, "Dependencies".  `make deps MPI=1` adds OpenMPI
# and ScaLAPACK (openmpi-bin libopenmpi-dev libscalapack-openmpi-dev) through
# URIO_EXTRA_PKGS (docs/cluster.md).
set -eu
PKGS="gcc make pkg-config python3 python3-numpy python3-jsonschema libopenblas-openmp-dev liblapacke-dev libgsl-dev libyaml-dev libcjson-dev libcriterion-dev"
[ -n "${URIO_EXTRA_PKGS:-}" ] && PKGS="$PKGS $URIO_EXTRA_PKGS"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "urio: missing packages:$missing; install them with your package manager" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "urio: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
