/**
 * Validates the Kubernetes manifests under deploy/kubernetes (`npm run deploy:validate`, in CI):
 * 1. every document against the Kubernetes API's JSON schema of its apiVersion and kind, with the
 *    validators kubernetes-models compiles from the official OpenAPI definitions (pinned in
 *    package.json). They check types, required fields and enums; like `kubectl` without
 *    --validate=strict they let unknown fields pass.
 * 2. that the validator is alive: a broken copy of the Deployment must be refused;
 * 3. what the schemas cannot know: probes on /health/live and /health/ready, a preStop pause and a
 *    termination grace period covering it plus the app's own shutdown deadline (src/main.ts),
 *    selectors that match the pods, the HPA aiming at the Deployment, every Secret key referenced
 *    present in the example Secret, every environment variable a documented setting (README.md).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/* global structuredClone */
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'deploy/kubernetes');
const problems = [];
const fail = (file, message) => problems.push(`${file}: ${message}`);

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const models = await import(path).catch(() => undefined);
  return models?.[kind];
}

async function validate(file, document) {
  const { apiVersion, kind } = document ?? {};
  if (!apiVersion || !kind) return fail(file, 'a document without apiVersion and kind');
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return fail(file, `no Kubernetes schema for ${apiVersion} ${kind}`);
  try {
    new Model(document).validate();
  } catch (error) {
    fail(file, `${kind} ${document.metadata?.name}: ${error.message}`);
  }
}

const documents = [];
for (const file of readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()) {
  for (const parsed of parseAllDocuments(readFileSync(join(folder, file), 'utf8'))) {
    if (parsed.errors.length > 0) {
      fail(file, parsed.errors.map((error) => error.message).join('; '));
      continue;
    }
    const document = parsed.toJS();
    if (document === null) continue;
    documents.push({ file, document });
    await validate(file, document);
  }
}

const find = (kind) => documents.filter((entry) => entry.document.kind === kind);
const [deploymentEntry] = find('Deployment');
if (!deploymentEntry) fail('deploy/kubernetes', 'no Deployment');
for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Job', 'Secret']) {
  if (find(kind).length === 0) fail('deploy/kubernetes', `no ${kind}`);
}

// 2. The validator refuses what it must refuse.
if (deploymentEntry) {
  const broken = structuredClone(deploymentEntry.document);
  broken.spec.replicas = 'three';
  delete broken.spec.template.spec.containers[0].name;
  const before = problems.length;
  await validate('(self-check)', broken);
  if (problems.length === before)
    problems.push('(self-check): a Deployment with replicas "three" and a nameless container passed validation: the validator checks nothing');
  else problems.splice(before);
}

// 3. Consistency.
if (deploymentEntry) {
  const { file, document: deployment } = deploymentEntry;
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];
  const probePath = (probe) => container[probe]?.httpGet?.path;
  if (probePath('startupProbe') !== '/health/live') fail(file, 'the startup probe must ask /health/live');
  if (probePath('livenessProbe') !== '/health/live') fail(file, 'the liveness probe must ask /health/live (never the database)');
  if (probePath('readinessProbe') !== '/health/ready') fail(file, 'the readiness probe must ask /health/ready');
  const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
  const pause = preStop[0] === 'sleep' ? Number(preStop[1]) : NaN;
  if (!Number.isFinite(pause)) fail(file, 'a preStop ["sleep", "<seconds>"] lets load balancers drop the pod before it stops accepting');
  const main = readFileSync(join(root, 'src/main.ts'), 'utf8');
  const deadline = Number(/SHUTDOWN_DEADLINE_MS = ([\d_]+)/.exec(main)?.[1].replace(/_/g, '')) / 1000;
  if (!Number.isFinite(deadline)) fail('src/main.ts', 'SHUTDOWN_DEADLINE_MS not found');
  const grace = pod.spec.terminationGracePeriodSeconds;
  if (!(grace >= pause + deadline))
    fail(file, `terminationGracePeriodSeconds ${grace} < preStop ${pause} s + shutdown deadline ${deadline} s: Kubernetes would SIGKILL a draining pod`);
  const labels = pod.metadata.labels;
  const matches = (selector) => selector && Object.entries(selector).every(([key, value]) => labels[key] === value);
  if (!matches(deployment.spec.selector.matchLabels)) fail(file, 'the selector does not match the pod labels');
  for (const { file: f, document } of find('Service')) if (!matches(document.spec.selector)) fail(f, 'the Service selects no pod of the Deployment');
  for (const { file: f, document } of find('PodDisruptionBudget'))
    if (!matches(document.spec.selector?.matchLabels)) fail(f, 'the PodDisruptionBudget covers no pod of the Deployment');
  for (const { file: f, document } of find('HorizontalPodAutoscaler')) {
    const target = document.spec.scaleTargetRef;
    if (target.kind !== 'Deployment' || target.name !== deployment.metadata.name) fail(f, 'the HPA does not scale the Deployment');
    if (document.spec.minReplicas < 2) fail(f, 'fewer than 2 replicas cannot survive a rolling restart or a drain');
  }
  // Secrets and settings of every workload.
  const secrets = new Map(find('Secret').map(({ document }) => [document.metadata.name, new Set(Object.keys({ ...document.data, ...document.stringData }))]));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const { file: f, document } of [deploymentEntry, ...find('Job')]) {
    const podSpec = document.spec.template.spec;
    for (const c of podSpec.containers) {
      if (c.image !== container.image) fail(f, `${c.name} runs ${c.image}, the Deployment ${container.image}: one release, one image`);
      for (const variable of c.env ?? []) {
        if (!readme.includes(`| \`${variable.name}\``)) fail(f, `${variable.name} is not a setting documented in README.md`);
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref && !secrets.get(ref.name)?.has(ref.key)) fail(f, `${variable.name} reads key ${ref.key} of Secret ${ref.name}, which the example Secret lacks`);
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`Kubernetes manifests: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Kubernetes manifests: ${documents.length} documents valid (${documents.map((d) => d.document.kind).join(', ')})\n`);
