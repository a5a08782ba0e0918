#!/usr/bin/env bash
# The main job on the embedded default: simulate, ingest, seal, verify, prove, investigate, then tamper and catch it.
set -euo pipefail
BIN=${1:-.build/release/sealtrail}
STORE=${2:-demo-store}
N=${3:-100000}
DAMAGED="$STORE-damaged"
WORK="$STORE.work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$STORE" "$DAMAGED" "$WORK"
mkdir -p "$WORK"

step "1. create a store (Ed25519 key, store.json) and install the retention policies (retention/*.yaml)"
"$BIN" init "$STORE" --origin demo.sealtrail.local/payments
"$BIN" retention set retention --store "$STORE"

step "2. simulate $N fintech audit events (seeded, deterministic)"
"$BIN" simulate --count "$N" --seed 42 --out "$WORK/events.jsonl"
ls -l "$WORK/events.jsonl"
head -c 400 "$WORK/events.jsonl"; echo " …"

step "3. ingest: parse, WAL + fsync, compress, hash, sign, checkpoint"
time "$BIN" ingest --store "$STORE" --source payments-api "$WORK/events.jsonl"

step "4. ingest the same file again: every record is a duplicate, nothing is stored twice"
"$BIN" ingest --store "$STORE" --source payments-api "$WORK/events.jsonl"

step "5. bad input is quarantined byte-exact, never dropped"
printf '%s\n' '{"id":"evt_demo_ok","time":"2026-09-30T23:00:00Z","actor":"user:u-1","action":"payment.initiate","outcome":"success"}' \
  '{"id": "evt_broken", "time": ' 'not json at all' > "$WORK/mixed.jsonl"
"$BIN" ingest --store "$STORE" --source payments-api "$WORK/mixed.jsonl"
"$BIN" quarantine list --store "$STORE"

step "6. verify the whole store"
"$BIN" verify --store "$STORE"

step "7. prove one event and check the proof without the store"
"$BIN" prove --store "$STORE" --event 0:7 --out "$WORK/proof.json"
"$BIN" verify-proof "$WORK/proof.json" --key "$(ls "$STORE"/keys/*.pem | head -1)"

step "8. investigate: the SQLite index (built from the verified segments), saved queries, one event with its proof"
"$BIN" index rebuild --store "$STORE"
"$BIN" query --store "$STORE" "SELECT action, outcome, count(*) AS events FROM events WHERE action LIKE 'admin.%' OR action LIKE 'role.%' GROUP BY 1, 2 ORDER BY 1, 2"
"$BIN" query --store "$STORE" --saved failed-logins-by-origin --param from=2026-07-01 --param to=2026-10-01 > "$WORK/failed-logins.txt"
head -8 "$WORK/failed-logins.txt"; echo "… ($(wc -l < "$WORK/failed-logins.txt") lines in $WORK/failed-logins.txt)"
ACTOR=$("$BIN" query --store "$STORE" --format csv "SELECT actor FROM events WHERE action = 'role.grant' LIMIT 1" | sed -n 2p | tr -d '\r')
"$BIN" timeline --store "$STORE" --actor "$ACTOR" --limit 5
"$BIN" show --store "$STORE" 0:7
"$BIN" query --store "$STORE" "SELECT at, actor, saved, rows, outcome FROM query_log"

step "9. control evidence: the rule pack's own tests, then PCI DSS coverage for the simulated period"
"$BIN" rules test --rules rules
"$BIN" rules coverage --store "$STORE" --rules rules --framework pci-dss@4.0 --from 2026-07-01 --to 2026-10-01 > "$WORK/coverage.txt"
head -12 "$WORK/coverage.txt"; echo "… (full report in $WORK/coverage.txt)"

step "10. damage a copy: flip the outcome of record 5 in segment 0 and recompress the file"
cp -a "$STORE" "$DAMAGED"
SEG=$(ls "$DAMAGED"/segments/source=payments-api/date=*/000000000000.jsonl.gz)
chmod u+w "$SEG"
gzip -dc "$SEG" | awk 'NR==6 { sub(/"outcome":"failure"/, "\"outcome\":\"success\"") || sub(/"outcome":"success"/, "\"outcome\":\"failure\"") } { print }' | gzip -6 -n > "$SEG.new"
mv "$SEG.new" "$SEG"
if "$BIN" verify --store "$DAMAGED"; then echo "verify did not catch the damage"; exit 1; fi

step "11. damage a second copy: delete the newest seal and its segment (a rollback)"
rm -rf "$DAMAGED-2"; cp -a "$STORE" "$DAMAGED-2"
LAST=$(ls "$DAMAGED-2"/seals | tail -1)
SEGPATH=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["path"])' "$DAMAGED-2/seals/$LAST")
rm -f "$DAMAGED-2/seals/$LAST" "$DAMAGED-2/$SEGPATH"
if "$BIN" verify --store "$DAMAGED-2"; then echo "verify did not catch the rollback"; exit 1; fi

step "12. retention on a copy: a legal hold, the sweep plan, then apply (prune the hot index, archive complete months)"
RET="$STORE-retention"
rm -rf "$RET"; cp -a "$STORE" "$RET"
"$BIN" hold add --store "$RET" --source payments-api --from 2026-07-01 --to 2026-07-07 --reason "demo matter 17" --by counsel
"$BIN" sweep --store "$RET" > "$WORK/sweep-plan.txt"
head -6 "$WORK/sweep-plan.txt"; echo "…"; tail -1 "$WORK/sweep-plan.txt"
"$BIN" sweep --store "$RET" --apply | tail -1
"$BIN" verify --store "$RET" | tail -3
"$BIN" prove --store "$RET" --event "$(ls "$RET"/seals | tail -1 | cut -c1-12 | sed 's/^0*//;s/^$/0/'):0" --out "$WORK/proof-after-sweep.json"
"$BIN" verify-proof "$WORK/proof-after-sweep.json" --key "$(ls "$RET"/keys/*.pem | head -1)"

printf '\nDemo done: the store is in %s, the damaged copies in %s and %s-2, the swept copy in %s.\n' "$STORE" "$DAMAGED" "$DAMAGED" "$RET"
