// Why: figures that include the server's memory or CPU need the app alone in its own process (an
// in-process server shares heap and RSS with the load generator and the baseline). Starts
// app-process-main.ts (the real app, production settings, DATABASE_URL's database) as a child, and
// reads its resident memory and CPU time from /proc. Used by the export and OData benches.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./app-process-main.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

/** The V8 flags `npm start` gives node (package.json's start script, before `--import`): the server as it runs. */
export function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(PACKAGE, 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(' ').filter((word) => /^--(max-semi-space-size|heap-growing-percent|max-old-space-size)=\d+$/.test(word));
}

export interface Child {
  process: ChildProcess;
  url: string;
  token: string;
  adminId: string;
}

export async function startChild(databaseUrl: string): Promise<Child> {
  // BENCH_EXPORT_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`;
  // BENCH_NODE_FLAGS=0 leaves out npm start's memory flags (for comparison).
  const extra = (process.env.BENCH_EXPORT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const flags = process.env.BENCH_NODE_FLAGS === '0' ? [] : startFlags();
  const child = spawn(process.execPath, [...flags, ...extra, '--import', 'tsx', CHILD], { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`export bench server exited (${code})`)));
  });
  const ready = JSON.parse(line) as { url: string; token: string; adminId: string };
  return { process: child, ...ready };
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill('SIGTERM');
  await exited;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** `pid`'s parent and user + system CPU seconds so far, from /proc/<pid>/stat (Linux). */
export function procStat(pid: number): { ppid: number; cpuSeconds: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 }; // utime, stime in clock ticks (USER_HZ = 100)
}

/** User + system CPU seconds of `pid` so far. */
export function cpuSeconds(pid: number): number {
  return procStat(pid).cpuSeconds;
}

/** Samples the RSS every 50 ms until stopped; returns the peak. */
export function sampleRss(pid: number): () => number {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(pid));
  };
}
