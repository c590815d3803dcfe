export * from './event.entity';
export * from './event-log';
export * from './events.module';
export * from './trace-context';
