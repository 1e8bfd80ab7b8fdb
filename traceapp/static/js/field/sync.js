/* Sending what the phone recorded: one request per inspection, with its photos, each record under the id the
   phone made, so a retry or a double tap never makes a second copy (the server finds the ids it has).

   Before sending, the phone asks who is logged in and for a fresh CSRF token (session.json): a session that ended
   or another account stops the send, and the records stay. What the server answers becomes the phone's record
   (its number, its answers); a refusal (4xx) is kept beside the record with the server's message; a failure of
   the network changes nothing. Every value sent is remembered in `known` until the server confirms the item, so
   the server can tell the phone's own earlier value from someone else's change (docs/architecture.md). */
(function () {
  "use strict";

  function remember(item) {
    item.known = item.known || {};
    function add(key, value) {
      var list = item.known[key] = item.known[key] || [];
      if (list.indexOf(value) < 0) { list.push(value); }
    }
    Object.keys(item.checks || {}).forEach(function (key) { add("checks:" + key, item.checks[key] || ""); });
    add("note", item.note || "");
  }

  function payload(record) {
    return {
      client_id: record.cid,
      server_id: record.server ? record.server.id : null,
      header: record.header,
      items: record.items.map(function (item) {
        return { client_id: item.cid, server_id: item.serverId || null, code: item.code, description: item.description, checks: item.checks,
          note: item.note, photos: item.photos, known: item.known || {} };
      }),
      violations: record.violations.filter(function (v) { return !v.fromServer; }).map(function (v) {
        return { client_id: v.cid, category: v.category, description: v.description, measure: v.measure,
          items: v.items, fine_vnd: v.fine_vnd, seized_quantity: v.seized_quantity,
          seized_value_vnd: v.seized_value_vnd, remedy_deadline: v.remedy_deadline };
      }),
      submit: record.submit || null
    };
  }

  /* The server's answer becomes the phone's record; a change made meanwhile keeps it waiting. */
  function adopt(db, sentVersion, answer, more) {
    return function (record) {
      record.server = answer.inspection;
      record.error = null;
      record.notes = answer.notes || [];
      record.items.forEach(function (item) {
        var there = answer.items[item.cid];
        if (!there) { return; }
        item.serverId = there.id;
        if (record.version === sentVersion) {
          item.checks = there.checks; item.note = there.note;
        }
        item.known = {};
        Object.keys(there.checks).forEach(function (key) { item.known["checks:" + key] = [there.checks[key]]; });
        item.known.note = [there.note];
      });
      record.violations.forEach(function (v) { if (answer.violations[v.cid]) { v.serverId = answer.violations[v.cid]; } });
      if (record.version === sentVersion && !more) { record.dirty = 0; }
    };
  }

  var BATCH_BYTES = 6 * 1024 * 1024; // half the server's MAX_CONTENT_LENGTH: room for the record itself

  function Sender(db, urls, userId) {
    this.db = db; this.urls = urls; this.userId = userId; this.running = null; this.batchBytes = BATCH_BYTES;
  }

  /* One send at a time: a second tap while sending waits for the same send. */
  Sender.prototype.sendAll = function () {
    var self = this;
    if (!this.running) {
      this.running = this._sendAll().then(function (result) { self.running = null; return result; },
        function (error) { self.running = null; throw error; });
    }
    return this.running;
  };

  Sender.prototype._session = function () {
    return fetch(this.urls.session, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) { return { problem: "login" }; }
        if (!response.ok) { return { problem: "network" }; }
        return response.json();
      });
  };

  Sender.prototype._sendAll = function () {
    var self = this;
    if (!navigator.onLine) { return Promise.resolve({ problem: "offline" }); }
    return this._session().then(function (session) {
      if (session.problem) { return session; }
      if (String(session.user_id) !== String(self.userId)) { return { problem: "other_user" }; }
      return self.db.inspections.where("dirty").equals(1).toArray().then(function (records) {
        var result = { sent: 0, refused: 0 };
        return records.reduce(function (chain, record) {
          return chain.then(function (stop) {
            if (stop) { return stop; }
            return self._sendRecord(record, session.csrf_token, 0).then(function (outcome) {
              if (outcome === "refused") { result.refused += 1; } else if (outcome === "sent") { result.sent += 1; }
              return outcome === "login" || outcome === "network" ? { problem: outcome } : null;
            });
          });
        }, Promise.resolve(null)).then(function (stop) { return stop || result; });
      });
    }, function () { return { problem: "network" }; });
  };

  /* A record with more photos than one request carries is sent again until they are all there. */
  Sender.prototype._sendRecord = function (record, token, round) {
    var self = this;
    return this._send(record, token).then(function (outcome) {
      if (outcome !== "more" || round > 50) { return outcome === "more" ? "sent" : outcome; }
      return self.db.inspections.get(record.cid).then(function (fresh) { return self._sendRecord(fresh, token, round + 1); });
    });
  };

  Sender.prototype._send = function (record, token) {
    var self = this, db = this.db;
    record.items.forEach(remember);
    var sentVersion = record.version, more = false;
    return db.inspections.update(record.cid, { items: record.items }).then(function () {
      return db.photos.where("inspection").equals(record.cid).toArray();
    }).then(function (photos) {
      /* Photos go in batches under the server's request size limit; the submission goes with the last batch,
         so no photo arrives after the record is closed. */
      var form = new FormData(), wanted = {}, batch = [], size = 0;
      record.items.forEach(function (item) { (item.photos || []).forEach(function (cid) { wanted[cid] = true; }); });
      photos.forEach(function (photo) {
        if (photo.sent || !wanted[photo.cid]) { return; }
        if (batch.length && size + photo.blob.size > self.batchBytes) { more = true; return; }
        batch.push(photo); size += photo.blob.size;
      });
      var body = payload(record);
      if (more) { body.submit = null; }
      form.append("payload", JSON.stringify(body));
      batch.forEach(function (photo) { form.append("photo:" + photo.cid, photo.blob, photo.cid + ".jpg"); });
      return fetch(self.urls.sync, {
        method: "POST", body: form, credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" }
      });
    }).then(function (response) {
      if (response.status === 401) { return "login"; }
      return response.json().then(function (answer) { return { status: response.status, answer: answer }; },
        function () { return { status: response.status, answer: null }; });
    }).then(function (reply) {
      if (reply === "login") { return "login"; }
      if (reply.status === 200 && reply.answer) {
        var photoIds = Object.keys(reply.answer.photos || {});
        return db.transaction("rw", db.inspections, db.photos, db.meta, function () {
          db.inspections.where("cid").equals(record.cid).modify(adopt(db, sentVersion, reply.answer, more));
          db.photos.where("cid").anyOf(photoIds).modify({ sent: 1 });
          if ((reply.answer.not_applied || []).length) {
            db.meta.get("not_applied").then(function (row) {
              var list = (row ? row.value : []).concat(reply.answer.not_applied.map(function (entry) {
                entry.number = reply.answer.inspection.number; return entry;
              }));
              return db.meta.put({ key: "not_applied", value: list });
            });
          }
        }).then(function () { return more ? "more" : "sent"; });
      }
      var message = (reply.answer && reply.answer.error) || ("HTTP " + reply.status);
      return db.inspections.update(record.cid, { error: message }).then(function () { return "refused"; });
    }, function () { return "network"; });
  };

  window.FieldSync = { Sender: Sender };
})();
