import { Page } from '@switchyard/core';
import { Delivery, DeliveryStatus } from '../domain/delivery';
import { Platform } from '../domain/signatures';

export interface NewDelivery {
  id: string;
  integrationId: string;
  platform: Platform;
  event: string;
  dedupKey: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A delivery with what its processor reads. */
export interface StoredDelivery extends Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

/** A delivery's address: the table is partitioned by receipt time, which is part of its key. */
export interface DeliveryRef {
  deliveryId: string;
  receivedAt: string;
}

export interface DeliveryHealth {
  deliveries: number;
  processed: number;
  failed: number;
  dead: number;
  pending: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
}

export abstract class DeliveryRepository {
  /** Records the delivery and its dedup key in one statement; a known key answers the first delivery, `duplicate: true`. */
  abstract accept(delivery: NewDelivery): Promise<{ deliveryId: string; receivedAt: Date; duplicate: boolean; status: string }>;
  abstract load(ref: DeliveryRef): Promise<StoredDelivery | undefined>;
  abstract find(integrationId: string, id: string): Promise<Delivery | undefined>;
  abstract list(integrationId: string, query: { limit: number; cursor?: string; status?: DeliveryStatus[] }): Promise<Page<Delivery>>;
  /** Ends one processing attempt (counted): processed, ignored, or failed with its error. */
  abstract finish(ref: DeliveryRef, status: DeliveryStatus, outcome: Record<string, unknown> | null, error: string | null): Promise<void>;
  abstract requeue(ref: DeliveryRef, jobId: string): Promise<void>;
  abstract deadBetween(integrationId: string, from: Date, to: Date, limit: number): Promise<DeliveryRef[]>;
  abstract health(integrationId: string, since: Date): Promise<DeliveryHealth>;
  /** Of these dedup keys, the ones recorded and processed (or ignored) for the integration. */
  abstract settledKeys(integrationId: string, keys: string[]): Promise<Map<string, DeliveryRef & { status: string }>>;
}
