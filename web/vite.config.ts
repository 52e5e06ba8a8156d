// The web map's build: sources in web/, output where the Python package serves it from.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const outDir = fileURLToPath(new URL("../src/terrachron/web/static", import.meta.url));
const page = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  base: "/",
  build: {
    outDir,
    emptyOutDir: true,
    // One map library dominates the bundle; a larger limit keeps the build log quiet about it.
    chunkSizeWarningLimit: 1600,
    sourcemap: false,
    // Two pages share the build: the map, and the review page of `terrachron review`.
    rollupOptions: { input: { index: page("index.html"), review: page("review.html") } },
  },
  server: {
    // `npm run dev` serves the page with hot reload and forwards the API to `terrachron serve`.
    proxy: { "/api": "http://127.0.0.1:8000" },
  },
});
