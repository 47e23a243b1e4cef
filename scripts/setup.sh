#!/usr/bin/env bash
# Installs the Debian packages the tests need, on a fresh machine with Node 20, npm and apt (run as root, or with
# sudo available). Idempotent: a package whose program or file is already present is skipped, and `apt-get update`
# runs once, only when something is missing. Used by the README's test command and by .ci/run.
#   fonts-dejavu-core   the PNG figures' text (resvg draws it from system fonts)
#   chromium            the explorer's browser tests (playwright-core, no browser download)
#   firefox-esr         the same tests in a second engine (puppeteer-core over WebDriver BiDi)
#   slurmctld slurmd slurm-client munge redis-server
#                       the cluster tests (test/cluster/): a single-node SLURM and Redis on free ports in a temp dir
set -euo pipefail

missing=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
command -v slurmctld >/dev/null || missing+=(slurmctld)
command -v slurmd >/dev/null || missing+=(slurmd)
command -v sbatch >/dev/null || missing+=(slurm-client)
command -v munged >/dev/null || missing+=(munge)
command -v redis-server >/dev/null || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: every package the tests need is present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "error: setup needs root to install ${missing[*]} (run it as root, or install sudo)" >&2
    exit 2
  fi
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
