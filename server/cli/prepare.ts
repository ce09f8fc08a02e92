// npm's `prepare` (after `npm install` / `npm ci`): builds the web app into build/ so the first
// `npm start` answers at once instead of building for a minute and a half (issue 13, part 6).
// Without the dev dependencies (`npm ci --omit=dev`: vite is missing) it says so and succeeds; the
// image builds the web app itself (Dockerfile, which installs with --ignore-scripts).
import { writePgliteTemplate } from '../db/pglite-template';
import { buildWeb, viteInstalled } from './web-build';

if (process.env.SA_SKIP_WEB_BUILD === '1') {
  console.log('SA_SKIP_WEB_BUILD=1: the web app is not built now (npm start builds it if missing).');
} else if (!viteInstalled()) {
  console.log('vite is not installed (dev dependencies omitted): the web app is not built now; npm start builds it if missing, or build it where dev dependencies are installed.');
} else {
  const started = Date.now();
  console.log('Building the web app (npm run build)…');
  if (!buildWeb()) {
    console.error('The web app build failed (see above).');
    process.exit(1);
  }
  console.log(`Web app built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

// The embedded database cluster for the first start, every migration applied (a few MB; any failure
// only costs time: the first start then makes the database itself).
if (process.env.SA_SKIP_WEB_BUILD !== '1') {
  const started = Date.now();
  try {
    await writePgliteTemplate();
    console.log(`Embedded database template (migrated) made in ${Math.round((Date.now() - started) / 1000)} s.`);
  } catch (error) {
    console.warn(`The embedded database template could not be made (${(error as Error).message}); the first start makes the database itself.`);
  }
}
