// A resource's labels as a definition list, monospace (ids and label names are read character by character).

export function Labels({ resource, label }: { resource: Record<string, string>; label?: string }) {
  return (
    <dl className="labels" aria-label={label}>
      {Object.entries(resource).map(([k, v]) => (
        <div key={k}>
          <dt className="mono">{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
