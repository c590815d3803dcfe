import { Injectable } from '@nestjs/common';
import { Platform } from '../domain/signatures';
import { PlatformProcessor, PlatformProcessors } from './delivery-processor';
import { GithubProcessor } from './github.processor';
import { LinearProcessor } from './linear.processor';
import { SlackProcessor } from './slack.processor';

@Injectable()
export class ProcessorRegistry extends PlatformProcessors {
  private readonly byPlatform: Record<Platform, PlatformProcessor>;

  constructor(github: GithubProcessor, linear: LinearProcessor, slack: SlackProcessor) {
    super();
    this.byPlatform = { github, linear, slack };
  }

  for(platform: Platform): PlatformProcessor {
    return this.byPlatform[platform];
  }
}
