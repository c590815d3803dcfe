// The public face of Analytics & Learning. Other modules publish facts through @switchyard/events and never import this module.
export { AnalyticsModule } from './analytics.module';
