// What the `run` and `watch` screens share: the terminal, the header, the key bar, the help,
// key bindings from the key table, pause, and laying the panes out again on resize.
import type { Terminal } from './screen.ts';
import { openTerminal } from './screen.ts';
import { HeaderPane } from './header-pane.ts';
import { HelpOverlay } from './help-overlay.ts';
import { KeyBar } from './key-bar.ts';
import type { Action, KeyDef } from './keys.ts';
import { layout } from './layout.ts';
import type { LabPanes, Layout, Rect } from './layout.ts';
import { STRINGS as S } from './strings.ts';

export interface FrameOptions {
  title: string;
  keys: readonly KeyDef[];
  /** What the key bar shows, when not every key (a lesson's bar groups the lab's keys). */
  bar?: readonly KeyDef[];
  helpIntro: string;
  onAction(action: Action): void;
  /**
   * Sees every key first (a lesson's answer line); true: the key was typed into it, and no
   * action runs for it.
   */
  intercept?(ch: string | undefined, key: { name?: string; full?: string; ctrl?: boolean; meta?: boolean }): boolean;
}

/** The view refreshes at most this often (4 times a second), and draws only what changed. */
export const REFRESH_MS = 250;
/** Deno writes its line within a few milliseconds of the signal; the repaint comes after it. */
const REPAINT_AFTER_MS = 150;

export class Frame {
  readonly term: Terminal;
  readonly header: HeaderPane;
  private readonly keyBar: KeyBar;
  private readonly help: HelpOverlay;
  paused = false;
  tooSmall = false;
  private arranged = '';
  private lastLeft = '';
  private onResize: (() => void) | null = null;

  constructor(options: FrameOptions) {
    this.term = openTerminal(options.title);
    const { screen, mode } = this.term;
    this.header = new HeaderPane(screen, mode);
    this.keyBar = new KeyBar(screen, mode, options.bar ?? options.keys);
    this.help = new HelpOverlay(screen, mode, options.keys, options.helpIntro);
    // blessed emits 'keypress' before 'key NAME': the intercept decides first.
    let typed = false;
    screen.on('keypress', (ch: string | undefined, key: { name?: string; full?: string }) => {
      typed = !this.term.closed && !this.help.visible && (options.intercept?.(ch, key) ?? false);
    });
    for (const def of options.keys) {
      screen.key(def.keys, () => {
        if (this.term.closed || typed) return;
        if (this.help.visible && (def.action === 'up' || def.action === 'down')) return; // the help scrolls
        if (this.help.visible && def.action !== 'help') this.help.hide(); // any other key closes it first
        if (def.action === 'help') this.help.toggle();
        else if (def.action === 'pause') this.paused = !this.paused;
        else if (def.action === 'redraw') this.repaint();
        options.onAction(def.action);
      });
    }
    screen.key(['escape'], () => this.help.visible && this.help.hide());
    screen.on('resize', () => {
      this.arranged = '';
      this.onResize?.();
    });
  }

  size(): { cols: number; rows: number } {
    const s = this.term.screen;
    return { cols: Math.max(1, Number(s.width) || 80), rows: Math.max(1, Number(s.height) || 24) };
  }

  /** Called on resize, so that the owner draws at once rather than at its next tick. */
  whenResized(handler: () => void): void {
    this.onResize = handler;
  }

  /** Lays the panes out; `place` positions them when the layout changed (size or needs). */
  arrange(panes: LabPanes, place: (rects: Record<string, Rect>) => void): void {
    const { cols, rows } = this.size();
    const l: Layout = layout(cols, rows, panes, (w) => this.keyBar.rows(w));
    const key = JSON.stringify(l);
    if (key === this.arranged) return;
    this.arranged = key;
    this.tooSmall = l.tooSmall;
    this.header.place(l.header);
    this.keyBar.place(l.keys);
    place(l.panes);
  }

  /** Draws the header and key bar; renders the screen when `changed` or they changed. */
  finish(left: string, right: string, changed: boolean): void {
    if (this.term.closed) return;
    if (left) this.lastLeft = left;
    else left = this.lastLeft; // paused: the header keeps what it said
    const { cols, rows } = this.size();
    const note = this.tooSmall ? S.tooSmall(cols, rows) : right;
    const a = this.header.draw(left, this.paused ? S.paused : note);
    const b = this.keyBar.draw();
    if (changed || a || b) this.term.screen.render();
  }

  /** Draws every cell again, whatever the terminal shows now. */
  repaint(): void {
    if (this.term.closed) return;
    this.term.screen.realloc();
    this.term.screen.render();
  }

  /**
   * A full repaint a moment from now. The runtime may write to the terminal over the screen:
   * Deno prints "Failed to start inspector server" on every SIGUSR1 (httpd's graceful
   * restart), whatever listens for it (labs/runtime/debugger-guard.ts).
   */
  repaintSoon(): void {
    setTimeout(() => this.repaint(), REPAINT_AFTER_MS).unref();
  }

  close(): void {
    this.term.close();
  }
}
