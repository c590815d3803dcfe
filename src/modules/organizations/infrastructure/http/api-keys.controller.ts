import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent, PageQuery } from '@switchyard/http';
import { ApiKey } from '../../application/api-key.repository';
import { ApiKeysService } from '../../application/api-keys.service';
import { AuditLogItem, AuditLogReader } from '../../application/audit-log.reader';
import { ApiKeyResponse, AuditLogQuery, AuditLogResponse, CreatedApiKeyResponse, CreateApiKeyRequest, ReassignApiKeyRequest } from './members.dto';

@ApiTags('API keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The secret is in the response only; it is stored hashed. The key records its creator (you, or the creator of the calling key), carries at most your role, and is revoked when its creator leaves or is demoted below it.',
  })
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

  @Put(':id/creator')
  @Roles('owner')
  @ApiOperation({
    summary: 'Hand an API key to another creator',
    description: "Before removing or demoting a member, an owner may keep their keys alive by handing them to another member whose role covers the key's.",
  })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiProblems('400', '404', '422')
  reassign(@IdParam() id: string, @Body() body: ReassignApiKeyRequest): Promise<ApiKey> {
    return this.keys.reassign(id, body.createdBy);
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
