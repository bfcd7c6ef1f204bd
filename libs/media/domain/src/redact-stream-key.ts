/** What replaces a stream key in anything written out. */
export const REDACTED = '[redacted]';

/**
 * A log line with the stream keys taken out: the stream name under the publishing application
 * (`/<app>/<key>`, also as `streamPath=/<app>/<key>` or `rtmp://host/<app>/<key>`) and
 * node-media-server's `name=<whatever the client sent>`. Stream paths of other applications (the
 * public `/room/<room id>`) stay readable.
 */
export function redactStreamKeys(line: string, publishApp: string): string {
  const app = publishApp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return line.replace(new RegExp(`/${app}/[^\\s,;:'"]+`, 'g'), `/${publishApp}/${REDACTED}`).replace(/\bname=.*$/, `name=${REDACTED}`);
}
