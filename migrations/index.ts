import { PlatformFoundation1732240000000 } from './1732240000000-PlatformFoundation';

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const ALL_MIGRATIONS = [PlatformFoundation1732240000000];
