// Vite builds the SvelteKit app in web/. formio.js expects a Node-style `global`.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/** The module that imports the fill page's renderer (formio.js, the engine, the pickers). */
const RENDERER_LOADER = 'web/lib/formio-loader.ts';

/**
 * Writes `_app/renderer.json` into the client build: the hashed files of everything
 * `loadRenderer()` imports (its dynamic-import chunks and what they import). The server puts them
 * as modulepreload links in the fill page's HTML (web/lib/server/renderer-preload.ts), so the
 * largest downloads start with the HTML instead of after the page's own modules.
 */
function rendererChunks(): Plugin {
  return {
    name: 'sa-renderer-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (this.environment.config.consumer !== 'client') return;
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const loader = [...chunks.values()].find((c) => Object.keys(c.modules).some((id) => id.replaceAll('\\', '/').endsWith(RENDERER_LOADER)));
      if (!loader) return;
      const files: string[] = [];
      const visit = (fileName: string) => {
        if (files.includes(fileName)) return;
        files.push(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const dynamic of loader.dynamicImports) visit(dynamic);
      // Largest first: formio.js must not queue behind small chunks on a slow link.
      const size = (f: string) => chunks.get(f)?.code.length ?? 0;
      files.sort((a, b) => size(b) - size(a));
      this.emitFile({ type: 'asset', fileName: '_app/renderer.json', source: JSON.stringify({ files: files.map((f) => `/${f}`) }) });
    },
  };
}

/**
 * Client build only: Rollup merges chunks under 20 kB into the chunks that import them (when that
 * runs no extra code), so a first visit makes fewer requests, each a round trip (2 s on slow 3G).
 * Not for the server build, where SvelteKit checks each route file's exports.
 */
function fewerChunks(): Plugin {
  return {
    name: 'sa-fewer-chunks',
    apply: 'build',
    configEnvironment: (name) => (name === 'client' ? { build: { rollupOptions: { output: { experimentalMinChunkSize: 20_000 } } } } : undefined),
  };
}

export default defineConfig({
  plugins: [sveltekit(), rendererChunks(), fewerChunks()],
  define: { global: 'globalThis' },
  // SvelteKit needs its own `cookie` (0.6); @fastify/cookie hoists cookie@2 to the top of node_modules.
  ssr: { noExternal: ['cookie'] },
  server: { fs: { allow: ['form-engine', 'definitions'] } },
});
