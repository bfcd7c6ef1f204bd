import type { ComponentChildren } from 'preact';
import { useServices } from '../context';

/** An in-app link: a real <a> (middle-click, copy link and keyboard work) that navigates without reloading. */
export function Link({ href, children, class: className, label }: { href: string; children: ComponentChildren; class?: string; label?: string }) {
  const { navigate } = useServices();
  return (
    <a
      href={href}
      class={className}
      aria-label={label}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
