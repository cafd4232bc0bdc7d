// The full-screen terminal: blessed's screen, and its restore on every way the program ends.
// destroy() leaves the alternate screen, shows the cursor and gives the terminal back its
// normal mode; it runs once, from close(), from 'exit', or from whoever ends first.
import blessed from 'blessed';
import { colorMode } from './color-mode.ts';
import type { ColorMode } from './color-mode.ts';

export interface Terminal {
  screen: blessed.Widgets.Screen;
  mode: ColorMode;
  readonly closed: boolean;
  /** Restores the terminal; safe to call any number of times. */
  close(): void;
}

export function openTerminal(title: string): Terminal {
  const screen = blessed.screen({
    smartCSR: true,
    fullUnicode: false, // the UI prints one-column characters only
    forceUnicode: true, // sparkline bars and arrows, whatever LANG says
    autoPadding: false,
    warnings: false,
    title,
  });
  screen.program.hideCursor();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.removeListener('exit', close);
    try {
      screen.destroy();
    } catch {
      // the terminal is gone already (closed window): nothing to restore
    }
  };
  process.on('exit', close);
  return {
    screen,
    mode: colorMode(),
    get closed() {
      return closed;
    },
    close,
  };
}
