export interface CheckoutRequest {
  cloneUrl: string;
  branch: string;
  /** A full or abbreviated commit; the branch head when absent. */
  commitSha: string | null;
}

export interface CheckedOutTree {
  root: string;
  /** The full SHA of the commit that was checked out. */
  commitSha: string;
  dispose(): Promise<void>;
}

/** Port: obtains a repository's tree at a commit in a private work folder (git in production). Throws AnalysisFailure. */
export abstract class SourceTree {
  abstract checkout(request: CheckoutRequest): Promise<CheckedOutTree>;
}
