// The public face of Task Management: what other modules may import.
export { TasksService } from './application/tasks.service';
export type { CreateTaskInput, UpdateTaskInput } from './application/tasks.service';
export { TaskImportService, IMPORT_CHUNK } from './application/task-import.service';
export type { ExternalTaskBatch, ExternalTaskInput, ExternalTaskOutcome, RefusedBlock, RefusedTask } from './application/task-import.service';
export { ReadyQueueService } from './application/ready-queue.service';
export { AgentDirectory } from './application/agent-directory';
export type { Task } from './domain/task';
export { TASK_STATUSES, TASK_TYPES, PRIORITIES } from './domain/task.types';
export type { TaskStatus, TaskType, Priority, Assignee } from './domain/task.types';
export { TasksModule } from './tasks.module';
