// A plain-text response: the lab's endpoints answer in one or two sentences a learner reads
// in curl's output.
import type { LabResponse } from '../http/types.ts';

export function text(status: number, body: string, headers: Record<string, string> = {}): LabResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: body.endsWith('\n') ? body : `${body}\n` };
}
