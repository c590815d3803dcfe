import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations';
import { ProjectsModule } from '../projects';
import { TasksModule } from '../tasks';
import { ImportRepository } from './application/import.repository';
import { ImportsService } from './application/imports.service';
import { ExternalTaskWriter, ImportAuthority, ImportQueue, ProjectCatalog } from './application/ports';
import { TasksFileImporter } from './application/tasks-file-importer';
import { JobImportQueue, OrganizationImportAuthority, ProjectDirectoryCatalog, TaskImportWriter } from './infrastructure/adapters';
import { ImportCommand } from './infrastructure/cli/import.command';
import { ImportBodyLimit } from './infrastructure/http/import-body-limit';
import { ImportsController } from './infrastructure/http/imports.controller';
import { ImportExecution, ImportJob, ImportProgressBoard } from './infrastructure/jobs/import.job';
import { ImportEntity } from './infrastructure/persistence/import.entity';
import { ImportTypeormRepository } from './infrastructure/persistence/import.typeorm-repository';

/** SPEC §2.8: imports of a file-based store (tasks.json), by the CLI (npm run import) or POST /v1/imports. */
@Module({
  imports: [OrganizationsModule, ProjectsModule, TasksModule, TypeOrmModule.forFeature([ImportEntity])],
  controllers: [ImportsController],
  providers: [
    ImportsService,
    TasksFileImporter,
    ImportExecution,
    ImportJob,
    ImportProgressBoard,
    ImportBodyLimit,
    ImportCommand,
    { provide: ImportRepository, useClass: ImportTypeormRepository },
    { provide: ProjectCatalog, useClass: ProjectDirectoryCatalog },
    { provide: ExternalTaskWriter, useClass: TaskImportWriter },
    { provide: ImportQueue, useClass: JobImportQueue },
    { provide: ImportAuthority, useClass: OrganizationImportAuthority },
  ],
  exports: [ImportExecution, ImportCommand],
})
export class ImportsModule {}
