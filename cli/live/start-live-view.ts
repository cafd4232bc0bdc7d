// The view `run` shows in a terminal until the full-screen UI lands: a plain-text tree and
// scoreboard, redrawn twice a second from the scoreboard, with the parent's latest log lines.
import type { Mpm, StartedLab } from '../../labs/mpm.ts';
import { renderLiveFrame } from './live-frame.ts';

export interface LiveView {
  close(): void;
}

export function startLiveView(mpm: Mpm, started: StartedLab, logLines: string[]): LiveView {
  const out = process.stdout;
  out.write('\x1b[?1049h\x1b[?25l'); // alternate screen, hide cursor
  let closed = false;
  const draw = () => {
    if (closed || mpm.query().state === 'stopped') return;
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
    const frame = renderLiveFrame(mpm.scoreboard(), mpm.query(), started, logLines, out.columns ?? 80, out.rows ?? 24);
    out.write('\x1b[H\x1b[2J' + frame);
  };
  const timer = setInterval(draw, 500);
  draw();
  const restore = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    out.write('\x1b[?25h\x1b[?1049l'); // cursor back, main screen back
    for (const line of logLines.slice(-20)) process.stderr.write(line + '\n');
  };
  process.on('exit', restore);
  return { close: restore };
}
