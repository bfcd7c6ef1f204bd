/** Topic and group names carry the fleet's namespace (when set), so several fleets can share one broker. */
export function namespacedTopic(namespace: string, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}
