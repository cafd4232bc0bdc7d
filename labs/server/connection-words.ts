// What the parent says when it closes connections itself: those a dying child took with it,
// and those beyond ListenBacklog. One place for these words (log lines and the 503 text).

const connections = (n: number) => `${n} connection${n === 1 ? '' : 's'}`;

/** Logged next to AH00052. */
export function lostConnectionsLine(pid: number, lost: number): string {
  return `${connections(lost)} lost with child pid ${pid}: closed at once, as when an httpd child dies`;
}

/** The header (and the reason in it) that tells a client why the lab closed its connection. */
export const LAB_CLOSED_HEADER = 'X-Lab-Closed';

export function backlogReason(listenBacklog: number): string {
  return `backlog full (ListenBacklog ${listenBacklog})`;
}

/** The first connection closed while the backlog is full. */
export function backlogFullLine(listenBacklog: number): string {
  return (
    `${backlogReason(listenBacklog)}: ${connections(listenBacklog)} wait for a free child, so new ones are answered 503 and closed at once. ` +
    `httpd's kernel would leave them unanswered in its full listen backlog; the lab cannot stop accepting without closing its listening socket.`
  );
}

/** About once a second while it lasts. */
export function backlogClosedLine(closed: number, listenBacklog: number): string {
  return `${closed} more connection${closed === 1 ? '' : 's'} closed at once: backlog full (ListenBacklog ${listenBacklog})`;
}

/** The body of the 503 the lab writes before it closes such a connection. */
export function backlogBody(listenBacklog: number): string {
  return (
    `closed by the lab: ${backlogReason(listenBacklog)}. ${listenBacklog} connections already wait for a free child. ` +
    `httpd's kernel would leave this one unanswered in its full listen backlog; the lab cannot stop accepting ` +
    `without closing its listening socket, so it answers and closes.\n`
  );
}
