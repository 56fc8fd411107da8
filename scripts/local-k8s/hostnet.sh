# Host-side changes of the local cluster and their undoing (sourced by cluster.sh): the node address, the
# shellcheck shell=bash
# network guard, sysctls, and the records `down` needs to put the machine back as `up` found it.

# The guard, one rule a line: "<iptables|ip6tables> <table> <chain> <rule...>". The single source for
# installing and for checking. Chains are ours (WEBLOG-*), so `down` removes exactly them.
guard_rules() {
  local r
  # forwarded traffic: only bridge <-> bridge (pod to pod); anything else a pod sends off the node is dropped
  echo "iptables mangle WEBLOG-GUARD -i $BRIDGE -o $BRIDGE -j RETURN"
  echo "iptables mangle WEBLOG-GUARD -j DROP"
  # any packet from or to the cluster's ranges leaving by a real interface (filter OUTPUT: after DNAT's reroute)
  for t in mangle filter; do
    echo "iptables $t WEBLOG-EGRESS -o lo -j RETURN"
    echo "iptables $t WEBLOG-EGRESS -o $BRIDGE -j RETURN"
    for r in $CLUSTER_RANGES; do
      echo "iptables $t WEBLOG-EGRESS -s $r -j DROP"
      echo "iptables $t WEBLOG-EGRESS -d $r -j DROP"
    done
  done
  echo "ip6tables mangle WEBLOG-GUARD -j DROP"  # the cluster is IPv4 only: nothing is forwarded over IPv6
}
guard_hooks() {
  echo "iptables mangle FORWARD -j WEBLOG-GUARD"
  echo "iptables mangle POSTROUTING -j WEBLOG-EGRESS"
  echo "iptables filter OUTPUT -j WEBLOG-EGRESS"
  echo "ip6tables mangle FORWARD -j WEBLOG-GUARD"
}

guard_install() {
  local ipt t c rule
  guard_rules | awk '{print $1, $2, $3}' | sort -u | while read -r ipt t c; do
    "$ipt" -w -t "$t" -N "$c" 2>/dev/null || "$ipt" -w -t "$t" -F "$c"
  done
  # shellcheck disable=SC2086  # the rule is words
  guard_rules | while read -r ipt t c rule; do "$ipt" -w -t "$t" -A "$c" $rule; done
  # shellcheck disable=SC2086
  guard_hooks | while read -r ipt t c rule; do
    "$ipt" -w -t "$t" -C "$c" $rule 2>/dev/null || "$ipt" -w -t "$t" -I "$c" 1 $rule
  done
}

# Prints each missing rule; true when all are in place. In mangle (which nothing else of the cluster uses)
# our hooks must also come first: no earlier rule can ACCEPT around them.
guard_missing() {
  local ipt t c rule bad=0
  # shellcheck disable=SC2086
  while read -r ipt t c rule; do
    "$ipt" -w -t "$t" -C "$c" $rule 2>/dev/null || { echo "$ipt -t $t $c $rule"; bad=1; }
  done < <(guard_rules; guard_hooks)
  while read -r ipt t c rule; do
    [[ $t != mangle || $("$ipt" -w -t "$t" -S "$c" 2>/dev/null | sed -n 2p) == "-A $c $rule" ]] \
      || { echo "$ipt -t $t $c: $rule is not first"; bad=1; }
  done < <(guard_hooks)
  return $bad
}

# Packets the guard dropped so far (forward + egress), for `check`.
guard_drops() {
  { iptables -w -t mangle -L "$1" -n -v -x; iptables -w -t filter -L "$1" -n -v -x; } 2>/dev/null \
    | awk '$3 == "DROP" { n += $1 } END { print n + 0 }'
}

# iptables-save minus counters and empty default tables: what `down` compares with `up`'s snapshot.
ipt_normalized() {
  local ipt
  for ipt in iptables ip6tables; do
    "$ipt-save" 2>/dev/null | awk -v ipt="$ipt" '
      /^\*/ { t = $1; next }
      /^:/  { if (!($2 == "ACCEPT" && $1 ~ /^:(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)$/)) print ipt, t, $1, $2; next }
      /^-A/ { print ipt, t, $0 }'
  done
}

