// The deployment files (issue 13, part 2), checked without Docker or Kubernetes: every YAML parses,
// and the fields that make shutdown, health and security work are what the app needs (probes on
// /healthz, non-root, node as the image's command in exec form, the body cap equal to the app's
// largest upload, no WebSocket upgrade passed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { GEO_UPLOAD_LIMITS } from '../../server/core/uploads/upload-limits';

const K8S = 'deploy/k8s';
type Doc = Record<string, any>;

function yamlDocs(path: string): Doc[] {
  return loadAll(readFileSync(path, 'utf8')).filter((d): d is Doc => d !== null && typeof d === 'object');
}

const k8s = readdirSync(K8S)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => yamlDocs(join(K8S, f)).map((doc) => ({ file: f, doc })));
const byKind = (kind: string) => k8s.filter((d) => d.doc.kind === kind).map((d) => d.doc);

/** Dockerfile instructions of the last stage, continuation lines joined. */
function dockerfile(): Array<{ op: string; args: string }> {
  const text = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const all = lines.map((l) => {
    const [op, ...rest] = l.trim().split(/\s+/);
    return { op: op!.toUpperCase(), args: rest.join(' ') };
  });
  const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

describe('Kubernetes manifests', () => {
  it('parse, with the kinds the issue lists, all in one namespace and label', () => {
    expect(k8s.length).toBeGreaterThanOrEqual(7);
    for (const kind of ['Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Namespace']) {
      expect(byKind(kind), kind).toHaveLength(1);
    }
    for (const { file, doc } of k8s) {
      expect(doc.apiVersion, file).toBeTruthy();
      if (doc.kind !== 'Namespace' && doc.kind !== 'Kustomization') expect(doc.metadata.namespace, file).toBe('sa-studio');
    }
    const kustomization = yamlDocs(join(K8S, 'kustomization.yaml'))[0]!;
    const listed = new Set(kustomization.resources as string[]);
    const files = new Set(k8s.filter((d) => d.doc.kind !== 'Kustomization').map((d) => d.file));
    expect(listed).toEqual(files);
  });

  it('the Deployment probes /healthz, runs as non-root, takes its secrets from the Secret and outlasts the shutdown', () => {
    const deployment = byKind('Deployment')[0]!;
    const pod = deployment.spec.template.spec;
    const app = pod.containers[0];
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(app[probe].httpGet.path, probe).toBe('/healthz');
      expect(app[probe].httpGet.port).toBe('http');
    }
    expect(app.ports).toContainEqual({ name: 'http', containerPort: 3000 });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(app.securityContext.allowPrivilegeEscalation).toBe(false);
    const secret = byKind('Secret')[0]!;
    expect(app.envFrom).toContainEqual({ secretRef: { name: secret.metadata.name } });
    expect(Object.keys(secret.stringData).sort()).toEqual(['ADMIN_PASSWORD', 'DATABASE_URL', 'METRICS_TOKEN']);
    const env = Object.fromEntries((app.env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.TRUST_PROXY).toBe('1');
    // SIGTERM → at most SHUTDOWN_TIMEOUT_SECONDS of drain (+5 s hooks) after the preStop pause.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Number(env.SHUTDOWN_TIMEOUT_SECONDS) + 5 + 5);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('Service, Ingress, HPA and PDB select the same pods; the Ingress passes the app’s upload cap', () => {
    const labels = byKind('Deployment')[0]!.spec.template.metadata.labels;
    expect(byKind('Service')[0]!.spec.selector).toEqual(labels);
    expect(byKind('PodDisruptionBudget')[0]!.spec.selector.matchLabels).toEqual(labels);
    const hpa = byKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'sa-studio' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const ingress = byKind('Ingress')[0]!;
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(byKind('Service')[0]!.metadata.name);
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe(`${GEO_UPLOAD_LIMITS.maxBytes / 1048576}m`);
    expect(ingress.spec.tls[0].secretName).toBeTruthy();
  });
});

describe('Dockerfile', () => {
  const runtime = dockerfile();
  const last = (op: string) => runtime.filter((i) => i.op === op).at(-1);

  it('runs node itself in exec form as a non-root user, with a health check on /healthz', () => {
    expect(runtime[0]!.args).toBe('node:20-bookworm-slim');
    const cmd = JSON.parse(last('CMD')!.args) as string[];
    expect(cmd[0]).toBe('node');
    // The same command as npm start, memory flags included (decision 332).
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(['exec', ...cmd].join(' ')).toBe(start);
    expect(cmd).toContain('--max-semi-space-size=2');
    expect(runtime.some((i) => i.op === 'ENTRYPOINT')).toBe(false);
    const user = last('USER')!.args;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(last('HEALTHCHECK')!.args).toContain('/healthz');
    expect(JSON.parse(last('HEALTHCHECK')!.args.replace(/^.*?CMD\s+/, ''))[0]).toBe('node');
  });

  it('installs with npm ci and builds the web app in the build stage', () => {
    const text = readFileSync('Dockerfile', 'utf8');
    expect(text).toMatch(/RUN npm ci /);
    expect(text).toMatch(/RUN .*node --import tsx server\/cli\/prepare\.ts/); // vite build + PGlite template
    expect(text.match(/^FROM /gm)).toHaveLength(2);
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', 'build', 'data', '.git']) expect(ignored).toContain(entry);
  });

  it('npm start execs node, so a signal sent to npm reaches the server', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`exec ${JSON.parse(last('CMD')!.args).join(' ')}`);
  });
});

