// Schema-checks rendered Kubernetes manifests (kubectl kustomize output, or plain manifest files) with the
// OpenAPI-derived validators of kubernetes-models (core API) and @kubernetes-models/keda (ScaledObject,
// TriggerAuthentication), then checks FakeWatch's own rules: probes on /health, scrape annotations, KEDA
// groups and limits, GPU scheduling of the scorer, references that resolve.
// Note: these validators check types, enums and required fields; like `kubeconform` without -strict,
// they do not reject unknown fields.
// Usage: node check-k8s.mjs FILE...   Exit 1 on any problem.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const problems = [];
const docs = [];
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) problems.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    const obj = doc.toJS();
    if (obj) docs.push({ file, obj });
  }
}

function modulePath(apiVersion, kind) {
  if (apiVersion.startsWith("keda.sh/")) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

for (const { file, obj } of docs) {
  const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
  let Model;
  try {
    Model = (await import(modulePath(obj.apiVersion, obj.kind)))[obj.kind];
  } catch (e) {
    problems.push(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}

const byKind = (kind) => docs.map((d) => d.obj).filter((o) => o.kind === kind);
const names = (kind) => new Set(byKind(kind).map((o) => o.metadata.name));
const configMaps = names("ConfigMap");
const partitions = Math.max(0, ...byKind("ConfigMap").map((c) => Number(c.data?.FAKEWATCH_TOPICS_PARTITIONS ?? 0)));
// Secrets made outside git (secret-kafka.template.yaml) may be referenced without being rendered
const outOfBand = new Set(["fakewatch-kafka", "fakewatch-kafka-keda", "fakewatch-console"]);

for (const d of [...byKind("Deployment"), ...byKind("Job")]) {
  const where = `${d.kind}/${d.metadata.name}`;
  const pod = d.spec.template.spec;
  for (const c of pod.containers) {
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef && !configMaps.has(from.configMapRef.name)) problems.push(`${where}: ConfigMap ${from.configMapRef.name} not rendered`);
      if (from.secretRef && !outOfBand.has(from.secretRef.name) && !names("Secret").has(from.secretRef.name)) problems.push(`${where}: Secret ${from.secretRef.name} unknown`);
    }
    if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
    // the hardening SECURITY.md states: read-only root with a writable /tmp, no Linux capabilities
    if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
    if (!(c.securityContext?.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities must drop ALL`);
    if (!(c.volumeMounts ?? []).some((m) => m.mountPath === "/tmp")) problems.push(`${where}: no writable /tmp under the read-only root`);
  }
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot missing`);
  if (d.kind !== "Deployment") continue;
  const c = pod.containers[0];
  const stage = d.spec.template.metadata.labels["app.kubernetes.io/component"];
  for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
    if (c[probe]?.httpGet?.path !== "/health") problems.push(`${where}: ${probe} is not GET /health`);
  }
  const ann = d.spec.template.metadata.annotations ?? {};
  if (ann["prometheus.io/scrape"] !== "true" || ann["prometheus.io/path"] !== "/metrics") problems.push(`${where}: no Prometheus scrape annotations`);
  if (!(c.args ?? []).join(" ").includes(`--stages ${stage}`)) problems.push(`${where}: does not run stage ${stage}`);
  const selector = d.spec.selector.matchLabels;
  if (!Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v)) problems.push(`${where}: selector does not match the pod labels`);
  const gpu = c.resources?.limits?.["nvidia.com/gpu"];
  if (gpu !== undefined && !(pod.tolerations ?? []).some((t) => t.key === "nvidia.com/gpu")) problems.push(`${where}: asks for a GPU without tolerating GPU nodes`);
  if (stage !== "score" && gpu !== undefined) problems.push(`${where}: only the scorer belongs on GPU nodes`);
  if (!byKind("PodDisruptionBudget").some((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => selector[k] === v))) problems.push(`${where}: no PodDisruptionBudget`);
}

for (const s of byKind("ScaledObject")) {
  const where = `ScaledObject/${s.metadata.name}`;
  const target = byKind("Deployment").find((d) => d.metadata.name === s.spec.scaleTargetRef.name);
  if (!target) { problems.push(`${where}: target ${s.spec.scaleTargetRef.name} not rendered`); continue; }
  const stage = target.spec.template.metadata.labels["app.kubernetes.io/component"];
  const prefix = byKind("ConfigMap").map((c) => c.data?.FAKEWATCH_APPLICATION_ID_PREFIX).find(Boolean) ?? "fakewatch";
  for (const t of s.spec.triggers) {
    if (t.type !== "kafka") continue;
    if (t.metadata.consumerGroup !== `${prefix}-${stage}`) problems.push(`${where}: consumerGroup ${t.metadata.consumerGroup} is not the application.id ${prefix}-${stage}`);
    if (t.authenticationRef && !names("TriggerAuthentication").has(t.authenticationRef.name)) problems.push(`${where}: TriggerAuthentication ${t.authenticationRef.name} not rendered`);
  }
  if (partitions && s.spec.maxReplicaCount > partitions) problems.push(`${where}: maxReplicaCount ${s.spec.maxReplicaCount} > ${partitions} partitions`);
}

console.log(`${docs.length} objects checked`);
for (const p of problems) console.log(`PROBLEM ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
