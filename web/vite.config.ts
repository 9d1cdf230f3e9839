import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const daemon = 'http://127.0.0.1:7433';

// The daemon refuses foreign Host and Origin headers, so in dev the proxy presents the daemon's own.
const toDaemon: ProxyOptions = {
  target: daemon,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on('proxyReq', (req) => {
      if (req.getHeader('origin')) req.setHeader('origin', daemon);
    });
  },
};

// Built into dist/web, which the daemon serves; `npm run dev:web` proxies the API and the login link.
export default defineConfig(({ isSsrBuild }) => ({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  // The daemon's renderer (render-first-look.tsx, built with --ssr): one file with React's production build
  // inside, loaded by the daemon at start without anything from node_modules.
  ssr: { noExternal: true },
  ...(isSsrBuild
    ? {
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        publicDir: false,
        build: { outDir: '../dist/web-ssr', emptyOutDir: true, target: 'es2022', minify: true },
      }
    : {}),
  server: {
    proxy: { '/api': toDaemon, '/login': toDaemon },
  },
}));
