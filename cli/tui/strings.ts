// Every word of the live view (`run`, `watch`, and the lab side of `lesson`) in one place, so
// that a translation replaces this file. httpd's own words (mod_status' key, AH codes, directive
// names) stay as httpd prints them. The lesson's own words come from the lesson session
// (lessons/*/lesson.md and cli/lesson/strings.ts).

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export const STRINGS = {
  plural,

  // ---- pane titles ----
  scoreboardTitle: 'Scoreboard',
  /** event's connections, as parts a narrow pane may wrap between. */
  eventConnections: (total: number, parked: number, closing: number, writing: number) => [`Connections ${total}:`, `keep-alive parked ${parked},`, `closing ${closing},`, `writing ${writing}`],
  moreOpenSlots: (n: number) => `... ${n} more open slots (.)`,
  trafficTitle: (concurrency: number, inFlight: number, held: number) => ['Traffic sent from here', `concurrency ${concurrency}`, `in flight ${inFlight}`, `keep-alive held ${held}`],
  trafficStats: (ok: number, failed: number, errors: string) => `last 10 s: ${ok} ok, ${failed} failed${errors ? ` (${errors})` : ''}`,
  trafficLatency: (p50: string, p90: string, p99: string) => `p50 ${p50} p90 ${p90} p99 ${p99} ms`,
  trafficRate: 'req/s ',
  trafficFailed: '  failed ',
  trafficIdle: (keys: string) => `keys ${keys} send requests to the lab; ? explains each`,
  trafficKeysRun: 'f s k b x',
  trafficKeysLesson: 'f s k B x',
  logTitleRun: (pid: number) => `Log: the parent's error_log (pid ${pid})`,
  logTitleWatch: 'Watch: what the watcher noticed',
  watchReading: (auto: string, seconds: number) => `reading ${auto} and the ExtendedStatus table every ${seconds} s`,
  watchServer: (version: string | undefined, mpm: string | undefined, cells: number) => `${version ?? 'a server'} with the ${mpm ?? '?'} MPM; ${cells} scoreboard cells`,
  watchHtmlError: (error: string) => `the HTML page did not read (${error}): no per-request columns`,
  watchNoExtended: 'no ExtendedStatus table on the page: the request columns stay empty (ExtendedStatus On fills them)',
  watchRemote: (host: string) => `${host} is another machine: processes come from the ExtendedStatus table only (no /proc)`,
  watchParentGone: (pid: number | null) => `the server's parent (pid ${pid}) has gone`,
  watchNoProc: (port: number | string) => `cannot see which processes listen on port ${port} (another user's?): processes come from the ExtendedStatus table only`,
  watchFromProc: (pid: number | null, comm: string | undefined, children: number) => `processes from /proc: parent pid ${pid} (${comm ?? '?'}) and ${children} children`,
  /** The header's description of the lab, longest first: the first that fits is shown. */
  labHeader: (o: { model: string; url: string; pid: number; generation: number; processes: number; threads: number }) => [
    `mpm-lab ${o.model} on ${o.url}  parent pid ${o.pid}  generation ${o.generation}  ${o.processes} processes, ${o.threads} threads`,
    `${o.model} on ${o.url}  parent ${o.pid}  gen ${o.generation}  ${o.processes} processes, ${o.threads} threads`,
    `${o.model} ${o.url}  parent ${o.pid}  gen ${o.generation}  ${o.processes} proc ${o.threads} thr`,
  ],
  watchHeader: (page: string) => `watch ${page}`,
  watchMpm: (mpm: string) => `${mpm} MPM`,
  watchUptime: (uptime: string) => `  up ${uptime}`,
  watchAppeared: (pid: number) => `pid ${pid} appeared`,
  watchGone: (pid: number) => `pid ${pid} has gone`,
  logCut: '…', // the end of a log entry too long for the pane

  // ---- header and frame ----
  windowRun: (model: string) => `mpm-lab ${model}`,
  windowLesson: (n: number) => `mpm-lab lesson ${n}`,
  headerStopped: (model: string, url: string) => `mpm-lab ${model}  ${url}`,
  tooSmall: (cols: number, rows: number) => `terminal ${cols}x${rows} is small: 80x24 or more reads best`,
  paused: 'PAUSED (p resumes)',
  helpTitle: ' Help   ? or Esc closes, ↑ ↓ scroll',
  helpKeys: 'Keys',
  helpMarks: 'Marks in the process tree',
  helpScoreboardKey: 'Scoreboard Key (mod_status)',
  helpLessonKeys: 'In a lesson',
  marksHelp: ['+ a process just forked', '~ a process finishing its requests before it exits', '- a process that just exited', '! a process that just crashed'],
  stopping: (model: string, pid: number) => `mpm-lab: stopping the ${model} lab (parent pid ${pid})...\n`,
  helpIntroRun: (model: string, url: string) =>
    `mpm-lab runs httpd's ${model} MPM live on ${url}: real processes, real threads. ` +
    "The tree is /proc (as ps -eLf shows it) joined with the scoreboard; the grid is mod_status' scoreboard; " +
    "the log is the parent's error_log. The keys send real requests, bounded in number and time.",
  helpIntroWatch: (page: string, seconds: number) =>
    `mpm-lab watch reads ${page} (its ?auto report and the ExtendedStatus table) every ${seconds} s. ` +
    'On this machine the process tree comes from /proc, as ps shows it; for another machine, from the table. It sends no load.',
  helpIntroLesson:
    'A lesson: its text is in the lesson pane, the lab it runs in the other panes (the tree is /proc joined with the scoreboard, ' +
    "the grid mod_status' scoreboard, the log the parent's error_log). Enter goes on: it sends your answer, runs the step's " +
    'experiment, or moves to the next step. In a lesson, b goes back a step: the lab\'s "block a thread" is B.',

  // ---- keys: the bar's label (empty: joins the next key's, "+/- concurrency") and the help's words ----
  keys: {
    fast: { label: 'fast burst', help: 'send a burst of fast requests (GET /), 20 per connection slot, at the concurrency' },
    slow: { label: 'slow burst', help: 'send as many slow requests (GET /sleep?ms=3000) as the concurrency: they hold their slots 3 s' },
    keepalive: { label: 'keep-alive', help: 'open and hold idle keep-alive clients, as many as the concurrency (press again to let them go)' },
    more: { label: '', help: 'double the concurrency' },
    less: { label: 'concurrency', help: 'halve the concurrency' },
    block: { label: 'block', help: 'block a thread 5 s in the non-thread-safe module (/block), with requests for the same module queued behind it' },
    blockInLesson: { label: 'block', help: 'block a thread, as b does outside a lesson (in a lesson b goes back a step)' },
    crash: { label: 'crash', help: 'crash a thread (/crash): its whole process dies; in worker and event while its sibling threads serve slow requests' },
    graceful: { label: 'graceful', help: 'graceful restart (apachectl -k graceful): the config is read again, old children finish first (busy slots: G on prefork and event, as they were on worker)' },
    up: { label: '', help: 'scroll the process tree up' },
    down: { label: 'scroll', help: 'scroll the process tree down' },
    pause: { label: 'pause', help: 'pause the view (the lab keeps running); again to resume' },
    help: { label: 'help', help: 'this help; ? or Esc closes it' },
    redraw: { label: 'redraw', help: 'draw the whole screen again, if something else wrote over it' },
    quit: { label: 'quit', help: 'stop the lab and quit (also Ctrl-C)' },
    quitWatch: { label: 'quit', help: 'quit (also Ctrl-C); the server is left as it is' },
    quitLesson: { label: 'quit', help: 'leave the lesson (also Ctrl-C): its labs stop, your progress is kept' },
    lessonGo: { label: 'go on', help: "go on: send your typed answer, run the step's experiment, or move to the next step once it ran" },
    lessonNext: { label: 'next', help: 'the next step' },
    lessonBack: { label: 'back', help: 'the step before' },
    lessonRun: { label: 'run', help: "run the step's experiment (again)" },
    lessonHint: { label: 'hint', help: 'a hint; again for the next, more telling one' },
    lessonAnswer: { label: 'answer', help: "the step's answer" },
    lessonReset: { label: 'reset', help: 'start the lesson over: progress cleared, labs restarted' },
    lessonPageUp: { label: '', help: 'scroll the lesson text up' },
    lessonPageDown: { label: 'lesson text', help: 'scroll the lesson text down' },
    labKeysInLesson: 'lab',
  },
  answerHelp: "When a step asks a question, type the answer (digits) and press Enter; the other keys work as usual.",

  // ---- the short scoreboard key, for a small pane (the help shows mod_status' own) ----
  shortKey: {
    _: 'waiting',
    S: 'starting',
    R: 'reading',
    W: 'sending',
    K: 'keepalive',
    D: 'dns',
    C: 'closing',
    L: 'logging',
    G: 'graceful',
    I: 'idle cleanup',
    '.': 'open slot',
  } as Record<string, string>,

  // ---- what the keys did (the traffic pane's last line) ----
  outcome: (ok: number, failed: number, errors: string) => `${ok} ok, ${failed} failed${errors ? ` (${errors})` : ''}`,
  stillRunning: (name: string, n: number) => `${name}: ${n} actions are still running; wait for one to finish`,
  actionFailed: (name: string, message: string) => `${name} failed: ${message}`,
  fastName: 'fast burst',
  fastStarted: (count: number, c: number) => `fast burst: ${count} × GET / at concurrency ${c}...`,
  fastDone: (outcome: string, seconds: string, rate: string, procs: number) => `fast burst: ${outcome} in ${seconds} s (${rate}/s), served by ${plural(procs, 'process', 'processes')}`,
  slowName: 'slow burst',
  slowStarted: (c: number, path: string, s: number) => `slow burst: ${c} × GET ${path}, each holds its slot ${s} s...`,
  slowDone: (outcome: string, p50: string, max: string) => `slow burst: ${outcome}; latency p50 ${p50} ms, max ${max} ms (waiting for a slot counts)`,
  keepAliveName: 'keep-alive',
  concurrency: (n: number, max: number, mrw: number) => `concurrency ${n} (1 to ${max}; MaxRequestWorkers is ${mrw})`,
  blockName: 'block',
  blockStarted: (s: number, waiters: number) => `block: the module lock held ${s} s; ${plural(waiters, 'module request')} queue behind it...`,
  blockWhere: (pid: number | undefined) => (pid ? `pid ${pid}` : 'a process'),
  blockWaited: (n: number, p50: string) => `; ${plural(n, 'module request')} waited p50 ${p50} ms`,
  blockDone: (where: string, s: number, waited: string) => `block: ${where} held the module lock ${s} s${waited}`,
  blockFailed: (error: string | undefined) => `block: ${error ?? 'failed'}`,
  crashName: 'crash',
  crashStartedThreaded: (siblings: number) => `crash: a thread crashes in 1 s while ${plural(siblings, 'sibling')} serve slow requests in its process...`,
  crashStartedPrefork: 'crash: a process crashes...',
  crashAnswered: (status: number | undefined) => `crash: the request was answered (HTTP ${status}); nothing crashed`,
  crashRefused: (error: string | undefined) => `crash refused: ${error}`,
  crashSiblings: (failed: number, of: number) => `, siblings failed ${failed}/${of}`,
  crashDied: (sib: string) => `crash: the process died${sib}`,
  crashDone: (pid: number, how: string, lost: number, sib: string) => `crash: pid ${pid} died (${how}); ${plural(lost, 'connection')} lost${sib}`,
  crashExit: 'exit',
  gracefulName: 'graceful restart',
  gracefulStarted: 'graceful restart...',
  gracefulDone: (generation: number, reread: boolean) => `graceful: generation ${generation}${reread ? ', config read again' : ''}; old children finish first`,

  // ---- the tree's notes ----
  treeParent: 'parent, never serves',
  treeOther: 'not in the scoreboard',
  treeStarting: 'starting up',
  treeCrashed: (why: string | undefined) => `crashed: ${why ?? 'killed by a signal'}`,
  treeExited: (why: string | undefined) => `exited${why ? `: ${why}` : ''}`,
  treeBusy: (busy: number, of: number, parked: number | null) => `${busy}/${of} busy${parked !== null ? `, ${parked} parked` : ''}`,
  treeScroll: (above: number, below: number) => `${above > 0 ? `↑ ${above} above  ` : ''}${below > 0 ? `↓ ${below} more` : ''}  (scroll: ↑ ↓)`,
  foldName: (n: number, idleOnly: boolean) => `${n} ${idleOnly ? 'idle' : n === 1 ? 'thread' : 'threads'}`,

  // ---- the keep-alive clients the view holds (k) ----
  keepAliveOpening: (n: number) => `opening ${plural(n, 'idle keep-alive client')}...`,
  keepAliveHolding: (n: number, what: string) => `holding ${plural(n, 'idle keep-alive connection')}: ${what} (k lets go)`,
  keepAliveWhatEvent: 'parked, no thread each',
  keepAliveWhatThreaded: 'each holds a thread (K)',
  keepAliveWhatPrefork: 'each holds a process (K)',
  keepAliveReleased: 'keep-alive clients let go',
  keepAliveLetGo: (s: number) => `keep-alive clients let go after ${s} s (the server had not closed them)`,
  /** The server closed them: when, and why (httpd's KeepAliveTimeout). */
  keepAliveClosedByServer: (n: number, at: string, timeoutS: number) =>
    `${plural(n, 'idle keep-alive connection')} closed by the server at ${at}: idle for KeepAliveTimeout (${timeoutS} s)`,
  keepAliveSomeClosed: (closed: number, open: number, timeoutS: number | null) =>
    `${closed} closed by the server${timeoutS === null ? '' : ` (KeepAliveTimeout ${timeoutS} s)`}, ${open} still held (k lets go)`,
  keepAliveClosedOther: (n: number, at: string) => `${plural(n, 'idle keep-alive connection')} closed by the server at ${at}`,
  /** event, before KeepAliveTimeout, with no exit or restart to explain it. */
  keepAliveGivenUp: (n: number, at: string) =>
    `${plural(n, 'idle keep-alive connection')} closed by the server at ${at}, before KeepAliveTimeout: a process whose workers were all busy gave up its parked connections, so that their clients may go to another (as httpd's event does)`,
  keepAliveSomeGivenUp: (closed: number, open: number) =>
    `${closed} closed by the server (a process whose workers were all busy gave up its parked connections), ${open} still held (k lets go)`,

  // ---- lesson pane (layout words only; the lesson's words come from the session) ----
  lessonPaneTitle: (n: number, title: string) => `Lesson ${n}: ${title}`,
  lessonStep: (i: number, of: number) => `step ${i}/${of}`,
  lessonInputPrompt: 'Your answer: ',
  lessonInputHelp: '(type, Enter sends; Enter alone skips)',
  lessonKeysReady: 'Enter runs the experiment',
  lessonKeysObserved: 'Enter: next step   r: run again',
  lessonKeysRunning: 'running...',
  lessonKeysWatching: 'watching for your action; Enter: the lab does it instead',
  lessonKeysFinished: 'The lesson is over: q leaves, R starts it again.',
  lessonMore: (n: number) => `↓ ${n} more lines (PgDn)`,
  lessonAbove: (n: number) => `↑ ${n} above (PgUp)`,
  lessonNoLab: 'This step runs no lab.',
  lessonQuit: (n: number) => `mpm-lab: left lesson ${n}; your progress is kept (mpm-lab lesson ${n} resumes).\n`,
} as const;
