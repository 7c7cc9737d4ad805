// What a refused save says that no field can show (a non-422 failure, an issue at a path the form
// has no field for), above the form.

interface Props {
  messages: string[];
  /** The area's class (what its focus handling and tests look for). */
  className: string;
  /** Focus may be moved here after a refusal, when no field is marked invalid. */
  focusable?: boolean;
}

export function NotSavedBanner({ messages, className, focusable }: Props) {
  if (messages.length === 0) return null;
  return (
    <div className={`form-banner ${className}`} role="alert" tabIndex={focusable ? -1 : undefined}>
      <strong>Not saved.</strong>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
