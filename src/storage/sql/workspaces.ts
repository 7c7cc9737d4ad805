// The workspace dictionary (`workspaces`: uuid ⇄ small integer key, docs/storage.md) and the cache
// of its keys that each event store keeps: a key never changes once created, so it is looked up
// once per process. Both backends resolve through `WorkspaceKeys`; only how a statement runs
// (synchronously on SQLite, awaited on PostgreSQL) is theirs.

/** The two statements, with the dialect's placeholder for the workspace id. */
export const workspaceSql = (placeholder: string) => ({
  create: `INSERT INTO workspaces (id) VALUES (${placeholder}) ON CONFLICT (id) DO NOTHING`,
  key: `SELECT key FROM workspaces WHERE id = ${placeholder}`,
});

export class WorkspaceKeys {
  readonly #keys = new Map<string, number>();

  /**
   * The workspace's key: created on first write (`create`), null on reads of an unknown one.
   * Synchronous when `lookup` is (SQLite), a promise when it is async (PostgreSQL).
   */
  resolve(id: string, create: boolean, lookup: { create(id: string): void; key(id: string): number | undefined }): number | null;
  resolve(
    id: string,
    create: boolean,
    lookup: { create(id: string): Promise<void>; key(id: string): Promise<number | undefined> },
  ): Promise<number | null> | number;
  resolve(
    id: string,
    create: boolean,
    lookup: { create(id: string): unknown; key(id: string): unknown },
  ): number | null | Promise<number | null> {
    const cached = this.#keys.get(id);
    if (cached !== undefined) return cached;
    const remember = (key: number | undefined): number | null => {
      if (key === undefined) return null;
      this.#keys.set(id, key);
      return key;
    };
    const created = create ? lookup.create(id) : undefined;
    if (created instanceof Promise) return created.then(() => lookup.key(id) as Promise<number | undefined>).then(remember);
    const key = lookup.key(id);
    return key instanceof Promise ? (key as Promise<number | undefined>).then(remember) : remember(key as number | undefined);
  }
}