# Before the first change: what `down` restores or compares with. Kept until a clean `down` consumes it,
# so a crashed run's second `up` never records the crashed state as "original".
host_record() {
  [[ -f $RUN/iptables.before ]] || ipt_normalized >"$RUN/iptables.before"
  [[ -f $RUN/nft-tables.before ]] || nft list tables >"$RUN/nft-tables.before" 2>/dev/null
  if [[ ! -f $RUN/sysctl.before ]]; then
    [[ -d /proc/sys/net/bridge ]] || { modprobe br_netfilter && echo loaded >"$RUN/br_netfilter.loaded"; } \
      || die "net.bridge.* sysctls missing and modprobe br_netfilter failed"
    local s; for s in $SAVED_SYSCTLS; do echo "$s=$(sysctl -n "$s")"; done >"$RUN/sysctl.before.tmp"
    mv "$RUN/sysctl.before.tmp" "$RUN/sysctl.before"
  fi
  if [[ ! -f $RUN/paths.absent ]]; then
    local p; for p in $HOST_PATHS; do [[ -e $p ]] || echo "$p"; done >"$RUN/paths.absent"
  fi
}

host_net_up() {
  node_ip_on_lo || ip addr add "$NODE_IP/32" dev lo
  guard_install
  guard_missing >/dev/null || die "network guard incomplete: $(guard_missing | tr '\n' ';')"
  # only now may anything be forwarded: routing pod <-> node, and bridged pod traffic seen by iptables
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
}

# Removes rules jumping into chains matching $OWNED_CHAINS, then the chains themselves, in every table.
ipt_remove_owned() {
  local ipt t rule c
  for ipt in iptables ip6tables; do
    while read -r t rule; do eval "$ipt -w -t $t ${rule/#-A /-D }" 2>/dev/null; done < <("$ipt-save" 2>/dev/null | awk -v re="$OWNED_CHAINS" '
      /^\*/ { t = substr($1, 2) }
      /^-A/ { if ($2 ~ re) next; for (i = 3; i < NF; i++) if (($i == "-j" || $i == "-g") && $(i + 1) ~ re) { print t, $0; break } }')
    local chains; chains=$("$ipt-save" 2>/dev/null | awk -v re="$OWNED_CHAINS" '/^\*/ { t = substr($1, 2) } /^:/ { c = substr($1, 2); if (c ~ re) print t, c }')
    while read -r t c; do [[ -n $c ]] && "$ipt" -w -t "$t" -F "$c"; done <<<"$chains"
    while read -r t c; do [[ -n $c ]] && "$ipt" -w -t "$t" -X "$c"; done <<<"$chains"
  done
}

# iptables-nft creates a table on first use and never deletes it: drop the ones absent before `up` once empty.
nft_drop_new_tables() {
  [[ -f $RUN/nft-tables.before ]] && command -v nft >/dev/null || return 0
  local kw fam t left; left=$(ipt_normalized)
  while read -r kw fam t; do
    [[ $kw == table && ($fam == ip || $fam == ip6) ]] || continue
    grep -qx "table $fam $t" "$RUN/nft-tables.before" && continue
    grep -q "^ip${fam#ip}tables \*$t " <<<"$left" || nft delete table "$fam" "$t"
  done < <(nft list tables 2>/dev/null)
  rm -f "$RUN/nft-tables.before"
}

host_net_down() {
  [[ -x $BIN/kube-proxy ]] && "$BIN/kube-proxy" --cleanup >>"$RUN/kube-proxy.log" 2>&1
  ipt_remove_owned
  nft_drop_new_tables
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  node_ip_on_lo && ip addr del "$NODE_IP/32" dev lo
  local r; for r in $CLUSTER_RANGES; do   # stale conntrack entries would keep NAT for old pod IPs
    conntrack -D -s "$r" >/dev/null 2>&1; conntrack -D -d "$r" >/dev/null 2>&1
  done
  true
}

# Restores the recorded sysctls (and unloads br_netfilter if we loaded it); prints what did not restore.
host_restore() {
  if [[ -f $RUN/sysctl.before ]]; then
    local line bad=0
    while IFS= read -r line; do
      sysctl -qw "$line" 2>/dev/null
      [[ $(sysctl -n "${line%%=*}") == "${line#*=}" ]] || { echo "sysctl ${line%%=*} is $(sysctl -n "${line%%=*}"), was ${line#*=}"; bad=1; }
    done <"$RUN/sysctl.before"
    [[ $bad == 0 ]] && rm -f "$RUN/sysctl.before"
  fi
  if [[ -f $RUN/br_netfilter.loaded ]]; then
    modprobe -r br_netfilter 2>/dev/null && rm -f "$RUN/br_netfilter.loaded"
  fi
  if [[ -f $RUN/paths.absent ]]; then
    local p
    while IFS= read -r p; do
      [[ -n $p && -e $p ]] || continue
      [[ $p == /run/containerd && -S /run/containerd/containerd.sock ]] && continue   # a system containerd came since
      rm -rf "$p"
    done <"$RUN/paths.absent"
    rm -f "$RUN/paths.absent"
  fi
}
