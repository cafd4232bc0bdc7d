// Every word `mpm-lab exercises`, `exercise` and `verify` print of their own; the exercises'
// own words (goals, reasons) are in fixtures/exercises/NN-name/exercise.md.
export const STRINGS = {
  listTitle: 'Classroom exercises (mpm-lab exercise N writes the starting httpd.conf; mpm-lab verify N checks it):',
  listLine: (n: number, title: string, goal: string) => `  ${n}. ${title}\n     ${goal}`,
  unknownExercise: (given: string, numbers: number[]) => `there is no exercise "${given}". The exercises are ${numbers.join(', ')} (mpm-lab exercises lists them).`,
  exists: (file: string) => `${file} exists already. Edit it and run mpm-lab verify, or add --force to write the starting config over it.`,
  written: (n: number, title: string, file: string) => `Exercise ${n}: ${title}\nWrote the starting config to ${file}`,
  goal: (goal: string) => `Goal: ${goal}`,
  next: (n: number, file: string) => `Edit ${file}, then run: mpm-lab verify ${n}${file === 'httpd.conf' ? '' : ` --config ${file}`}`,
  hintsLine: (n: number) => `Stuck? mpm-lab exercise ${n} --hint shows the hints.`,
  hint: (i: number, text: string) => `Hint ${i}: ${text}`,
  noConfig: (file: string, n: number) => `${file} was not found. Write the starting config first with mpm-lab exercise ${n}, or name your file with --config FILE.`,
  verifying: (n: number, title: string, file: string, model: string) => `Exercise ${n}: ${title}\nRunning the workload against ${file} (${model}), on 127.0.0.1...`,
  warning: (text: string) => `httpd would print: ${text}`,
  passed: 'PASS',
  failed: 'FAIL',
} as const;
