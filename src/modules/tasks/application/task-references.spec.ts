import { DomainError } from '@switchyard/core';
import { TASKS } from '../domain/task.errors';
import { InMemoryTaskRepository, InMemoryWorkflowRepository, membersOf, projectsOf } from './in-memory-ports.fake';
import { AgentDirectory, AgentDirectoryRegistry } from './agent-directory';
import { TaskReferences, WorkflowPlacement } from './task-references';

const NONE: WorkflowPlacement = { workflowId: null, phaseId: null };

function setup(members = membersOf(['alice'])) {
  const tasks = new InMemoryTaskRepository();
  const workflows = new InMemoryWorkflowRepository();
  workflows.add('w1', 'p1', ['w1-a', 'w1-b']);
  workflows.add('w2', 'p1', ['w2-a']);
  workflows.add('other', 'p2', ['other-a']);
  const agents = new AgentDirectoryRegistry();
  agents.register(
    new (class extends AgentDirectory {
      isActiveAgent = (id: string) => Promise.resolve(id === 'bot');
    })(),
  );
  const check = new TaskReferences(projectsOf('p1', 'p2'), members, tasks, workflows, agents).session();
  return { tasks, workflows, check };
}

const codeOf = (answer: unknown) => (answer instanceof DomainError ? answer.code : answer);

describe('TaskReferences: assignee', () => {
  it('accepts a member and an active agent of the organization (asked of the agent directory)', async () => {
    const { check } = setup();
    expect(await check.assignee({ type: 'user', id: 'alice' })).toBeUndefined();
    expect(await check.assignee({ type: 'agent', id: 'bot' })).toBeUndefined();
    expect(await check.assignee(null)).toBeUndefined();
  });

  it('refuses an agent the directory does not know or that is inactive', async () => {
    const { check } = setup();
    const answer = await check.assignee({ type: 'agent', id: 'ghost' });
    expect(codeOf(answer)).toBe(TASKS.AGENT_NOT_AVAILABLE.code);
    expect((answer as DomainError).details).toEqual({ field: 'assignee', id: 'ghost' });
  });

  it('refuses every agent when no agents module provides a directory', async () => {
    const check = new TaskReferences(
      projectsOf('p1'),
      membersOf([]),
      new InMemoryTaskRepository(),
      new InMemoryWorkflowRepository(),
      new AgentDirectoryRegistry(),
    ).session();
    expect(codeOf(await check.assignee({ type: 'agent', id: 'bot' }))).toBe(TASKS.AGENT_NOT_AVAILABLE.code);
  });

  it('answers "not a member" for a user who is not one, naming the field', async () => {
    const { check } = setup();
    const answer = await check.assignee({ type: 'user', id: 'bob' }, 'reporterId');
    expect(codeOf(answer)).toBe(TASKS.NOT_A_MEMBER.code);
    expect((answer as DomainError).details).toEqual({ field: 'reporterId', id: 'bob' });
  });

  it('lets a database failure propagate instead of reporting "not a member" (no 422 for an outage)', async () => {
    const outage = new Error('connection terminated unexpectedly');
    const { check } = setup(membersOf(['alice'], outage));
    await expect(check.assignee({ type: 'user', id: 'alice' })).rejects.toBe(outage);
  });

  it('lets any other domain error propagate too: only the member lookup\'s "not found" means "not a member"', async () => {
    const other = new DomainError(TASKS.TASK_NOT_FOUND, 'unrelated');
    const { check } = setup(membersOf([], other));
    await expect(check.assignee({ type: 'user', id: 'alice' })).rejects.toBe(other);
  });

  it('asks once per user within a session', async () => {
    let asked = 0;
    const members = membersOf(['alice']);
    const counting = { get: (id: string) => ((asked += 1), members.get(id)) } as typeof members;
    const { check } = setup(counting);
    await Promise.all([check.assignee({ type: 'user', id: 'alice' }), check.assignee({ type: 'user', id: 'alice' })]);
    expect(asked).toBe(1);
  });
});

