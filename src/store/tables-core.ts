// Tables of the git miner: repositories, commits with their per-commit metrics, and touched files.
// Times are UTC epoch milliseconds.

export interface RepoTable {
  id: number | undefined; // autoincrement
  path: string; // real path of the work tree
  head_sha: string | null; // last mined HEAD
  mined_at: number | null;
  commit_count: number;
}

export interface CommitTable {
  repo_id: number;
  sha: string;
  seq: number; // position in the mined topological order, 0 = oldest
  parents: string; // space separated
  author_name: string;
  author_email: string;
  author_time: number;
  committer_time: number;
  subject: string;
  message: string;
  is_merge: number;
  // Kamei metrics; null on merges (excluded from change metrics)
  ns: number | null;
  nd: number | null;
  nf: number | null;
  entropy: number | null;
  la: number | null;
  ld: number | null;
  lt: number | null;
  fix: number | null;
  ndev: number | null;
  age: number | null;
  nuc: number | null;
  exp: number | null;
  rexp: number | null;
  sexp: number | null;
}

export interface CommitFileTable {
  repo_id: number;
  sha: string;
  path: string;
  old_path: string | null;
  status: string; // A M D R (first letter of git's status)
  added: number;
  deleted: number;
  binary: number;
  lines_before: number; // lines of the file before this commit (at the old path for renames)
}
