// SvelteKit lives in web/; the built app (adapter-node) is mounted inside the fastify server.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    files: {
      assets: 'web/static',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      lib: 'web/lib',
      params: 'web/params',
      routes: 'web/routes',
      serviceWorker: 'web/service-worker',
      appTemplate: 'web/app.html',
      errorTemplate: 'web/error.html',
    },
    // The app registers its service worker itself (web/lib/pwa/updates.svelte.ts) so that a new version
    // waits until no form holds unsaved input. The version names the worker's caches; SA_APP_VERSION
    // (e.g. a release tag) replaces the default build timestamp.
    serviceWorker: { register: false },
    // Absolute asset paths: the worker serves the `/field` shell for `/forms/<key>` too, where
    // relative ones (`./_app/…`) would point under `/forms/`.
    paths: { relative: false },
    version: { name: process.env.SA_APP_VERSION || undefined },
    // Pages get a nonce-based Content Security Policy. 'unsafe-eval' is needed because ajv (the form
    // engine's validator) and formio.js compile functions at run time; no inline or remote script runs.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'unsafe-eval'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'manifest-src': ['self'],
        'worker-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
    alias: { '$engine': 'form-engine', '$engine/*': 'form-engine/*' },
  },
};

export default config;
