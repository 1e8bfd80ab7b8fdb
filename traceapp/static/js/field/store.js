/* What the phone keeps (IndexedDB through Dexie), one database per account so two people sharing a phone never
   send each other's records.

   inspections: one document per inspection, its items and violations inside; `dirty` while something in it has
     not been accepted by the server, `version` counts the phone's changes (a change made while a send is under
     way keeps the record waiting), `server` is what the server answered.
   photos:      the resized JPEG of each photo, sent with its inspection until the server has it (`sent`).
   typing:      what is being typed in a form not saved yet, so closing the tab or a reload loses nothing.
   meta:        the businesses, codes and checklists of the last refresh (`bootstrap`), and "not applied" notes. */
(function () {
  "use strict";
  function open(userId) {
    var db = new Dexie("traceapp-field-" + userId);
    db.version(1).stores({
      inspections: "&cid, dirty, updated",
      photos: "&cid, inspection, item",
      typing: "&form",
      meta: "&key"
    });
    return db;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64; bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /* A change by the user: the record waits to be sent. */
  function touch(record) {
    record.version = (record.version || 0) + 1;
    record.dirty = 1;
    record.updated = new Date().toISOString();
    return record;
  }

  window.FieldStore = { open: open, uuid: uuid, touch: touch };
})();
