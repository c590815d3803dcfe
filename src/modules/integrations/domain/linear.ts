/** Linear's issue vocabulary mapped to tasks (Linear's documented priority numbers and workflow state types). */
const STATUS_OF_STATE_TYPE: Record<string, string> = {
  triage: 'backlog',
  backlog: 'backlog',
  unstarted: 'todo',
  started: 'in_progress',
  completed: 'done',
  canceled: 'cancelled',
};
const PRIORITY_OF_NUMBER = ['none', 'urgent', 'high', 'medium', 'low'];

export interface IssueState {
  title: string;
  description: string;
  status: string | undefined;
  priority: string | undefined;
}

/** An issue as Linear's webhook `data` describes it, in task terms. */
export function issueState(data: Record<string, any>): IssueState {
  return {
    title: typeof data.title === 'string' ? data.title.slice(0, 500) : '',
    description: typeof data.description === 'string' ? data.description : '',
    status: STATUS_OF_STATE_TYPE[data.state?.type as string],
    priority: typeof data.priority === 'number' ? PRIORITY_OF_NUMBER[data.priority] : undefined,
  };
}

/** A task's fields in Linear's issue input (IssueUpdateInput). */
export function issueInput(task: { title: string; description: string; priority: string }): Record<string, unknown> {
  const priority = PRIORITY_OF_NUMBER.indexOf(task.priority);
  return { title: task.title, description: task.description, ...(priority >= 0 ? { priority } : {}) };
}

/** What both sides compare to recognise an echo: the same fields, in one order. */
export function fingerprintParts(state: { title: string; description: string; priority: string | undefined; status: string | undefined }): string {
  return JSON.stringify([state.title, state.description, state.priority ?? null, state.status ?? null]);
}
