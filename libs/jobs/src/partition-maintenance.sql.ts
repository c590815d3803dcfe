/**
 * partition_maintain() is SECURITY DEFINER (migration PartitionsAndEvents): it creates and drops
 * partitions and deletes across every organization, which no tenant transaction could.
 */
export const PARTITION_MAINTAIN_SQL = `select table_name, created, dropped, deleted from partition_maintain()`;

export interface PartitionMaintenanceRow {
  table_name: string;
  created: number;
  dropped: number;
  deleted: string;
}
