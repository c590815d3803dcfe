import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { ApiPageResponse, ApiProblems } from '@switchyard/http';
import { EventsService } from '../../application/events.service';
import { EventListQuery, EventResponse } from './events.dto';

@ApiTags('Events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'The event log: by correlation id, trace id, entity, task or type; newest first',
    description:
      'Notable facts every module publishes (task completed, run finished, delivery processed, anomaly raised...). A W3C `traceparent` sent with a request is kept, and carried into the jobs and outbound calls it causes: one trace id finds everything one action caused.',
  })
  @ApiPageResponse(EventResponse)
  @ApiProblems('400', '422')
  list(@Query() query: EventListQuery) {
    return this.events.find(query);
  }
}
