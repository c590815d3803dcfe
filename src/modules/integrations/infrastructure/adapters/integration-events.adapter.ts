import { Injectable } from '@nestjs/common';
import { EventLog } from '@switchyard/events';
import { IntegrationEvents, ObservedFact } from '../../application/ports';

@Injectable()
export class IntegrationEventsAdapter extends IntegrationEvents {
  constructor(private readonly log: EventLog) {
    super();
  }

  publish(event: Parameters<IntegrationEvents['publish']>[0]): Promise<void> {
    return this.log.publish({ ...event, source: 'integrations' });
  }

  react(types: readonly string[], reaction: (fact: ObservedFact) => Promise<void>): void {
    this.log.react(types, reaction);
  }
}