/** YAML merge keys (`<<: *app`), as docker compose applies them. */
function merged(value: unknown): any {
  if (Array.isArray(value)) return value.map(merged);
  if (!value || typeof value !== 'object') return value;
  const { '<<': base, ...own } = value as Record<string, unknown>;
  const out: Record<string, unknown> = base ? { ...merged(base) } : {};
  for (const [k, v] of Object.entries(own)) out[k] = merged(v);
  return out;
}

describe('compose.yaml', () => {
  const compose = merged(yamlDocs('compose.yaml')[0]!);

  it('runs PostgreSQL 15, two app instances on it and nginx with the shipped config and TLS', () => {
    const services = compose.services as Record<string, Doc>;
    expect(services.db!.image).toMatch(/^postgres:15/);
    for (const name of ['app1', 'app2']) {
      const app = services[name]!;
      expect(app.build).toBe('.');
      expect(app.environment.DATABASE_URL).toMatch(/@db:5432\//);
      expect(app.environment.TRUST_PROXY).toBe('1');
      expect(app.depends_on.db.condition).toBe('service_healthy');
      expect(app.ports).toBeUndefined(); // reached through nginx only
    }
    const nginx = services.nginx!;
    expect(nginx.volumes).toContain('./deploy/nginx/sa-studio.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(nginx.ports).toEqual(['${HTTP_PORT:-80}:80', '${HTTPS_PORT:-443}:443']);
    expect(nginx.depends_on.certs.condition).toBe('service_completed_successfully');
  });
});

describe('deploy/nginx/sa-studio.conf', () => {
  const conf = readFileSync('deploy/nginx/sa-studio.conf', 'utf8').replace(/#.*$/gm, '');

  it('balances over both compose instances, terminates TLS, compresses and caches hashed assets', () => {
    expect(conf).toMatch(/server app1:3000/);
    expect(conf).toMatch(/server app2:3000/);
    expect(conf).toMatch(/listen 443 ssl http2;/);
    expect(conf).toMatch(/ssl_certificate\s+\/etc\/nginx\/certs\/sa-studio\.crt;/);
    expect(conf).toMatch(/gzip on;/);
    expect(conf).toMatch(/location \/_app\/immutable\/ \{[^}]*max-age=31536000, immutable/);
    expect(conf).toMatch(/proxy_set_header X-Request-Id \$request_id;/);
    expect(conf).toMatch(/location = \/metrics \{ return 404; \}/);
  });

  it('passes bodies up to the app’s largest upload and no WebSocket upgrade', () => {
    expect(conf).toContain(`client_max_body_size ${GEO_UPLOAD_LIMITS.maxBytes / 1048576}m;`);
    expect(conf).not.toMatch(/Upgrade/i);
    expect(conf).toMatch(/proxy_set_header Connection "";/);
  });
});

describe('backup CronJob', () => {
  it('runs npm run backup with the database secret, one at a time, non-root, onto its volume', () => {
    const job = byKind('CronJob')[0]!;
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    const pod = job.spec.jobTemplate.spec.template.spec;
    const c = pod.containers[0];
    expect(c.args.join('\n')).toMatch(/node --import tsx server\/cli\/backup\.ts "\$f"/);
    expect(c.args.join('\n')).toMatch(/-mtime \+\d+ -delete/);
    expect(c.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'sa-studio', key: 'DATABASE_URL' } } });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const claim = pod.volumes.find((v: Doc) => v.name === 'backups').persistentVolumeClaim.claimName;
    expect(byKind('PersistentVolumeClaim').map((p) => p.metadata.name)).toContain(claim);
  });
});
