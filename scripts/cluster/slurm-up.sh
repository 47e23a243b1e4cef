#!/usr/bin/env bash
# Start a throw-away single-node SLURM (Debian's slurmctld, slurmd, munge) whose every file lives in DIR, for the
# cluster tests: its own munge key and socket, its own slurm.conf on free ports, so it never touches a system install.
# Prints the line SLURM_CONF=DIR/slurm.conf (export it for sbatch, squeue, scancel). Stop it with slurm-down.sh DIR.
#
#   scripts/cluster/slurm-up.sh /tmp/slurm-test        # DIR must exist and be empty or not exist
set -euo pipefail
DIR=${1:?usage: slurm-up.sh DIR}
mkdir -p "$DIR" && DIR=$(cd "$DIR" && pwd)
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || {
    echo "slurm-up: $tool not found: apt-get install slurmctld slurmd slurm-client munge (.ci/run does)" >&2
    exit 1
  }
done
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
chmod 700 "$DIR/munge"

# munge: a fresh key and a private socket; --force because the tests run as root
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$DIR/munge/munge.key"
munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"

# two free TCP ports for slurmctld and slurmd
read -r CTLD_PORT SLURMD_PORT < <(node -e '
  const net = require("node:net");
  const free = () => new Promise((r) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
  Promise.all([free(), free()]).then(([a, b]) => console.log(a, b));')
HOST=$(hostname -s)
cat > "$DIR/slurm.conf" <<CONF
ClusterName=grokedge-test
SlurmctldHost=${HOST}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
KillWait=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

# ready when the node is idle (or mixed/allocated by an earlier job): at most ~30 s
for _ in $(seq 1 150); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  case "$state" in
    idle* | mixed* | allocated*) echo "SLURM_CONF=$SLURM_CONF"; exit 0 ;;
  esac
  sleep 0.2
done
echo "slurm-up: the node did not become idle (state '${state:-none}'); logs in $DIR:" >&2
tail -n 5 "$DIR/slurmctld.log" "$DIR/slurmd.log" "$DIR/munge/munged.log" >&2 || true
exit 1
