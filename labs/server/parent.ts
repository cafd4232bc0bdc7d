// The parent process shared by the three models, as httpd's parent: it owns the listening
// socket, forks and reaps children, runs maintenance about once a second, and never serves a
// request. It also plays httpd's accept mutex: each accepted connection goes to one child
// that can take it now (real fd passing); the rest wait in order, served late, never refused.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { LabConfig, ResolvedConfig } from '../config/types.ts';
import { ErrorLog } from '../log/error-log.ts';
import type { LogLevel } from '../log/error-log.ts';
import { describeSignal } from '../log/signal-names.ts';
import { freshRetained } from '../maintenance/types.ts';
import type { Retained } from '../maintenance/types.ts';
import type { LabEvent, Mpm, MpmQuery, StartedLab } from '../mpm.ts';
import { createRunDir, removeRunDir, writeLabRecord } from '../run/run-dir.ts';
import { createToken } from '../run/token.ts';
import { forkChild } from '../runtime/fork-child.ts';
import { nameProcess } from '../runtime/process-name.ts';
import { roleExecutable } from '../runtime/role-executable.ts';
import { runtimeName } from '../runtime/runtime-name.ts';
import type { Header } from '../scoreboard/codec.ts';
import { ProcessTable, createScoreboardFile, readSnapshot, writeHeader } from '../scoreboard/file.ts';
import { QUIESCING } from '../scoreboard/types.ts';
import type { ScoreboardSnapshot } from '../scoreboard/types.ts';
import { AcceptMutex } from './accept-mutex.ts';
import { ChildHandle } from './child-handle.ts';
import { pipeChildOutput } from './child-output.ts';
import { lostConnectionsLine } from './connection-words.ts';
import type { ChildOptions, ToParent } from './messages.ts';
import type { ModelHooks } from './model-hooks.ts';
import { PARENT_COMM, childComm, parentTitle } from './role-names.ts';
import { configForRestart } from './restart-config.ts';
import { StartError, fileProblem, listenFailure, startFailure } from './start-error.ts';

export const MAINTENANCE_INTERVAL_MS = 1000;
const FULL = { t: 'full' } as const;
const KILL_GRACE_MS = 3000;

export interface ParentOptions {
  /** Where log lines go besides ErrorLog; null = nowhere (the UI shows events instead). */
  echo?: ((line: string) => void) | null;
  /**
   * 'log': what children print goes to the parent's log (the UI owns the terminal, and a
   * child writing to it would draw over the screen); 'inherit' (default): straight through.
   */
  childOutput?: 'inherit' | 'log';
}

export class Parent implements Mpm {
  readonly name;
  private resolved: ResolvedConfig;
  private server: net.Server | null = null;
  private readonly children = new Map<number, ChildHandle>(); // by slot
  private readonly leaving = new Set<ChildHandle>(); // old generations finishing up
  private readonly acceptMutex = new AcceptMutex({
    candidates: () => this.children.values(), // the current generation: a restart moves the old to `leaving`
    // In httpd every child's listener sees the listening socket readable; event's, when no
    // worker of its process is idle, then gives up its idle keep-alive connections so that
    // their clients can come back elsewhere. Tell the children once per wait, and those that
    // took some of the waiting connections while others still wait.
    onWait: (children) => {
      if (this.hooks.isAsync) for (const child of children ?? this.children.values()) child.tell(FULL);
    },
    listenBacklog: () => this.cfg.ListenBacklog,
    log: (text) => this.logLine('warn', text, undefined, 'core'),
  });
  private retained: Retained = freshRetained();
  private generation = 0;
  private state: MpmQuery['state'] = 'starting';
  private timer: NodeJS.Timeout | null = null;
  private sbFd = -1;
  private header!: Header;
  private table!: ProcessTable;
  private runDir = '';
  private token = '';
  private log!: ErrorLog;
  private remainingToStart = 0;
  private successiveKills = 0;
  private readonly listeners = new Set<(e: LabEvent) => void>();
  private resolveStopped!: () => void;
  readonly stopped: Promise<void>;
  private readonly startTime = Date.now();

