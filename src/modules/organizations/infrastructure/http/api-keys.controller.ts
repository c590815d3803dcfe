import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent, PageQuery } from '@switchyard/http';
import { ApiKey } from '../../application/api-key.repository';
import { ApiKeysService } from '../../application/api-keys.service';
import { AuditLogItem, AuditLogReader } from '../../application/audit-log.reader';
import { ApiKeyResponse, AuditLogQuery, AuditLogResponse, CreatedApiKeyResponse, CreateApiKeyRequest } from './members.dto';

@ApiTags('API keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Create an API key', description: 'The secret is in the response only; it is stored hashed.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiProblems('400', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyRequest): Promise<CreatedApiKeyResponse> {
    return this.keys.create(actor, body.name, body.role, body.expiresAt);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiPageResponse(ApiKeyResponse)
  @ApiProblems('400')
  list(@Query() query: PageQuery): Promise<Page<ApiKey>> {
    return this.keys.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke an API key (takes effect at once)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('400', '404')
  revoke(@IdParam() id: string): Promise<void> {
    return this.keys.revoke(id);
  }
}

@ApiTags('Audit log')
@Controller('v1/audit-logs')
export class AuditLogsController {
  constructor(private readonly reader: AuditLogReader) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit entries, newest first', description: 'Every create, update and delete of a record of the organization.' })
  @ApiPageResponse(AuditLogResponse)
  @ApiProblems('400')
  list(@Query() query: AuditLogQuery): Promise<Page<AuditLogItem>> {
    return this.reader.list(query);
  }
}
