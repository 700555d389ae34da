/** The installed uAPI headers (/usr/include/linux, Linux 6.1 here) as a test corpus. */
import { readdirSync } from 'node:fs';

/** Every `every`-th header of /usr/include/linux, by name, sorted: a fixed sample of the corpus. */
export function installedUapiHeaders(every = 1): string[] {
  return readdirSync('/usr/include/linux')
    .filter((n) => n.endsWith('.h'))
    .sort()
    .filter((_n, i) => i % every === 0);
}
