// Debian's nginx running deploy/nginx/sa-studio.conf as shipped, with only this machine's addresses,
// ports and file paths rewritten, in front of two local app instances (tests/integration/nginx*.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return existsSync(`/usr/sbin/${command}`);
  }
}

/** What the nginx tests need and is not installed (empty: they can run). */
export function missingForNginx(): string[] {
  return ['nginx', 'openssl'].filter((c) => !has(c));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TestNginx {
  http: number;
  https: number;
  /** One HTTPS request through nginx, verified against the test certificate; gzip bodies decoded. */
  call(method: string, path: string, options?: { body?: string | Buffer; headers?: Record<string, string>; agent?: false }): Promise<Answer>;
  accessLog(): string;
  stop(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startNginx(upstreams: [number, number]): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers (www-data when run as root) write temp files here
  for (const sub of ['cache', 'temp']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  execFileSync('sh', ['deploy/nginx/gen-cert.sh', join(dir, 'certs'), 'localhost'], { stdio: 'pipe' });
  const ca = readFileSync(join(dir, 'certs', 'sa-studio.crt'));
  // Two probes can be handed the same free port (each closes before the next asks): then nginx sees
  // the plain and the TLS server on one address and refuses the plain one ("no ssl_certificate").
  const http = await freePort();
  let https = await freePort();
  while (https === http || upstreams.includes(https)) https = await freePort();
  const ports = { http, https };

  const shipped = readFileSync('deploy/nginx/sa-studio.conf', 'utf8');
  for (const line of ['server app1:3000', 'server app2:3000', 'listen 80;', 'listen 443 ssl http2;']) {
    if (shipped.split(line).length !== 2) throw new Error(`deploy/nginx/sa-studio.conf must contain "${line}" once`);
  }
  const conf = shipped
    .replace('server app1:3000', `server 127.0.0.1:${upstreams[0]}`)
    .replace('server app2:3000', `server 127.0.0.1:${upstreams[1]}`)
    .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`)
    .replaceAll('/etc/nginx/certs/', `${dir}/certs/`)
    .replace('/var/cache/nginx/sa-studio', `${dir}/cache`)
    .replace('/var/log/nginx/access.log', `${dir}/access.log`)
    // The redirect keeps the default HTTPS port in production; here it is the test's.
    .replace('return 301 https://$host$request_uri;', `return 301 https://$host:${ports.https}$request_uri;`);
  writeFileSync(join(dir, 'sa-studio.conf'), conf);
  const temp = (name: string) => `${name}_temp_path ${dir}/temp/${name};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 512; }\nhttp {\n  include /etc/nginx/mime.types;\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n  include ${dir}/sa-studio.conf;\n}\n`,
  );
  const child = spawn('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));

  const call: TestNginx['call'] = (method, path, options = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const headers = { ...(options.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers };
      const req = request({ host: '127.0.0.1', port: ports.https, method, path, ca, servername: 'localhost', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString() });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  const stop = () => {
    child.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const up = await call('GET', '/nginx-health').then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || i > 100) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      stop();
      throw new Error(`nginx did not start: ${output}${log}`);
    }
    await sleep(100);
  }
  return { ...ports, call, accessLog: () => readFileSync(join(dir, 'access.log'), 'utf8'), stop };
}
