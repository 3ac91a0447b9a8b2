#!/usr/bin/env bash
# Validates docker/ and ops/ with every validator this machine has; a missing tool is a SKIP, not a pass.
# Not part of CI (.ci/run): the tools come from Debian and npm, not from the Maven build.
#   Debian:  apt-get install prometheus yamllint docker-compose     (promtool, yamllint, Compose v1)
#            kubectl (with its built-in kustomize), if packaged for your system
#   npm:     installed on first run into ops/validate/node_modules (package.json pins the versions)
# Usage: ops/validate.sh            Output of rendered manifests: ops/validate/out/
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
v=ops/validate
out=$v/out
mkdir -p "$out"
passed=0 failed=0 skipped=0

run() {  # run NAME COMMAND...: one check, its output indented, PASS or FAIL
  local name=$1; shift
  local log
  if log=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "PASS  $name"
  else
    failed=$((failed + 1)); echo "FAIL  $name"
  fi
  [ -n "$log" ] && sed 's/^/      /' <<<"$log" | tail -n 40
}
skip() { skipped=$((skipped + 1)); echo "SKIP  $1 ($2)"; }
have() { command -v "$1" > /dev/null 2>&1; }

if [ ! -d $v/node_modules ] && have npm; then
  (cd $v && npm install --no-audit --no-fund --no-package-lock --loglevel=error > /dev/null 2>&1) || echo "npm install failed"
fi
node_ok=false; have node && [ -d $v/node_modules ] && node_ok=true

# ---- YAML ----
if have yamllint; then
  run "yamllint docker/ ops/" yamllint -s -c $v/yamllint.yaml docker/compose.yaml docker/compose.gpu.yaml docker/prometheus.yml \
    docker/grafana ops/k8s ops/prometheus
else skip "yamllint" "apt-get install yamllint"; fi

# ---- compose ----
if docker compose version > /dev/null 2>&1; then
  run "docker compose config (CPU)" docker compose -f docker/compose.yaml config -q
  run "docker compose config (CPU + GPU overlay)" docker compose -f docker/compose.yaml -f docker/compose.gpu.yaml config -q
else skip "docker compose config" "no Compose v2 plugin"; fi
if have docker-compose; then
  run "docker-compose v1 config (CPU)" docker-compose -f docker/compose.yaml config -q
  run "docker-compose v1 config (CPU + GPU overlay)" docker-compose -f docker/compose.yaml -f docker/compose.gpu.yaml config -q
else skip "docker-compose v1 config" "apt-get install docker-compose"; fi
if $node_ok; then
  run "dclint compose files" $v/node_modules/.bin/dclint --color=false -c $v/dclint.json docker/compose.yaml docker/compose.gpu.yaml
else skip "dclint" "needs node and npm"; fi

# ---- Dockerfiles ----
if $node_ok; then
  run "dockerfile-utils + FakeWatch rules" node $v/lint-dockerfiles.mjs docker/Dockerfile docker/Dockerfile.cuda
  run "dockerfilelint" $v/node_modules/.bin/dockerfilelint -c $v docker/Dockerfile docker/Dockerfile.cuda
else skip "Dockerfile linters" "needs node and npm"; fi
if have hadolint; then
  run "hadolint" hadolint docker/Dockerfile docker/Dockerfile.cuda
else skip "hadolint" "not installed"; fi

# ---- Kubernetes ----
if have kubectl; then
  for target in base overlays/dev overlays/prod; do
    name=$(tr / - <<<"$target")
    run "kubectl kustomize ops/k8s/$target" bash -c "kubectl kustomize ops/k8s/$target > $out/$name.yaml"
    if $node_ok; then run "schema + rules: $target" node $v/check-k8s.mjs "$out/$name.yaml"; fi
  done
else skip "kubectl kustomize" "no kubectl"; fi
if $node_ok; then
  run "schema: secret template" node $v/check-k8s.mjs ops/k8s/secret-kafka.template.yaml
else skip "Kubernetes schema checks" "needs node and npm"; fi

# ---- Prometheus and Grafana ----
if have promtool; then
  # the compose config names container paths: check a copy that points at the files in this tree
  sed "s#/etc/prometheus/rules/\*.yaml#$root/ops/prometheus/alerts.yaml#" docker/prometheus.yml > $out/prometheus.yml
  run "promtool check config docker/prometheus.yml" promtool check config $out/prometheus.yml
  run "promtool check rules alerts.yaml" promtool check rules ops/prometheus/alerts.yaml
  run "promtool test rules alerts.test.yaml" bash -c "cd ops/prometheus && promtool test rules alerts.test.yaml"
  if $node_ok; then
    # every dashboard query, as a recording rule, through Prometheus's own parser
    node -e '
      const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const rules = [];
      for (const p of d.panels) for (const t of p.targets)
        rules.push({ record: "fakewatch:dashboard:" + p.id + t.refId, expr: t.expr.replaceAll("$__rate_interval", "5m") });
      console.log(JSON.stringify({ groups: [{ name: "dashboard", rules }] }, null, 1));
    ' ops/grafana/fakewatch-dashboard.json > $out/dashboard-rules.json
    run "promtool parses every dashboard query" promtool check rules $out/dashboard-rules.json
  fi
  scrape=streams-app/target/metrics-scrape.prom
  if [ -f $scrape ]; then
    # Kafka's and the JVM's names are not ours to fix; FakeWatch's own meters must lint clean
    run "promtool check metrics (fakewatch_* of a real scrape)" bash -c \
      "! promtool check metrics < $scrape 2>&1 | grep '^fakewatch_'"
  else skip "promtool check metrics" "run DashboardMetricsIT first: it writes $scrape"; fi
else skip "promtool" "apt-get install prometheus"; fi
if have python3; then
  run "dashboard JSON" python3 -c '
import json, sys
d = json.load(open("ops/grafana/fakewatch-dashboard.json"))
assert d["uid"] == "fakewatch" and d["panels"], "uid/panels"
ids = [p["id"] for p in d["panels"]]
assert len(ids) == len(set(ids)), "duplicate panel ids"
for p in d["panels"]:
    assert p["datasource"]["uid"] == "${datasource}", p["title"]
    assert all(t["expr"].strip() for t in p["targets"]), p["title"]
print(len(ids), "panels")'
fi

echo
echo "validate: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
