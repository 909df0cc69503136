#!/usr/bin/env bash
# Runs a four-task Restock sweep and a four-task run split by SKU on a one-node Slurm cluster started
# here, merges each one's shards and checks that the merged files (comparison.csv and comparison.html;
# summary.csv, replications.csv, trace.csv, plan.csv and index.html) are byte-identical to a single
# unsharded run's.
#
#   sudo deploy/slurm/test-local.sh          (root: installs Debian's slurm-wlm and munge if missing)
#
# The cluster's configuration, state and logs live in a temporary folder (SLURM_CONF points there), so
# an existing /etc/slurm is left alone; the daemons are stopped on exit. RESTOCK names the binary
# (default: a release build made here).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v python3 >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge python3
fi

work=$(mktemp -d /tmp/restock-slurm.XXXXXX)
chmod 755 "$work"
host=$(hostname -s)
cleanup() {
  scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
  pkill -f "slurmd -f $work" 2>/dev/null || true
  pkill -f "slurmctld -f $work" 2>/dev/null || true
}
trap cleanup EXIT

# munge: a key of our own and a daemon on our own socket.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1 count=1024 2>/dev/null
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --force --key-file "$work/munge/munge.key" --socket "$socket" --pid-file "$work/munged.pid" \
  --log-file "$work/munge/munged.log" --seed-file "$work/munge/munged.seed"

mkdir -p "$work/state" "$work/spool" "$work/logs"
cat > "$work/slurm.conf" <<CONF
ClusterName=restock-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$work/slurm.conf"
slurmd -f "$work/slurm.conf"
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)'; then break; fi
  sleep 1
done
sinfo

if [ -z "${RESTOCK:-}" ]; then
  swift build -c release --product restock
  RESTOCK="$root/.build/release/restock"
fi
export RESTOCK

scenario="$root/scenarios/lost-sales.yaml"
options=(--vary products.0.suppliers.0.leadTimeDays=1,2,3,4,5 --vary products.0.shortage.penaltyPerUnit=4,19
         --set horizonDays=400 --set replications=20 --quiet)
out="$work/sweep"
job=$(sbatch --parsable --wait --array=0-3 --chdir="$work" "$root/deploy/slurm/sweep.sbatch" "$scenario" "$out" "${options[@]}")
echo "array job $job finished:"
sacct -j "$job" -n -o JobID,State,ExitCode 2>/dev/null || squeue -j "$job" 2>/dev/null || true
ls "$out"
"$RESTOCK" merge "$out"/shard-* --out "$work/merged"
"$RESTOCK" sweep "$scenario" "${options[@]}" --out "$work/single"
status=0
same() {  # same FILE…: $work/merged and $work/single hold exactly these files, byte for byte
  if [ "$(ls "$work/merged")" != "$(ls "$work/single")" ]; then
    echo "DIFFERENT file lists: $(ls "$work/merged" | tr '\n' ' ')vs $(ls "$work/single" | tr '\n' ' ')" >&2
    status=1
  fi
  for file in "$@"; do
    if cmp "$work/merged/$file" "$work/single/$file"; then
      echo "same bytes: $file ($(wc -c < "$work/single/$file") bytes)"
    else
      echo "DIFFERENT: $file" >&2
      status=1
    fi
  done
}
same comparison.csv comparison.html

# A run of 200 SKUs split by SKU (the README's many-SKU scenario, smaller), four array tasks.
python3 "$root/benchmarks/scale/make-scenario.py" 200 > "$work/scale-200.yaml"
rm -rf "$work/merged" "$work/single"
job=$(sbatch --parsable --wait --array=0-3 --chdir="$work" "$root/deploy/slurm/run.sbatch" "$work/scale-200.yaml" "$work/run" --quiet)
echo "array job $job finished:"
sacct -j "$job" -n -o JobID,State,ExitCode 2>/dev/null || squeue -j "$job" 2>/dev/null || true
ls "$work/run"
"$RESTOCK" merge "$work/run"/shard-* --out "$work/merged"
"$RESTOCK" run "$work/scale-200.yaml" --out "$work/single" --quiet
same summary.csv replications.csv trace.csv plan.csv index.html
exit $status
