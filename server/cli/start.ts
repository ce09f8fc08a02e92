// npm start: build the web app if missing, migrate, seed, listen, and print where to go and how to sign in.
// `npm start` execs node (package.json), so a SIGTERM sent to npm, or to this process in a container
// (CMD ["node", ...]) or a service unit, reaches the server: it then shuts down gracefully
// (server/http/shutdown.ts). `--api-only` serves the API without the web app (no build).
import { buildApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { DatabaseUnreachableError } from '../db/wait-for-database';
import { gracefulShutdown, type Shutdown } from '../http/shutdown';
import { webBuildExists } from '../http/web';
import { buildWeb } from './web-build';

function fail(message: string): never {
  console.error(`SA Studio cannot start: ${message}`);
  process.exit(1);
}

let config;
try {
  // At a terminal, warnings and errors only (no line per request); under a supervisor or in a
  // container (stdout not a terminal) info, one JSON line per request. LOG_LEVEL decides when set.
  config = loadConfig({ LOG_LEVEL: process.stdout.isTTY ? 'warn' : 'info', ...process.env });
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

const apiOnly = process.argv.includes('--api-only');

// A signal during the boot (migrations, seeding) is kept and acted on once the app exists, so a
// migration transaction is never cut short by our own exit.
let shutdown: Shutdown | undefined;
let pendingSignal: string | undefined;
const onSignal = (signal: string) => {
  if (shutdown) void shutdown(signal);
  else pendingSignal ??= signal;
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// `npm install` built it (the prepare script); a copy without a build builds it now.
if (!apiOnly && (!webBuildExists() || process.argv.includes('--build'))) {
  console.log('Building the web app (first start only)…');
  if (!buildWeb()) fail('the web build failed (see above).');
}

// A database that stays away longer than DATABASE_WAIT_SECONDS, or a weak ADMIN_PASSWORD on first
// start, ends the boot with a clear message and exit code 1 (a supervisor may restart us).
const demo = process.env.DEMO_DATA !== '0';
const { app, seeded } = await buildApp(config, { demo, web: !apiOnly }).catch((error: unknown) => {
  if (error instanceof DatabaseUnreachableError || error instanceof ConfigError) fail(error.message);
  throw error;
});
shutdown = gracefulShutdown(app, { graceMs: config.shutdownTimeoutSeconds * 1000, log: app.log });
if (pendingSignal) await shutdown(pendingSignal);

const address = await app.listen({ port: config.port, host: config.host });
const url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
// One line: where to go, how to sign in, which database (request logs stay out of a terminal:
// LOG_LEVEL defaults to warn there, see loadConfig's caller above).
const signIn = seeded.generatedAdminPassword
  ? `sign in as admin / ${seeded.generatedAdminPassword} (shown once; set ADMIN_PASSWORD to choose it)`
  : seeded.adminCreated
    ? 'sign in as admin with the password from ADMIN_PASSWORD'
    : 'sign in as admin';
console.log(`SA Studio is running at ${url}${apiOnly ? ' (API only)' : ''} · ${signIn} · database: ${where}${seeded.definitionsLoaded.length ? ` · loaded the ISAF forms and indicators${demo ? ' and demo data' : ''}` : ''}`);
