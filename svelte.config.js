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
    alias: { '$engine': 'form-engine', '$engine/*': 'form-engine/*' },
  },
};

export default config;