  constructor(
    private readonly hooks: ModelHooks,
    resolved: ResolvedConfig,
    private readonly options: ParentOptions = {},
  ) {
    this.name = hooks.name;
    this.resolved = resolved;
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  private get cfg(): LabConfig {
    return this.resolved.config;
  }

  config(): LabConfig {
    return this.cfg;
  }

  onEvent(listener: (event: LabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: LabEvent): void {
    for (const l of this.listeners) l(event);
  }

  private logLine(level: LogLevel, text: string, code?: string, module?: string): void {
    this.log.write(level, text, code, module);
  }

  query(): MpmQuery {
    return {
      model: this.hooks.name,
      isThreaded: this.hooks.isThreaded,
      isAsync: this.hooks.isAsync,
      maxDaemons: this.hooks.daemonsLimit(this.cfg),
      threadsPerChild: this.hooks.threadsPerChild(this.cfg),
      maxRequestWorkers: this.cfg.MaxRequestWorkers,
      serverLimit: this.header?.serverLimit ?? this.cfg.ServerLimit,
      threadLimit: this.header?.threadLimit ?? this.hooks.threadLimit(this.cfg),
      generation: this.generation,
      state: this.state,
    };
  }

  scoreboard(): ScoreboardSnapshot {
    return readSnapshot(this.sbFd);
  }

  /**
   * Opens the log, listens, makes the run folder, forks the first children. A start that
   * fails part-way takes all of it back (children, run folder, pid file) before it throws.
   */
  async start(): Promise<StartedLab> {
    try {
      return await this.startServing();
    } catch (error) {
      await this.abandonStart();
      throw startFailure(error);
    }
  }

  private async startServing(): Promise<StartedLab> {
    const cfg = this.cfg;
    nameProcess(parentTitle(this.hooks.name), PARENT_COMM); // first: ps shows the role at once
    try {
      this.log = new ErrorLog(this.hooks.logModule, cfg.ErrorLog, this.options.echo === undefined ? undefined : this.options.echo);
    } catch (error) {
      throw new StartError(
        `AH00091: could not open error log file ${cfg.ErrorLog} (${fileProblem(error)}).\n  Create the folder, or point ErrorLog at a file you can write.`,
      );
    }
    const server = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(listenFailure(error, cfg.Listen.host, cfg.Listen.port)),
      );
      server.listen({ host: cfg.Listen.host, port: cfg.Listen.port, backlog: cfg.ListenBacklog, exclusive: true }, resolve);
    });
    server.on('error', (error) => this.logLine('error', `listener: ${error.message}`, 'AH00050', 'core'));
    server.on('connection', (socket) => this.acceptMutex.offer(socket));
    this.server = server;
    const port = (server.address() as net.AddressInfo).port;
    const host = cfg.Listen.host;

    this.runDir = createRunDir(port);
    const { token, file: tokenFile } = createToken(this.runDir);
    this.token = token;
    this.log.on((entry) => this.emit({ type: 'log', entry }));

    this.header = {
      model: this.hooks.name,
      serverLimit: cfg.ServerLimit,
      threadLimit: this.hooks.threadLimit(cfg),
      threadsPerChild: this.hooks.threadsPerChild(cfg),
      maxRequestWorkers: cfg.MaxRequestWorkers,
      generation: 0,
      startTime: this.startTime,
      restartTime: this.startTime,
    };
    const sbPath = path.join(this.runDir, 'scoreboard');
    this.sbFd = createScoreboardFile(sbPath, this.header);
    this.table = new ProcessTable(this.sbFd, this.header);

    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    writeLabRecord(this.runDir, {
      pid: process.pid,
      model: this.hooks.name,
      host,
      port,
      url,
      startedAt: this.startTime,
      scoreboard: sbPath,
      tokenFile,
      configFile: this.resolved.file,
      runtime: runtimeName(),
    });
    if (cfg.PidFile) {
      try {
        fs.writeFileSync(cfg.PidFile, `${process.pid}\n`);
        this.wrotePidFile = true;
      } catch (error) {
        throw new StartError(`AH00099: could not create ${cfg.PidFile} (${fileProblem(error)}).\n  Create the folder, or point PidFile at a file you can write.`);
      }
    }

