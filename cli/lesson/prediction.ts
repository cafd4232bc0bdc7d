// A learner's prediction against what this run measured. Pure. A wrong prediction is shown,
// never counted as a failure.
import type { Prediction } from '../../lessons/step-types.ts';
import { formatFact } from './placeholders.ts';
import type { Facts, PredictionResult } from './session.ts';
import { STRINGS } from './strings.ts';

/** Reads an answer: a number for 'number', a choice's number for 'choice'; null when it is neither. */
export function readAnswer(prediction: Prediction, text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  if (prediction.kind === 'choice' && (!Number.isInteger(n) || n < 1 || n > prediction.choices)) return null;
  return n;
}

export function comparePrediction(prediction: Prediction, given: string, facts: Facts, choices: string[]): PredictionResult {
  const value = facts[prediction.fact];
  const actualNumber = typeof value === 'number' ? value : Number(value);
  const describe = (n: number) => (prediction.kind === 'choice' ? `${n}) ${choices[n - 1] ?? '?'}` : formatFact(n));
  const actual = Number.isFinite(actualNumber) ? describe(actualNumber) : formatFact(value ?? '?');
  const answer = readAnswer(prediction, given);
  if (prediction.decides) {
    const chose = answer !== null && answer === actualNumber;
    return { given: answer === null ? given.trim() : describe(answer), actual, matched: null, text: chose ? STRINGS.chosen(actual) : STRINGS.chosenByLesson(given.trim(), actual) };
  }
  if (given.trim() === '' || answer === null) {
    return { given: given.trim(), actual, matched: null, text: STRINGS.noPrediction(actual) };
  }
  const tolerance = prediction.kind === 'number' ? (prediction.tolerance ?? 0) : 0;
  const matched = Math.abs(answer - actualNumber) <= tolerance;
  const said = describe(answer);
  return { given: said, actual, matched, text: matched ? STRINGS.predictionRight(said, actual) : STRINGS.predictionWrong(said, actual) };
}
