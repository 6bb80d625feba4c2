import { useEffect, useRef } from 'react';
import type { Levels } from './levels';

/** The last four seconds of microphone level, redrawn every frame while recording. */
export function Waveform({ levels, live }: { levels: Levels; live: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    const drawing = element?.getContext('2d');
    if (!element || !drawing) return;
    let frame = 0;
    const draw = () => {
      const { width, height } = element;
      drawing.clearRect(0, 0, width, height);
      drawing.fillStyle = live ? '#2563eb' : '#94a3b8';
      const count = levels.bars.length;
      const barWidth = width / count;
      for (let i = 0; i < count; i += 1) {
        // Oldest on the left; a square root makes quiet speech visible.
        const level = Math.sqrt(levels.bars[(levels.head + i) % count]!);
        const barHeight = Math.max(1, level * height);
        drawing.fillRect(i * barWidth, (height - barHeight) / 2, Math.max(1, barWidth - 0.5), barHeight);
      }
      if (live) frame = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(frame);
  }, [levels, live]);

  return <canvas ref={canvas} className="waveform" width={800} height={96} role="img" aria-label={live ? 'Microphone level, live' : 'Microphone level of the last recording'} />;
}
