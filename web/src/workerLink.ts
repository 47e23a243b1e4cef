/** The page's end of the worker protocol (src/web/protocol.ts): a worker shared by clients, each reply to its own. */

import type { Client, Protocol, Reply, ReplyOf, RequestOf } from "../../src/web/protocol.js";

/** Sends client C's requests (its tag added); its replies go to the handler it was connected with. */
export type Send<C extends Client> = (request: Protocol[C]["request"]) => void;

/** One worker and the clients connected to it. */
export interface WorkerLink {
  connect<C extends Client>(client: C, onReply: (reply: ReplyOf<C>) => void): Send<C>;
}

/** Route `worker`'s replies by the client they name. */
export function workerLink(worker: Worker): WorkerLink {
  const handlers = new Map<Client, (reply: Reply) => void>();
  worker.onmessage = (e: MessageEvent<Reply>) => handlers.get(e.data.client)?.(e.data);
  return {
    connect<C extends Client>(client: C, onReply: (reply: ReplyOf<C>) => void): Send<C> {
      // the map holds each client's handler under its own tag, so a reply found there is that client's
      handlers.set(client, (reply) => onReply(reply as ReplyOf<C>));
      return (request) => worker.postMessage({ ...request, client } as RequestOf<C>);
    },
  };
}
