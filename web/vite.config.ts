import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API so the console can be worked on with hot reload against a running app.
const api = process.env.LABTRACE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // The server's pure judgement (src/rules/judgement), shared so live statuses are the server's own.
  resolve: { alias: { '@labtrace/rules': fileURLToPath(new URL('../src/rules/judgement/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 500,
  },
  server: {
    proxy: { '/v1': api, '/docs': api, '/health': api },
    fs: { allow: ['.', '../src/rules', '../src/common'] },
  },
});
