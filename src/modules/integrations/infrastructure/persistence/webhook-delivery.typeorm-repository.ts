import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { DeliveryHealth, DeliveryRef, DeliveryRepository, NewDelivery, StoredDelivery } from '../../application/delivery.repository';
import { Delivery, DeliveryStatus } from '../../domain/delivery';
import { Platform } from '../../domain/signatures';
import {
  ACCEPT_DELIVERY,
  DEAD_BETWEEN,
  DELIVERY_HEALTH,
  FIND_DELIVERY,
  FIND_DELIVERY_BY_KEY,
  FINISH_DELIVERY,
  LIST_DELIVERIES,
  LOAD_DELIVERY,
  REQUEUE_DELIVERY,
  SETTLED_KEYS,
} from './webhook-delivery.sql';

interface DeliveryRow {
  id: string;
  integration_id: string;
  platform: string;
  event: string;
  dedup_key: string;
  status: string;
  attempts: number;
  error: string | null;
  outcome: Record<string, unknown> | null;
  received_at: Date;
  processed_at: Date | null;
  cursor_at: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/**
 * Deliveries in SQL only where it pays: acceptance is one statement (key claim + insert, the hot
 * path of every webhook), and every other statement names the full key, partition column included.
 */
@Injectable()
export class WebhookDeliveryTypeormRepository extends DeliveryRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  async accept(delivery: NewDelivery): Promise<{ deliveryId: string; receivedAt: Date; duplicate: boolean; status: string }> {
    const params = [this.org, delivery.integrationId, delivery.dedupKey, delivery.id, delivery.platform, delivery.event, delivery.headers, delivery.body];
    let [row] = await this.transaction.query<{ delivery_id: string; received_at: Date; status: string; duplicate: boolean }>(ACCEPT_DELIVERY, params);
    row ??= (await this.transaction.query<typeof row>(FIND_DELIVERY_BY_KEY, [this.org, delivery.integrationId, delivery.dedupKey]))[0];
    return { deliveryId: row.delivery_id, receivedAt: row.received_at, duplicate: row.duplicate, status: row.status };
  }

  async load(ref: DeliveryRef): Promise<StoredDelivery | undefined> {
    const [row] = await this.transaction.query<DeliveryRow>(LOAD_DELIVERY, [this.org, ref.deliveryId, ref.receivedAt]);
    return row ? { ...toDelivery(row), headers: row.headers ?? {}, body: row.body ?? Buffer.alloc(0) } : undefined;
  }

  async find(integrationId: string, id: string): Promise<Delivery | undefined> {
    const [row] = await this.transaction.query<DeliveryRow>(FIND_DELIVERY, [this.org, integrationId, id]);
    return row ? toDelivery(row) : undefined;
  }

  async list(integrationId: string, query: { limit: number; cursor?: string; status?: DeliveryStatus[] }): Promise<Page<Delivery>> {
    const [cursorAt, cursorId] = query.cursor ? decodeCursor(query.cursor, 2) : [null, null];
    const rows = await this.transaction.query<DeliveryRow>(LIST_DELIVERIES, [
      this.org,
      integrationId,
      query.status?.length ? query.status : null,
      cursorAt,
      cursorId,
      query.limit + 1,
    ]);
    const page = toPage(rows, query.limit, (last) => [last.cursor_at, last.id]);
    return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
  }

  async finish(ref: DeliveryRef, status: DeliveryStatus, outcome: Record<string, unknown> | null, error: string | null): Promise<void> {
    await this.transaction.query(FINISH_DELIVERY, [this.org, ref.deliveryId, ref.receivedAt, status, outcome, error]);
  }

  async requeue(ref: DeliveryRef, jobId: string): Promise<void> {
    await this.transaction.query(REQUEUE_DELIVERY, [this.org, ref.deliveryId, ref.receivedAt, jobId]);
  }

  async deadBetween(integrationId: string, from: Date, to: Date, limit: number): Promise<DeliveryRef[]> {
    const rows = await this.transaction.query<{ delivery_id: string; received_at: Date }>(DEAD_BETWEEN, [this.org, integrationId, from, to, limit]);
    return rows.map((row) => ({ deliveryId: row.delivery_id, receivedAt: row.received_at.toISOString() }));
  }

  async health(integrationId: string, since: Date): Promise<DeliveryHealth> {
    const [row] = await this.transaction.query<Record<string, number | null>>(DELIVERY_HEALTH, [this.org, integrationId, since]);
    const ms = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));
    return {
      deliveries: Number(row.deliveries),
      processed: Number(row.processed),
      failed: Number(row.failed),
      dead: Number(row.dead),
      pending: Number(row.pending),
      lagP50Ms: ms(row.lag_p50),
      lagP99Ms: ms(row.lag_p99),
      lagMaxMs: ms(row.lag_max),
    };
  }

  async settledKeys(integrationId: string, keys: string[]): Promise<Map<string, DeliveryRef & { status: string }>> {
    if (keys.length === 0) return new Map();
    const rows = await this.transaction.query<{ dedup_key: string; delivery_id: string; received_at: Date; status: string }>(SETTLED_KEYS, [
      this.org,
      integrationId,
      keys,
    ]);
    return new Map(rows.map((row) => [row.dedup_key, { deliveryId: row.delivery_id, receivedAt: row.received_at.toISOString(), status: row.status }]));
  }
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    integrationId: row.integration_id,
    platform: row.platform as Platform,
    event: row.event,
    dedupKey: row.dedup_key,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    error: row.error,
    outcome: row.outcome,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
  };
}
