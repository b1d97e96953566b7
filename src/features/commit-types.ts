// Plain data about commits as the miner reads them from git; the input of the pure metric code.

export type FileStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface FileChange {
  path: string; // new path (for renames: where the file is after the commit)
  oldPath: string | null; // set for renames and copies
  status: FileStatus;
  added: number; // 0 for binary files
  deleted: number;
  binary: boolean;
}

export interface RawCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorTime: number; // epoch ms
  committerTime: number; // epoch ms
  subject: string;
  message: string; // full message incl. subject
  files: FileChange[]; // empty for merges (git log shows no diff for them)
}
