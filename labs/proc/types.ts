// What `mpm-lab ps` needs to know about a process, read from Linux's /proc.

export interface ThreadInfo {
  tid: number;
  comm: string; // /proc/PID/task/TID/comm: the thread's name (ps -L -o comm)
  state: string; // R running, S sleeping, D disk wait, Z zombie, T stopped...
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string; // /proc/PID/comm, as `ps -o comm` shows it (15 characters at most)
  title: string; // /proc/PID/cmdline joined by spaces, as `ps -ef` shows it; "[comm]" when empty
  state: string;
  rssBytes: number; // resident set size
  threads: ThreadInfo[]; // every task, the main thread (tid = pid) included
  startTime: number; // ms since boot (stat field 22 in clock ticks, at USER_HZ = 100)
}

/** The fields of /proc/PID/stat that the lab uses. */
export interface StatFields {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  startTicks: number; // field 22, clock ticks since boot
}
