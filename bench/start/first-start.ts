// Why: issue 13 part 6 asks `npm start` to answer /healthz within 10 s of `npm install`. This
// measures, as a user would see it, the time from spawning `npm start` to the first 200 from
// /healthz on a new (empty) DATA_DIR and on a restart of the same folder, against a baseline measured
// in the same interleaved rounds: `node -e` of a bare http server answering /healthz (node's own
// start-up, the floor no change to the app can go below).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procStat } from '../lib/app-process';
import { median } from '../lib/measure';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartFigures {
  rounds: number;
  /** Seconds from spawn to the first 200 of /healthz, one per round. */
  firstS: number[];
  restartS: number[];
  bareNodeS: number[];
  /** CPU seconds (user + system) of the process tree at that moment: less swayed by other load. */
  firstCpuS: number[];
  restartCpuS: number[];
  bareNodeCpuS: number[];
  /** The start line of the first round (URL, sign-in, database), the password masked. */
  startLine: string;
}

const BARE_SERVER = "require('node:http').createServer((q,r)=>{r.end(q.url==='/healthz'?'{\"status\":\"ok\"}':'')}).listen(+process.env.PORT,process.env.HOST)";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** utime + stime of `root` and its descendants, seconds (Linux /proc; 0 elsewhere). */
function treeCpuSeconds(root: number): number {
  try {
    const stats = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d) => {
        try {
          return [{ pid: Number(d), ...procStat(Number(d)) }];
        } catch {
          return []; // ended meanwhile
        }
      });
    const inTree = new Set([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const st of stats) if (!inTree.has(st.pid) && inTree.has(st.ppid)) (inTree.add(st.pid), (grew = true));
    }
    return stats.filter((st) => inTree.has(st.pid)).reduce((sum, st) => sum + st.cpuSeconds, 0);
  } catch {
    return 0;
  }
}

/** Spawns `command`, polls /healthz every 20 ms until it answers 200, stops it (SIGTERM); seconds. */
async function timeToHealthy(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; cpuSeconds: number; stdout: string }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // The app exits 0 on SIGTERM (graceful shutdown); the bare server is ended by the signal.
  const exited = new Promise<boolean>((resolve) => child.on('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM')));
  let seconds: number | undefined;
  while (seconds === undefined) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited (${child.exitCode}) before /healthz answered:\n${stdout}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) seconds = (performance.now() - started) / 1000;
      await response.arrayBuffer();
    } catch {
      // not listening yet
    }
    if (seconds === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const cpuSeconds = treeCpuSeconds(child.pid!);
  child.kill('SIGTERM');
  if (!(await exited)) throw new Error(`${command} did not exit cleanly on SIGTERM`);
  return { seconds, cpuSeconds, stdout };
}

export async function benchStart(rounds: number, log: (line: string) => void = () => undefined): Promise<StartFigures> {
  const figures: StartFigures = { rounds, firstS: [], restartS: [], bareNodeS: [], firstCpuS: [], restartCpuS: [], bareNodeCpuS: [], startLine: '' };
  // The terminal's defaults: warnings only (stdout is a pipe here, where the app would log requests).
  const env = { LOG_LEVEL: 'warn', DEMO_DATA: '1', ADMIN_PASSWORD: '' };
  for (let round = 0; round < rounds; round++) {
    const bare = await timeToHealthy(process.execPath, ['-e', BARE_SERVER], {});
    figures.bareNodeS.push(bare.seconds);
    figures.bareNodeCpuS.push(bare.cpuSeconds);
    const dataDir = join(mkdtempSync(join(tmpdir(), 'sa-start-bench-')), 'data');
    try {
      const first = await timeToHealthy('npm', ['start'], { ...env, DATA_DIR: dataDir });
      figures.firstS.push(first.seconds);
      figures.firstCpuS.push(first.cpuSeconds);
      figures.startLine ||= (first.stdout.split('\n').find((l) => l.startsWith('SA Studio is running')) ?? '').replace(/admin \/ \S+/, 'admin / …');
      const restart = await timeToHealthy('npm', ['start'], { ...env, DATA_DIR: dataDir });
      figures.restartS.push(restart.seconds);
      figures.restartCpuS.push(restart.cpuSeconds);
      log(`round ${round + 1}: bare node ${bare.seconds.toFixed(2)} s (CPU ${bare.cpuSeconds.toFixed(2)} s), first start ${figures.firstS.at(-1)!.toFixed(2)} s (CPU ${figures.firstCpuS.at(-1)!.toFixed(2)} s), restart ${restart.seconds.toFixed(2)} s (CPU ${restart.cpuSeconds.toFixed(2)} s)`);
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  }
  return figures;
}

export function startLines(f: StartFigures): string[] {
  const s = (values: number[]) => `median ${median(values).toFixed(2)} s (${values.map((v) => v.toFixed(2)).join(', ')})`;
  return [
    `npm start to /healthz 200 (${f.rounds} interleaved rounds, PGlite, demo data on):`,
    `  first start, new DATA_DIR: ${s(f.firstS)}; target 10 s; CPU ${s(f.firstCpuS)}`,
    `  restart, same DATA_DIR:    ${s(f.restartS)}; CPU ${s(f.restartCpuS)}`,
    `  baseline, node -e bare http server: ${s(f.bareNodeS)}; CPU ${s(f.bareNodeCpuS)}`,
    `  start line: ${f.startLine}`,
  ];
}
