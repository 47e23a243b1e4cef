#!/usr/bin/env bash
# Stop the SLURM started by slurm-up.sh DIR: cancel its jobs, then end slurmd, slurmctld and munged by the process
# ids in their pid files (never by name, so a system SLURM is left alone). Safe to run twice or after a failed start.
set -uo pipefail
DIR=${1:?usage: slurm-down.sh DIR}
[ -f "$DIR/slurm.conf" ] && SLURM_CONF="$DIR/slurm.conf" scancel --quiet --full --user=root 2>/dev/null
stop() { # pid file
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
}
stop "$DIR/slurmd.pid"
stop "$DIR/slurmctld.pid"
stop "$DIR/munge/munged.pid"
exit 0
