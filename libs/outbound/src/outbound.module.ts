import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { outboundConfig } from './outbound.config';
import { OutboundGate } from './outbound-gate';
import { OutboundHttp } from './outbound-http';

/** Provides the gate and its HTTP client to every module (inject OutboundGate / OutboundHttp). */
@Global()
@Module({
  providers: [
    {
      provide: OutboundGate,
      useFactory: (config: ConfigType<typeof outboundConfig>) => new OutboundGate({ allowedHosts: config.allowedHosts }),
      inject: [outboundConfig.KEY],
    },
    { provide: OutboundHttp, useFactory: (gate: OutboundGate) => new OutboundHttp(gate), inject: [OutboundGate] },
  ],
  exports: [OutboundGate, OutboundHttp],
})
export class OutboundModule {}
