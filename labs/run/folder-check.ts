// Whether a folder in a shared place can be trusted with the lab's token and scoreboard, as
// OpenSSH and tmux decide it for theirs: a real folder (not a symbolic link), owned by this
// user, that no group or other user may enter. Pure: the facts come from lstat, given.
export interface FolderFacts {
  isSymbolicLink: boolean;
  isDirectory: boolean;
  uid: number;
  mode: number; // st_mode
  linkTarget?: string; // where a symbolic link points, for the message
}

export type FolderProblem =
  | { kind: 'symlink'; target?: string }
  | { kind: 'not-a-folder' }
  | { kind: 'other-owner'; owner: number }
  | { kind: 'open-mode'; mode: number };

/** What is wrong with the folder for user `uid`, or null when it is safe. */
export function folderProblem(facts: FolderFacts, uid: number): FolderProblem | null {
  if (facts.isSymbolicLink) return { kind: 'symlink', target: facts.linkTarget };
  if (!facts.isDirectory) return { kind: 'not-a-folder' };
  if (facts.uid !== uid) return { kind: 'other-owner', owner: facts.uid };
  if ((facts.mode & 0o077) !== 0) return { kind: 'open-mode', mode: facts.mode & 0o7777 };
  return null;
}
