// Vite builds the SvelteKit app in web/. formio.js expects a Node-style `global`.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  define: { global: 'globalThis' },
  server: { fs: { allow: ['form-engine', 'definitions'] } },
});
