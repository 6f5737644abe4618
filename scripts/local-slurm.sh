#!/usr/bin/env bash
# A throwaway single-node Slurm (munged + slurmctld + slurmd) for CI, as root, without systemd;
# every file under one directory. Installs munge and Slurm from Debian when missing.
#
#   scripts/local-slurm.sh start     # then: source "$TAILSWEEP_SLURM_ROOT/env.sh"; sbatch …
#   scripts/local-slurm.sh stop      # cancels jobs, stops the daemons by recorded PID
#
# Knobs: TAILSWEEP_SLURM_ROOT (default /var/tmp/tailsweep-slurm), TAILSWEEP_SLURM_CPUS (CPUs
# the node advertises, default 4: SlurmdParameters=config_overrides lets it exceed the host's).
set -euo pipefail

root=${TAILSWEEP_SLURM_ROOT:-/var/tmp/tailsweep-slurm}
cpus=${TAILSWEEP_SLURM_CPUS:-4}
node=localhost
conf=$root/etc/slurm.conf
log() { echo "[local-slurm] $*"; }
die() { log "ERROR: $*"; for f in "$root"/log/*.log; do [ -f "$f" ] && { echo "----- $f"; tail -n 20 "$f"; }; done; exit 1; }
wait_for() {  # wait_for SECONDS WHAT COMMAND…
    local end=$(( $(date +%s) + $1 )) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$end" ] || die "timed out waiting for $what"; sleep 0.2; done
}
# Daemons delete their pid files on exit, so keep our own copy.
record_pid() { wait_for 15 "$1 pid file" test -s "$2"; head -n1 "$2" > "$root/pids/$1.pid"; }
alive() { local s; s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1; [ -n "$s" ] && [ "$s" != Z ]; }
stop_pid() {
    local f=$root/pids/$1.pid pid
    [ -s "$f" ] || return 0
    pid=$(cat "$f")
    if alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$root"; then
        kill -TERM "$pid"
        for _ in $(seq 100); do alive "$pid" || break; sleep 0.2; done
        alive "$pid" && kill -KILL "$pid"
    fi
    rm -f "$f"
}

start() {
    [ "$(id -u)" = 0 ] || die "must run as root (SlurmUser=root)"
    local missing=""
    command -v munged >/dev/null || missing+=" munge"
    command -v slurmctld >/dev/null || missing+=" slurmctld"
    command -v slurmd >/dev/null || missing+=" slurmd"
    command -v sbatch >/dev/null || missing+=" slurm-client"
    if [ -n "$missing" ]; then
        log "installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # --no-upgrade: naming an installed package would upgrade it.
        apt-get install -y -qq --no-install-recommends --no-upgrade $missing >/dev/null
    fi
    stop
    rm -rf "$root"
    mkdir -p "$root"/{etc,state,spool,log,pids,munge}
    # munged wants an o+x socket directory and a 0400 key on a path nobody else can write.
    chmod 755 "$root" "$root/munge"
    mungekey --create --keyfile="$root/munge/munge.key" --force
    chmod 400 "$root/munge/munge.key"
    local sock=$root/munge/munge.sock
    munged --key-file="$root/munge/munge.key" --socket="$sock" --pid-file="$root/munge/munged.pid" \
        --log-file="$root/log/munged.log" --seed-file="$root/munge/munged.seed" || die "munged failed to start"
    record_pid munged "$root/munge/munged.pid"
    cat > "$conf" <<CONF
ClusterName=tailsweep-ci
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$root/state
SlurmdSpoolDir=$root/spool
SlurmctldPidFile=$root/log/slurmctld.pid
SlurmdPidFile=$root/log/slurmd.pid
SlurmctldLogFile=$root/log/slurmctld.log
SlurmdLogFile=$root/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=3600
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    echo "export SLURM_CONF=$conf" > "$root/env.sh"
    export SLURM_CONF=$conf
    slurmctld -f "$conf" || die "slurmctld failed to start"
    record_pid slurmctld "$root/log/slurmctld.pid"
    wait_for 30 "slurmctld" bash -c 'scontrol ping | grep -q "is UP"'
    slurmd -f "$conf" -N "$node" || die "slurmd failed to start"
    record_pid slurmd "$root/log/slurmd.pid"
    wait_for 30 "node $node to become idle" bash -c "[ \"\$(sinfo -h -N -n $node -o %T)\" = idle ]"
    log "up: $(sinfo -h -o '%P %a %D %T %c cpus')"
}

stop() {
    [ -d "$root/pids" ] || return 0
    export SLURM_CONF=$conf
    if [ -f "$conf" ] && scontrol ping 2>/dev/null | grep -q "is UP"; then
        local jobs; jobs=$(squeue -h -o %A | sort -u)
        [ -n "$jobs" ] && scancel $jobs
    fi
    stop_pid slurmd
    stop_pid slurmctld
    stop_pid munged
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
