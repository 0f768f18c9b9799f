import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The console is served by Dispatch.Api from its wwwroot (same origin as the API: the session cookie and the
// antiforgery token need nothing else). `npm run dev` proxies the API to the Api that deploy/local/up starts.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each component used in a template is imported with its own CSS, nothing else.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    // Debian 12's Chromium and every browser an office runs today.
    target: 'es2020',
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:5080',
      '/openapi': 'http://127.0.0.1:5080',
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['tests/**/*.spec.ts'],
    css: false,
    // Mounting a whole screen of Element Plus takes seconds on a busy 2-core machine (the suite builds .NET beside it).
    testTimeout: 30_000,
    server: { deps: { inline: ['element-plus'] } },
  },
})
