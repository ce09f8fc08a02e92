// Vite builds the SvelteKit app in web/. formio.js expects a Node-style `global`.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  define: { global: 'globalThis' },
  // SvelteKit needs its own `cookie` (0.6); @fastify/cookie hoists cookie@2 to the top of node_modules.
  ssr: { noExternal: ['cookie'] },
  server: { fs: { allow: ['form-engine', 'definitions'] } },
});
