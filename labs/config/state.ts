// The settings as they are being read, before httpd's corrections: value and source per directive.

import { DIRECTIVES } from './directives.ts';
import type { ListenSpec } from './values.ts';
import type { DirectiveName, HttpdWarning, IgnoredDirective, LabConfig, LabNote, ModelName, Source } from './types.ts';

export type RawValue = number | boolean | string | undefined;

export interface ListenChoice {
  spec: ListenSpec;
  source: Source;
  written: string;
  line?: number;
}

export class Settings {
  readonly values = new Map<DirectiveName, RawValue>();
  readonly sources = new Map<DirectiveName, Source>();
  readonly listens: ListenChoice[] = [];
  /** [host, port, source kind] of each Listen, to find a duplicate at once among thousands. */
  readonly listenKeys = new Set<string>();
  readonly warnings: HttpdWarning[] = [];
  readonly notes: LabNote[] = [];
  readonly ignored: IgnoredDirective[] = [];

  constructor(readonly model: ModelName) {
    for (const d of DIRECTIVES) {
      if (d.kind === 'listen') continue;
      this.values.set(d.name, d.defaults[model]);
      this.sources.set(d.name, { kind: 'default' });
    }
  }

  set(name: DirectiveName, value: RawValue, source: Source): void {
    this.values.set(name, value);
    this.sources.set(name, source);
  }

  number(name: DirectiveName): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : 0;
  }

  private readonly noted = new Set<string>();

  note(n: LabNote): void {
    if (this.noted.has(n.text)) return; // a Set: a file may give tens of thousands of notes
    this.noted.add(n.text);
    this.notes.push(n);
  }
}

export type MutableLabConfig = { -readonly [K in keyof LabConfig]: LabConfig[K] };
