// A payload as a collapsible tree: objects and arrays are native <details> (keyboard and screen
// reader support for free), open for the first two levels; scalars are coloured by type.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Scalar({ value }: { value: Json }) {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-str">"{value}"</span>;
  if (typeof value === 'number') return <span className="j-num">{String(value)}</span>;
  return <span className="j-bool">{String(value)}</span>;
}

function Node({ name, value, depth }: { name: string | null; value: Json; depth: number }) {
  const key = name === null ? null : <span className="j-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        {key}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const brackets = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) {
    return (
      <li>
        {key}
        <span className="j-null">{Array.isArray(value) ? '[]' : '{}'}</span>
      </li>
    );
  }
  return (
    <li>
      <details open={depth < 2}>
        <summary>
          {key}
          <span className="j-meta">{brackets}</span>
        </summary>
        <ul>
          {entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <ul className="json-tree mono" aria-label={label}>
      <Node name={null} value={value as Json} depth={0} />
    </ul>
  );
}
