// The outbox: every mutation the phone makes goes here first, with the request_id fixed when
// it was made, and is sent in order when the connection is there. A resend after a dropped
// connection carries the same request_id, so the server applies each action exactly once.
//
// An item is waiting, sending, sent, conflict (the case moved on: a stale version or a step no
// longer allowed; what changed is shown, and the user may redo it on the latest version or drop
// it) or failed (refused for another reason, with the server's message). Once the server has
// acknowledged a new case, its party data (names, phones, ID numbers) and photos are removed
// from the phone, and so is the report draft it came from (`draftId`). The server's reply to a
// new case names the cases it likely repeats (`likelyDuplicates`), kept for the page to show.
import { ApiError, OfflineError, newRequestId } from "./api.js";
import { outboxStore, drafts } from "./store.js";

const CONFLICT_REASONS = new Set(["STALE_VERSION", "TRANSITION_NOT_ALLOWED"]);

export class Outbox extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.items = [];
    this.flushing = false;
    this.again = false;
  }

  async load() {
    this.items = (await outboxStore.all()).sort((a, b) => a.id - b.id);
    // Whatever was being sent when the page closed is sent again (same request_id).
    for (const item of this.items) if (item.status === "sending") item.status = "waiting";
    this.changed();
  }

  get waitingCount() {
    return this.items.filter((i) => i.status === "waiting" || i.status === "sending").length;
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }

  // Adds an action. `frame` is the ClientFrame field (create_case, comment_case, ...), `payload`
  // its request (request_id is set here for creates, in the header for actions).
  // `draftId`: the report draft a new case comes from. `seenVersion`: for photos of an existing
  // case, the version the user saw (actions queued after them expect the version they produce).
  async add({ frame, payload, label, caseId = 0, caseNumber = "", photos = [], draftId = null, seenVersion = null }) {
    const item = {
      frame,
      payload,
      label,
      caseId,
      caseNumber,
      photos,
      draftId,
      seenVersion,
      status: "waiting",
      createdAt: Date.now(),
      error: null,
      changes: null,
    };
    item.id = await outboxStore.add(item);
    this.items.push(item);
    this.changed();
    this.flush();
    return item;
  }

  async save(item) {
    await outboxStore.put(item);
    this.changed();
  }

  async drop(id) {
    await outboxStore.delete(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.changed();
  }

  async clearSent() {
    for (const item of this.items.filter((i) => i.status === "sent")) await outboxStore.delete(item.id);
    this.items = this.items.filter((i) => i.status !== "sent");
    this.changed();
  }

  // Redo a conflicting or refused action on the case as it is now: a new request_id and the
  // current version.
  async redo(id) {
    const item = this.items.find((i) => i.id === id);
    if (!item) return;
    if (item.payload.header) {
      item.payload.header.requestId = newRequestId();
      item.payload.header.expectedVersion = item.currentVersion ?? 0n;
    } else if (!item.caseId) {
      // A new case the server never made: a new request. One it made keeps its request_id, so
      // that sending it again finishes what is left (its photos) without a second case.
      item.payload.requestId = newRequestId();
    }
    item.status = "waiting";
    item.error = null;
    item.changes = null;
    await this.save(item);
    this.flush();
  }

  // Sends every waiting item, oldest first. Stops at the first dropped connection; the items
  // left wait for the next reconnect.
  async flush() {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.again = false;
        for (const item of this.items) {
          if (item.status !== "waiting") continue;
          if (!this.api.online) return;
          const ok = await this.sendOne(item);
          if (!ok) return;
        }
      } while (this.again);
    } finally {
      this.flushing = false;
    }
  }

  // False when the connection dropped (the item waits again).
  async sendOne(item) {
    item.status = "sending";
    await this.save(item);
    try {
      // Photos for an existing case have no call of their own: only their uploads.
      const reply = item.frame === "attach" ? null : await this.api.call(item.frame, item.payload);
      const result = reply?.value;
      if (item.frame === "createCase" && result?.likelyDuplicates?.length) {
        item.likelyDuplicates = result.likelyDuplicates.map((c) => ({ id: c.id, number: c.number, title: c.title, state: c.state, address: c.location?.address ?? "" }));
      }
      if (result?.case) {
        item.caseId = result.case.id;
        item.caseNumber = result.case.number;
        item.appliedVersion = result.appliedVersion;
        // Actions queued after this one on the same case were made on the version this one saw;
        // they expect the version it produced.
        const seen = item.payload.header?.expectedVersion;
        if (seen) await this.expectAfter(item, seen, result.appliedVersion);
      }
      if (item.photos.length) await this.uploadPhotos(item);
      if (item.draftId) await drafts.delete(item.draftId);
      item.status = "sent";
      item.sentAt = Date.now();
      if (item.payload.parties?.length) {
        // Acknowledged by the server: nothing of the parties stays on the phone.
        item.payload.parties = [];
        item.partiesRemoved = true;
      }
      await this.save(item);
      return true;
    } catch (e) {
      if (e instanceof OfflineError) {
        item.status = "waiting";
        await this.save(item);
        return false;
      }
      const err = e instanceof ApiError ? e : new ApiError({ message: String(e?.message ?? e) });
      item.error = { code: err.code, reason: err.reason, message: err.message, allowedActions: [...(err.allowedActions ?? [])] };
      item.status = CONFLICT_REASONS.has(err.reason) ? "conflict" : "failed";
      if (item.caseId) await this.describeConflict(item);
      await this.save(item);
      return true;
    }
  }

  // Actions queued after `item` on its case were made on version `seen`; they expect `made`,
  // the version `item` produced (a photo uploaded before resolving moves the case on too).
  async expectAfter(item, seen, made) {
    for (const later of this.items) {
      const header = later.payload.header;
      if (later === item || later.status !== "waiting" || !header) continue;
      if (String(header.caseId) === String(item.caseId) && header.expectedVersion === seen) {
        header.expectedVersion = made;
        await outboxStore.put(later);
      }
    }
  }

  // Reads the case as it is now and keeps what happened to it since the version the action
  // was made on.
  async describeConflict(item) {
    try {
      const reply = await this.api.call("getCase", { caseId: BigInt(item.caseId) });
      const detail = reply.value;
      const since = item.payload.header?.expectedVersion ?? 0n;
      item.currentVersion = detail.case.version;
      item.currentState = detail.case.state;
      item.changes = detail.history
        .filter((ev) => ev.caseVersion > since)
        .map((ev) => ({
          at: Number(ev.at),
          action: ev.action,
          fromState: ev.fromState,
          toState: ev.toState,
          actor: Number(ev.actorUserId),
          reason: ev.reason,
        }));
    } catch {
      item.changes = null;
    }
  }

  // Uploads the photos of a new case that are not uploaded yet, each in chunks of the size the
  // server asks for, with its SHA-256 declared first. An upload cut off starts again from its
  // beginning next time (the same request_id: the server records it once).
  async uploadPhotos(item) {
    for (const photo of item.photos) {
      if (photo.uploaded) continue;
      const bytes = new Uint8Array(await photo.blob.arrayBuffer());
      const started = await this.api.call("beginUpload", {
        requestId: photo.requestId,
        caseId: BigInt(item.caseId),
        size: BigInt(bytes.length),
        mediaType: photo.type,
        sha256: photo.sha256,
        fileName: photo.name,
        hasCoordinates: photo.hasCoordinates,
        lat: photo.lat,
        lon: photo.lon,
        capturedAt: BigInt(photo.capturedAt),
      });
      const { uploadId, maxChunkBytes } = started.value;
      const chunk = Math.max(1024, Math.min(maxChunkBytes || 65536, 256 * 1024));
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        await this.api.call("uploadChunk", {
          uploadId,
          offset: BigInt(offset),
          data: bytes.subarray(offset, Math.min(offset + chunk, bytes.length)),
        });
      }
      const finished = await this.api.call("finishUpload", { uploadId });
      const made = finished.value.event?.caseVersion;
      if (item.frame === "attach" && item.seenVersion && made) {
        await this.expectAfter(item, item.seenVersion, made);
        item.seenVersion = made;
      }
      photo.uploaded = true;
      photo.blob = null; // the server has it
      await this.save(item);
    }
  }
}
