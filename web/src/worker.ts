/** The explorer's Web Worker: the library runs here, so the page never freezes. */
import type { Reply, Request } from "../../src/web/protocol.js";
import { createWorkerCore } from "../../src/web/workerCore.js";

/** The part of the worker global used here (lib DOM has no DedicatedWorkerGlobalScope). */
interface WorkerScope {
  postMessage(message: Reply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<Request>) => void) | null;
}
// this file runs as a dedicated worker, whose global `self` is that scope
declare const self: WorkerScope;
// a MessageChannel yields to pending messages without the 4 ms clamp of nested setTimeout
const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => queue.shift()?.();
const handle = createWorkerCore(
  (reply, transfer) => self.postMessage(reply, transfer ?? []),
  (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  },
);
self.onmessage = (e: MessageEvent<Request>) => handle(e.data);
