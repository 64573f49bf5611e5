#!/usr/bin/env bash
# Installs what RNNKit needs beyond the Swift toolchain: OpenBLAS (Debian or
# Ubuntu package libopenblas-dev) and pkg-config, which finds it. Does nothing
# when both are already there.
set -euo pipefail

if pkg-config --exists openblas 2>/dev/null; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: run as root or install sudo: apt-get install libopenblas-dev pkg-config" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq libopenblas-dev pkg-config
