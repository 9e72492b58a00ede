// The console's stream to the hub: the hub's JavaScript client (clients/js, served at
// /client/hub-client.js, docs/client.md) with the browser's hints to reconnect at once. Every view
// subscribes through it; each subscription resumes from its cursor after a reconnect, losing nothing.

import {HubClient} from '../client/hub-client.js';

/**
 * The console's HubClient: its base is the hub that served the console (also behind a proxy that
 * serves the hub under a path prefix), and it reconnects at once when the browser comes back online
 * or the tab becomes visible again.
 */
export class HubStream extends HubClient {
  constructor() {
    super({url: new URL('../', import.meta.url).href});
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
  }
}