    this.startupChildren(Math.min(cfg.StartServers, this.hooks.daemonsLimit(cfg)));
    this.timer = setInterval(() => this.maintain(), MAINTENANCE_INTERVAL_MS);
    this.setState('running');
    this.logLine('notice', `mpm-lab/0.1.0 (${this.hooks.name}) configured -- resuming normal operations`, 'AH00163');
    this.logLine('notice', `Listening on ${url} (parent pid ${process.pid}, ${runtimeName()})`, undefined, 'core');
    this.log.serving();
    return { url, host, port, pid: process.pid, token, runDir: this.runDir };
  }

  private wrotePidFile = false;

  /** Whatever a failed start had made goes, quietly: its log may be what failed. */
  private async abandonStart(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.state = 'stopping'; // children that exit now are not replaced
    this.server?.close();
    await this.killChildren([...this.children.values()]);
    if (this.wrotePidFile && this.cfg.PidFile) fs.rmSync(this.cfg.PidFile, { force: true });
    if (this.sbFd >= 0) fs.closeSync(this.sbFd);
    if (this.runDir) removeRunDir(this.runDir);
    this.log?.close();
    this.state = 'stopped';
  }

  private setState(state: MpmQuery['state']): void {
    this.state = state;
    this.emit({ type: 'state', time: Date.now(), state });
  }

  // ---- children --------------------------------------------------------------------------

  private freeSlots(): number[] {
    const free: number[] = [];
    const limit = this.hooks.daemonsLimit(this.cfg);
    const used = new Set<number>([...this.children.keys(), ...[...this.leaving].map((c) => c.slot)]);
    for (let i = 0; i < limit && i < this.header.serverLimit; i++) if (!used.has(i)) free.push(i);
    return free;
  }

  private startupChildren(count: number): void {
    for (const slot of this.freeSlots().slice(0, count)) this.makeChild(slot);
  }

  private makeChild(slot: number): void {
    if (this.children.has(slot) || this.state === 'stopping' || this.state === 'stopped') return;
    const options: ChildOptions = {
      model: this.hooks.name,
      slot,
      generation: this.generation,
      scoreboard: path.join(this.runDir, 'scoreboard'),
      token: this.token,
      config: this.cfg,
      busyWhileLeaving: this.hooks.busyWhileLeaving,
    };
    const toLog = this.options.childOutput === 'log';
    // argv holds only what the child names itself with: everyone can read it in /proc.
    // Started through a link named after its role: ps names it so before its JavaScript runs.
    const as = roleExecutable(path.join(this.runDir, 'bin'), childComm(this.hooks.name, slot));
    const proc = forkChild(this.hooks.childModule, [this.hooks.name, String(slot)], { ...process.env, MPM_LAB_PARENT: String(process.pid) }, toLog ? 'pipe' : 'inherit', as);
    const child = new ChildHandle(proc, slot, this.generation);
    child.tell({ t: 'options', options }); // the first message (labs/child/options.ts)
    if (toLog) pipeChildOutput(proc, (line) => this.logLine('warn', `child pid ${child.pid}: ${line}`, undefined, 'core'));
    this.children.set(slot, child);
    this.table.write(slot, {
      pid: child.pid,
      generation: this.generation,
      quiescing: QUIESCING.NO,
      notAccepting: 0,
      connections: 0,
      keepAlive: 0,
      closing: 0,
      writing: 0,
      waitIo: 0,
      startedAt: child.startedAt,
    });
    this.table.setStatus(slot, 'S', this.header.threadsPerChild);
    proc.on('message', (message: ToParent) => this.onChildMessage(child, message));
    proc.on('exit', (code, signal) => this.onChildExit(child, code, signal));
    proc.on('error', (error) => this.logLine('error', `child pid ${child.pid}: ${error.message}`, 'AH00059'));
    this.emit({ type: 'spawn', time: Date.now(), slot, pid: child.pid, generation: this.generation });
  }

  private onChildMessage(child: ChildHandle, message: ToParent): void {
    if (message.t === 'log') {
      this.log.write(message.level, message.text, message.code, message.module, child.pid);
      return;
    }
    switch (message.t) {
      case 'ready':
        child.limit = message.limit;
        child.ready();
        break;
      case 'd':
      case 'l':
        child.closed = message.closed;
        child.limit = message.limit;
        if (message.limit === 0) child.stopping = true;
        break;
      case 'r':
        child.received();
        return;
    }
    this.acceptMutex.drain();
  }

  private onChildExit(child: ChildHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const current = this.children.get(child.slot) === child;
    if (current) this.children.delete(child.slot);
    this.leaving.delete(child);
    const lost = child.inFlight;
    child.closeAfterExit(); // the connections still on their way to it: their clients see the close now
    if (signal && this.state !== 'stopping' && this.state !== 'stopped') {
      this.logLine('notice', `child pid ${child.pid} exit signal ${describeSignal(signal)}`, 'AH00052', 'core');
      if (lost > 0) this.logLine('notice', lostConnectionsLine(child.pid, lost), undefined, 'core');
    }
    // The slot is free again, in the scoreboard as in httpd (SERVER_DEAD for its threads).
    const record = this.table.read(child.slot);
    if (record.pid === child.pid) {
      this.table.write(child.slot, { ...record, pid: 0, quiescing: QUIESCING.NO, notAccepting: 0, connections: 0, keepAlive: 0, closing: 0, writing: 0, waitIo: 0 });
      this.table.setStatus(child.slot, '.', this.header.threadLimit);
    }
    this.emit({
      type: 'exit',
      time: Date.now(),
      slot: child.slot,
      pid: child.pid,
      code,
      signal,
      crashed: signal !== null && signal !== 'SIGTERM' && signal !== 'SIGKILL',
      lostConnections: signal ? lost : 0,
    });
    if (this.state === 'stopping' || this.state === 'stopped') {
      this.maybeFinishStop();
      return;
    }
    // A graceful restart replaces old children one for one as they leave.
    if (this.remainingToStart > 0 && !this.children.has(child.slot) && child.slot < this.hooks.daemonsLimit(this.cfg)) {
      this.remainingToStart--;
      this.makeChild(child.slot);
    } else if (signal && current) {
      // A child killed by a signal is restarted at once, up to three in a row (server_main_loop).
      if (++this.successiveKills >= 3) {
        if (this.successiveKills % 10 === 3) this.logLine('warn', 'children are killed successively!', 'AH10393');
      } else {
        this.makeChild(child.slot);
      }
    }
    this.acceptMutex.drain();
  }

  private maintain(): void {
    if (this.state !== 'running') return;
    this.successiveKills = 0;
    if (this.remainingToStart > 0) {
      this.startupChildren(this.remainingToStart);
      this.remainingToStart = 0;
      return;
    }
    const decision = this.hooks.maintain(this.scoreboard(), this.cfg, this.retained);
    this.retained = decision.retained;
    for (const line of decision.logs) this.logLine(line.level, line.text, line.code);
    for (const slot of decision.spawn) this.makeChild(slot);
    if (decision.stop !== null) {
      const child = this.children.get(decision.stop);
      if (child) this.askToLeave(child, QUIESCING.GRACEFUL);
    }
  }

  /** The pipe of death: the child finishes what it serves, then exits. */
  private askToLeave(child: ChildHandle, quiescing: number): void {
    child.stopping = true;
    child.tell({ t: 'stop' });
    if (this.table.read(child.slot).pid === child.pid) this.table.setQuiescing(child.slot, quiescing);
  }

  // ---- restart and stop ------------------------------------------------------------------

  async restart(options: { graceful: boolean; config?: ResolvedConfig }): Promise<void> {
    if (this.state !== 'running') return;
    if (options.config) this.adoptConfig(options.config);
    const old = [...this.children.values()];
    this.children.clear();
    this.generation++;
    this.retained = { ...freshRetained(), holdOffOnExponentialSpawning: options.graceful ? 10 : 0 };
    this.header = {
      ...this.header,
      maxRequestWorkers: this.cfg.MaxRequestWorkers,
      generation: this.generation,
      restartTime: Date.now(),
    };
    writeHeader(this.sbFd, this.header);
    if (options.graceful) {
      this.logLine('notice', 'Graceful restart requested, doing restart', 'AH00171');
      for (const child of old) {
        this.leaving.add(child);
        this.askToLeave(child, QUIESCING.GRACEFUL);
      }
      this.remainingToStart = Math.min(this.cfg.StartServers, this.hooks.daemonsLimit(this.cfg));
      const free = this.freeSlots().slice(0, this.remainingToStart);
      for (const slot of free) this.makeChild(slot);
      this.remainingToStart -= free.length;
    } else {
      this.logLine('notice', 'SIGHUP received.  Attempting to restart', 'AH00172');
      for (const child of old) this.leaving.add(child);
      await this.killChildren(old);
      this.startupChildren(Math.min(this.cfg.StartServers, this.hooks.daemonsLimit(this.cfg)));
    }
    this.logLine('notice', `mpm-lab/0.1.0 (${this.hooks.name}) configured -- resuming normal operations`, 'AH00163');
  }

  /** httpd keeps ServerLimit and ThreadLimit across restarts: the scoreboard is not resized. */
  private adoptConfig(next: ResolvedConfig): void {
    const { resolved, logs } = configForRestart(this.cfg, next);
    this.resolved = resolved;
    for (const line of logs) this.logLine('warn', line.text, line.code, 'core');
  }

  private killChildren(children: ChildHandle[]): Promise<void> {
    const alive = children.filter((c) => c.process.exitCode === null && c.process.signalCode === null);
    if (alive.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let left = alive.length;
      const done = () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      };
      for (const c of alive) {
        c.process.once('exit', done);
        c.process.kill('SIGTERM');
      }
      // ap_reclaim_child_processes: TERM first, KILL for the ones that do not listen, and
      // then go on regardless, so that a stop always ends.
      const timer = setTimeout(() => {
        for (const c of alive) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
        setTimeout(resolve, 1000);
      }, KILL_GRACE_MS);
    });
  }

  private stopPromise: Promise<void> | null = null;

  stop(options: { graceful?: boolean } = {}): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    this.stopPromise = this.doStop(options.graceful === true);
    return this.stopPromise;
  }

  private async doStop(graceful: boolean): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.server?.close();
    if (graceful) {
      this.logLine('notice', 'caught SIGWINCH, shutting down gracefully', 'AH00170');
      // Connections still waiting are served first; then every child finishes and leaves.
      await new Promise<void>((resolve) => {
        const check = () => (this.acceptMutex.waitingCount === 0 ? resolve() : setTimeout(check, 50));
        check();
      });
      this.setState('stopping');
      const all = [...this.children.values(), ...this.leaving];
      for (const child of all) this.askToLeave(child, QUIESCING.GRACEFUL);
      await new Promise<void>((resolve) => {
        this.finishStop = resolve;
        this.maybeFinishStop();
      });
    } else {
      this.setState('stopping');
      this.logLine('notice', 'caught SIGTERM, shutting down', 'AH00169');
      this.acceptMutex.dropWaiting();
      await this.killChildren([...this.children.values(), ...this.leaving]);
    }
    this.cleanup();
  }

  private finishStop: (() => void) | null = null;

  private maybeFinishStop(): void {
    if (this.finishStop && this.children.size === 0 && this.leaving.size === 0) {
      const f = this.finishStop;
      this.finishStop = null;
      f();
    }
  }

  private cleanup(): void {
    if (this.state === 'stopped') return;
    if (this.cfg.PidFile) fs.rmSync(this.cfg.PidFile, { force: true });
    try {
      fs.closeSync(this.sbFd);
    } catch {
      // already closed
    }
    removeRunDir(this.runDir);
    this.log.close();
    this.setState('stopped');
    this.resolveStopped();
  }
}
