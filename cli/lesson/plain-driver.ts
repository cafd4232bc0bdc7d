// Drives a lesson session as text. Without a terminal on stdin every experiment runs by
// itself and every claim is an assertion (the exit code says whether the lab behaved as the
// lesson teaches); with one, the questions are asked line by line (readline).
import readline from 'node:readline/promises';
import type { LiveLessonSession } from './lesson-session.ts';
import { renderEvent } from './plain-render.ts';
import type { RenderState } from './plain-render.ts';
import { STRINGS } from './strings.ts';

export interface PlainResult {
  ok: boolean; // every claim held and every experiment ran
  finished: boolean; // the learner reached the end (not quit)
}

export function attachTranscript(session: LiveLessonSession, write: (text: string) => void): () => void {
  const state: RenderState = { running: false };
  return session.onEvent((event) => {
    const lines = renderEvent(event, state);
    if (lines.length > 0) write(lines.join('\n') + '\n');
  });
}

/** Runs every step, in order, once: the lab does each experiment. */
export async function runUnattended(session: LiveLessonSession): Promise<PlainResult> {
  let finished = false;
  const off = session.onEvent((e) => {
    if (e.type === 'finished') finished = true;
  });
  try {
    await session.start();
    // Closed from outside (a signal): stop at once; the loop must never spin on a closed session.
    while (!finished && !session.isClosed()) {
      await session.run();
      await session.next();
    }
  } finally {
    off();
  }
  return { ok: session.claimResults().every((r) => r.ok), finished };
}

/** Asks line by line; Enter moves on, the keys of the live view are letters here. */
export async function runInteractive(session: LiveLessonSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<PlainResult> {
  const rl = readline.createInterface({ input, output, terminal: true });
  let quit = false;
  let finished = false;
  const onFinish = session.onEvent((e) => {
    if (e.type === 'finished') finished = true;
  });
  rl.on('SIGINT', () => {
    quit = true;
    rl.close();
  });
  const ask = async (prompt: string, signal?: AbortSignal): Promise<string | null> => {
    try {
      return await rl.question(prompt, signal ? { signal } : {});
    } catch {
      return null; // closed (Ctrl-D, Ctrl-C) or aborted
    }
  };
  try {
    await session.start();
    while (!quit && !finished && !session.isClosed()) {
      const { step, phase } = session.current();
      if (phase === 'question') {
        const said = await ask(step.question?.decides ? STRINGS.promptDecision : STRINGS.promptAnswer);
        if (said === null) break;
        const key = said.trim();
        if (key === 'h') session.hint();
        else if (key === 'a') session.showAnswer();
        else if (key === 'q') break;
        else session.answer(key);
        continue;
      }
      if (phase === 'ready') {
        if (step.byHand) {
          // The learner acts in another terminal, or presses Enter and the lab does it.
          const pressed = new AbortController();
          const watching = session.watch().then(() => pressed.abort());
          const said = await ask('', pressed.signal);
          if (said !== null) {
            if (said.trim() === 'q') break;
            session.cancelWatch();
            await watching;
            if (session.current().phase !== 'observed') await session.run();
          } else await watching;
        } else {
          const said = await ask(`${STRINGS.pressToRun}\n${STRINGS.promptNext}`);
          if (said === null || said.trim() === 'q') break;
          await session.run();
        }
        continue;
      }
      // observed
      output.write(`\n${STRINGS.keysPlain}\n`);
      const said = await ask(STRINGS.promptNext);
      if (said === null) break;
      const key = said.trim();
      if (key === '' || key === 'n') await session.next();
      else if (key === 'r') await session.run();
      else if (key === 'b') await session.back();
      else if (key === 'h') session.hint();
      else if (key === 'a') session.showAnswer();
      else if (key === 'R') await session.reset();
      else if (key === 'q') break;
    }
  } finally {
    onFinish();
    rl.close();
  }
  return { ok: session.claimResults().every((r) => r.ok), finished };
}
