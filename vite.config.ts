import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the renderer (the React UI) that both Electron and `tempopilot web` serve. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
