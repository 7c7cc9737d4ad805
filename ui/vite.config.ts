// Vite builds the UI into ui/dist, which `herald server` serves at / (src/api/ui-static.ts).
// JSX is compiled by Vite's own transformer (automatic runtime); no React plugin — it would only add
// fast refresh for development.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: {
    // The SDK's browser entry from source: the UI build never depends on sdk/dist being built first
    // (npm runs workspace `prepare` scripts in no promised order). Same module, same import name.
    alias: { '@herald/sdk/browser': fileURLToPath(new URL('../sdk/browser.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      // React libraries mark files "use client" for server-component bundlers; meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `npm run dev -w ui` against a server on the default port.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:4200', ws: true } } },
});
