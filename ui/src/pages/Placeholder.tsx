// Pages not built yet say so plainly, with what they will do and where to do it meanwhile.
import { Link } from '@tanstack/react-router';

export function Placeholder({ title, what }: { title: string; what: string }) {
  return (
    <section className="page narrow">
      <h1>{title}</h1>
      <p>
        Coming next: this page will {what}. Until then, use the API (<a href="/docs">/docs</a>) or the <code>herald</code> CLI.
      </p>
    </section>
  );
}

export function NotFound() {
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to the <Link to="/events">event feed</Link>.
      </p>
    </section>
  );
}
