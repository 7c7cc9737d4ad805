// A link by plain URL that still navigates inside the app: for another area's routes that this
// code does not import (their paths are typed only once registered), e.g. the automation editor.
// Modified clicks (new tab, new window) are left to the browser.

import { useRouter } from '@tanstack/react-router';
import type { AnchorHTMLAttributes } from 'react';

export function HrefLink({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const router = useRouter();
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        rest.onClick?.(e);
        if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) return;
        e.preventDefault();
        router.history.push(href);
      }}
    />
  );
}
