import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
export default defineConfig({
  plugins: [sveltekit()],
  define: { global: 'globalThis' },
  ssr: { noExternal: ['cookie'] },
  build: { sourcemap: process.env.SOURCEMAP === '1' },
  server: { fs: { allow: ['form-engine', 'definitions'] } },
});