describe('TaskReferences: project and parent', () => {
  it('knows projects of the organization only', async () => {
    const { check } = setup();
    expect(await check.project('p1')).toBeUndefined();
    expect(codeOf(await check.project('elsewhere'))).toBe('PROJECTS.PROJECT_NOT_FOUND');
  });

  it('wants a live parent of the same project', async () => {
    const { check, tasks } = setup();
    tasks.add({ id: 'live', projectId: 'p1' });
    tasks.add({ id: 'gone', projectId: 'p1', deletedAt: new Date() });
    tasks.add({ id: 'there', projectId: 'p2' });
    expect(await check.parent('p1', 'live')).toBeUndefined();
    expect(codeOf(await check.parent('p1', 'gone'))).toBe(TASKS.DELETED.code);
    expect(codeOf(await check.parent('p1', 'there'))).toBe(TASKS.PARENT_NOT_FOUND.code);
    expect(codeOf(await check.parent('p1', 'unknown'))).toBe(TASKS.PARENT_NOT_FOUND.code);
  });
});

describe('TaskReferences.placement', () => {
  it.each<[string, WorkflowPlacement, Partial<WorkflowPlacement>, WorkflowPlacement]>([
    ['nothing asked, nothing placed', NONE, {}, NONE],
    ['a workflow without a phase', NONE, { workflowId: 'w1' }, { workflowId: 'w1', phaseId: null }],
    ['a workflow and one of its phases', NONE, { workflowId: 'w1', phaseId: 'w1-b' }, { workflowId: 'w1', phaseId: 'w1-b' }],
    ['a phase alone implies its workflow', NONE, { phaseId: 'w2-a' }, { workflowId: 'w2', phaseId: 'w2-a' }],
    ['no change keeps the place', { workflowId: 'w1', phaseId: 'w1-a' }, {}, { workflowId: 'w1', phaseId: 'w1-a' }],
    ['the same workflow again keeps the phase', { workflowId: 'w1', phaseId: 'w1-a' }, { workflowId: 'w1' }, { workflowId: 'w1', phaseId: 'w1-a' }],
    ['another workflow clears the phase', { workflowId: 'w1', phaseId: 'w1-a' }, { workflowId: 'w2' }, { workflowId: 'w2', phaseId: null }],
    ['a new phase in the current workflow', { workflowId: 'w1', phaseId: 'w1-a' }, { phaseId: 'w1-b' }, { workflowId: 'w1', phaseId: 'w1-b' }],
    ['null detaches from the workflow and its phase', { workflowId: 'w1', phaseId: 'w1-a' }, { workflowId: null }, NONE],
    ['a null phase keeps the workflow', { workflowId: 'w1', phaseId: 'w1-a' }, { phaseId: null }, { workflowId: 'w1', phaseId: null }],
  ])('%s', async (_name, current, change, expected) => {
    const { check } = setup();
    expect(await check.placement('p1', current, change)).toEqual(expected);
  });

  it.each<[string, WorkflowPlacement, Partial<WorkflowPlacement>, string]>([
    ['an unknown workflow', NONE, { workflowId: 'nope' }, TASKS.WORKFLOW_NOT_FOUND.code],
    ['an unknown phase without a workflow', NONE, { phaseId: 'nope' }, TASKS.PHASE_NOT_FOUND.code],
    ["another project's workflow", NONE, { workflowId: 'other' }, TASKS.WORKFLOW_MISMATCH.code],
    ['a phase of another workflow', NONE, { workflowId: 'w1', phaseId: 'w2-a' }, TASKS.WORKFLOW_MISMATCH.code],
    ['a phase of another workflow than the current one', { workflowId: 'w1', phaseId: null }, { phaseId: 'w2-a' }, TASKS.WORKFLOW_MISMATCH.code],
  ])('refuses %s', async (_name, current, change, code) => {
    const { check } = setup();
    expect(codeOf(await check.placement('p1', current, change))).toBe(code);
  });

  it('reads each workflow once per session', async () => {
    const { check, workflows } = setup();
    await check.placement('p1', NONE, { workflowId: 'w1' });
    await check.placement('p1', NONE, { workflowId: 'w1', phaseId: 'w1-a' });
    expect(workflows.findByIdCalls).toBe(1);
  });
});
